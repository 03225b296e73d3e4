"""Reconciliation: make the node's records agree with every provider's (PRODUCT.md invariant 6).

1. Every outbox request still open (prepared, sent, pending, unknown) is resolved by asking its provider under
   the same request number (``control_result`` / ``query_result``); one the provider never saw is sent again
   under that number, so it takes effect at most once. Requests about one freeze are resolved in order.
2. Every live freeze is read from its provider (sync); the background worker reads only the stale ones.
3. Every case is brought within its limits (satisfied: released and lifted; excess: released).
Idempotent and safe to run at any time, from several processes at once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import partial

from court_node.context import NodeContext
from court_node.services import limits, outbox, sync
from court_node.services.parallel import GRACE_S, run_all
from court_node.store import freezes_repo, outbox_repo, restrictions_repo
from court_node.store.outbox_repo import ProviderRequest

#: a group of requests about one freeze is resolved one after the other, each within its provider's deadline
_GROUP_DEADLINE_FACTOR = 4


@dataclass(frozen=True)
class ReconcileReport:
    checked: int  # open requests found
    resolved: int  # of those, now answered (completed or failed)
    resent: int  # sent again under their own number (the provider had never seen them)
    still_open: int
    freezes_synced: int
    releases: int  # releases sent because a case no longer needed its freezes

    def __str__(self) -> str:
        return (f"{self.checked} open requests: {self.resolved} resolved ({self.resent} sent again), "
                f"{self.still_open} still open; {self.freezes_synced} freezes read from their providers; "
                f"{self.releases} releases of freezes no longer needed")


def reconcile(ctx: NodeContext, *, limit: int = 500, every_freeze: bool = True) -> ReconcileReport:
    """Resolve open requests, read live freezes (or only the stale ones), keep cases within their limits."""
    with ctx.store.read() as conn:
        open_requests = outbox_repo.open_requests(conn, limit)
    groups: dict[str, list[ProviderRequest]] = defaultdict(list)
    for request in open_requests:
        groups[f"freeze-{request.freeze_id}" if request.freeze_id else request.request_no].append(request)
    deadlines = {key: _deadline(ctx, items) for key, items in groups.items()}
    run_all({key: partial(_resolve_in_order, ctx, items) for key, items in groups.items()}, deadlines,
            name="reconcile")
    resolved = resent = still_open = 0
    with ctx.store.read() as conn:
        for request in open_requests:
            now = outbox_repo.request_by_no(conn, request.request_no)
            assert now is not None
            resolved += not now.open
            still_open += now.open
            resent += now.attempts > request.attempts
        live = [f for f in freezes_repo.live_freezes(conn) if every_freeze or sync.is_stale(ctx, f)]
    sync.sync_freezes(ctx, live)
    with ctx.store.read() as conn:
        cases = set(freezes_repo.case_ids_with_live_freezes(conn))
        cases |= set(restrictions_repo.case_ids_with_orders_in_force(conn))
    releases = sum(len(limits.enforce(ctx, case_id)) for case_id in sorted(cases))
    return ReconcileReport(len(open_requests), resolved, resent, still_open, len(live), releases)


def _resolve_in_order(ctx: NodeContext, requests: list[ProviderRequest]) -> None:
    for request in requests:
        outbox.resolve(ctx, request.request_no)


def _deadline(ctx: NodeContext, requests: list[ProviderRequest]) -> float:
    adapter = ctx.adapters.get(requests[0].provider)
    timeout = adapter.config.timeout_s if adapter is not None else 0.0
    return (timeout * _GROUP_DEADLINE_FACTOR + GRACE_S) * len(requests)
