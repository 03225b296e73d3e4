"""Bring the node's freezes in line with their providers (``freeze_status``).

A waiting freeze may have taken effect, a freeze may have lapsed, captured credits or been deducted at the
provider: reading it there shows its true status. Called before deductions and renewals, by reads of stale
freezes, by the reconciler and by the background worker. It only reads from providers.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial

from court_node.adapters.types import ControlOutcome, ControlRequest, Operation, OutcomeState
from court_node.context import NodeContext
from court_node.services.cases import case_for_user, debtor_of
from court_node.services.outbox import new_request_no
from court_node.services.outcomes import freeze_fields
from court_node.services.parallel import GRACE_S, run_all
from court_node.store import cases_repo, freezes_repo
from court_node.store.courts_repo import court_by_code
from court_node.store.freezes_repo import FreezeRecord
from court_node.store.users_repo import User

log = logging.getLogger(__name__)

#: a freeze read from its provider longer ago than this (simulated time) is read again before it is shown
STALE_AFTER_US = 60 * 1_000_000
_EVENTS = {"active": "freeze.took_effect", "expired": "freeze.expired", "released": "freeze.released",
           "deducted": "freeze.deducted_in_full", "waiting": "freeze.waiting"}


def is_stale(ctx: NodeContext, freeze: FreezeRecord) -> bool:
    """A live freeze not read lately, or one whose end date has passed (it has lapsed at the provider)."""
    if freeze.status not in ("active", "waiting"):
        return False
    if freeze.synced_at is None:
        return True
    age = ctx.clock.now_us() - freeze.synced_at
    if not 0 <= age < STALE_AFTER_US:
        return True
    return freeze.end_date is not None and freeze.status == "active" and ctx.clock.today() >= freeze.end_date


def sync_case(ctx: NodeContext, case_id: int) -> None:
    with ctx.store.read() as conn:
        records = freezes_repo.freezes_of_case(conn, case_id, ("active", "waiting"))
    sync_freezes(ctx, records)


def sync_freezes(ctx: NodeContext, freezes: Sequence[FreezeRecord]) -> None:
    """Read every live freeze in ``freezes`` from its provider, in parallel, and record what it says."""
    live = [f for f in freezes if f.status in ("active", "waiting") and f.provider in ctx.adapters]
    calls = {f.id: partial(_status, ctx, f) for f in live}
    deadlines = {f.id: ctx.adapters[f.provider].config.timeout_s + GRACE_S for f in live}
    for freeze_id, result in run_all(calls, deadlines, name="freeze-status").items():
        if result.value is None:
            log.warning("freeze %s: no status from its provider (%s)", freeze_id,
                        "timed out" if result.timed_out else result.error)
            continue
        _record(ctx, freeze_id, result.value)


def _status(ctx: NodeContext, freeze: FreezeRecord) -> ControlOutcome:
    with ctx.store.read() as conn:
        case = cases_repo.case_by_id(conn, freeze.case_id)
        court = court_by_code(conn, freeze.court_code)
    assert case is not None and court is not None
    request = ControlRequest(new_request_no("status", case.id), Operation.FREEZE, court, "", case.case_number,
                             freeze.document_no, debtor_of(case), freeze.account_no, provider_ref=freeze.provider_ref,
                             original_request_no=freeze.request_no)
    return ctx.adapters[freeze.provider].freeze_status(request)


def _record(ctx: NodeContext, freeze_id: int, outcome: ControlOutcome) -> None:
    if outcome.state is OutcomeState.PENDING:
        # an asynchronous provider (the bank) answers a status query later: normal, not worth a warning each time
        log.debug("freeze %s: its provider will answer the status query later", freeze_id)
        return
    if outcome.state is not OutcomeState.COMPLETED or not outcome.succeeded:
        log.warning("freeze %s: its provider did not give its status: %s %s", freeze_id, outcome.error_code,
                    outcome.error_message)
        return
    now = ctx.clock.now_us()
    with ctx.store.write() as conn:
        current = freezes_repo.freeze_by_id(conn, freeze_id)
        if current is None or current.status not in ("active", "waiting"):
            return  # it ended meanwhile, by a request this node recorded
        values = freeze_fields(outcome)
        freezes_repo.update_freeze(conn, freeze_id, **values, updated_at=now, synced_at=now)
        status = values.get("status", current.status)
        changed = status != current.status or values["held"] != current.held
        if status != current.status and status not in ("active", "waiting"):
            freezes_repo.mark_account_stale(conn, current.provider, current.account_no)
        if changed:
            action = _EVENTS.get(status, "freeze.changed") if status != current.status else "freeze.held_changed"
            ctx.audit.append(conn, action=action, user=None, court_code=current.court_code, case_id=current.case_id,
                             document_no=current.document_no, detail={
                                 "freeze_id": freeze_id, "provider": current.provider, "from": current.status,
                                 "to": status, "held_fen": values["held"], "unmet_fen": values["unmet"]})


def refresh_stale(ctx: NodeContext, user: User, case_id: int) -> None:
    """Read the case's stale live freezes from their providers (the user's court's case only)."""
    with ctx.store.read() as conn:
        case = case_for_user(conn, user, case_id)
        records = freezes_repo.freezes_of_case(conn, case.id, ("active", "waiting"))
    stale = [r for r in records if is_stale(ctx, r)]
    if stale:
        sync_freezes(ctx, stale)
