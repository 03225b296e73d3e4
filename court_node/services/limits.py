"""Keep a case within its limits: release what it no longer needs (DOMAIN.md rules 5 and 13).

When the case is satisfied, every remaining freeze is released and its restriction orders are lifted. When the
amount due falls below what the case secures (see planning_service), whole freezes that are no longer needed
are released: waiting ones first, then from the last provider in the configured order, each only if the rest
still secures the amount due. An excess smaller than any one freeze is kept until the next deduction uses it:
no provider releases part of a freeze, and releasing everything to freeze less again would give the case's
place in the waiting line to the authorities behind it. Safe to run any time; the worker runs it too.
"""

from __future__ import annotations

from sqlalchemy import Connection

from court_node.context import NodeContext
from court_node.services import outbox
from court_node.services.planning_service import due_now, secured_by, secures
from court_node.services.releases import prepare_release
from court_node.services.restrictions import prepare_lifts
from court_node.store import cases_repo, deductions_repo, freezes_repo, outbox_repo
from court_node.store.freezes_repo import FreezeRecord
from court_node.store.users_repo import User

ENDED_CASE = ("satisfied", "closed")


def enforce(ctx: NodeContext, case_id: int, user: User | None = None, document_no: str = "") -> list[str]:
    """Release (and lift) what the case no longer needs; the request numbers sent."""
    requests: dict[str, str] = {}
    with ctx.store.write() as conn:
        case = cases_repo.case_by_id(conn, case_id)
        if case is None:
            return []
        document = document_no or case.case_number
        chosen = releasable(ctx, conn, case.id)
        if case.status in ENDED_CASE:
            reason = "case_satisfied"
            for request_no, provider in prepare_lifts(ctx, conn, case, user, document).items():
                requests[request_no] = provider
        else:
            reason = "excess"
        for freeze in chosen:
            requests[prepare_release(ctx, conn, freeze, user, document, reason=reason)] = freeze.provider
    if requests:
        outbox.deliver_all(ctx, requests, user)
    return list(requests)


def releasable(ctx: NodeContext, conn: Connection, case_id: int) -> list[FreezeRecord]:
    """The case's freezes it no longer needs and that no open request is busy with: all of them once the case
    has ended, else whole freezes the amount due no longer needs. Empty when the case is within its limits."""
    case = cases_repo.case_by_id(conn, case_id)
    if case is None:
        return []
    live = freezes_repo.freezes_of_case(conn, case.id, freezes_repo.LIVE)
    free_to_change = [f for f in live if f.status != "pending" and _idle(conn, f)]
    if case.status in ENDED_CASE:
        return free_to_change
    return _not_needed(ctx, conn, case.id, live, free_to_change)


def _idle(conn: Connection, freeze: FreezeRecord) -> bool:
    """No renewal, release or deduction of the freeze is waiting for its answer."""
    busy = outbox_repo.open_request_on(conn, freeze.id, ("renew", "release", "deduct"))
    return busy is None and not deductions_repo.open_amounts(conn, [freeze.id])


def _not_needed(ctx: NodeContext, conn: Connection, case_id: int, live: list[FreezeRecord],
                candidates: list[FreezeRecord]) -> list[FreezeRecord]:
    case = cases_repo.case_by_id(conn, case_id)
    assert case is not None
    excess = secured_by(ctx, live) - due_now(ctx, conn, case)
    if excess <= 0:
        return []
    rank = {name: i for i, name in enumerate(ctx.adapters)}
    ordered = sorted(candidates, key=lambda f: (f.status != "waiting", -rank.get(f.provider, len(rank)),
                                                -secures(f, ctx.adapters)))
    chosen = []
    for freeze in ordered:
        share = secures(freeze, ctx.adapters)
        if share <= excess:
            chosen.append(freeze)
            excess -= share
    return chosen
