"""Freezes (冻结): plan and place them, read them; each one on one account, kept in step with its provider.

Placing writes every freeze (status ``pending``) with its outbox request in one transaction, then sends the
requests in parallel; each answer makes its freeze ``active`` (held, unmet), ``waiting`` (queue position) or
``failed`` (the error). An unanswered one stays ``pending`` until the reconciler learns its fate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Connection

from court_node.adapters.types import ControlRequest, Operation
from court_node.api.errors import Conflict, NotFound, RuleRefused
from court_node.context import NodeContext
from court_node.domain.planning import FreezePlan, PlanMode
from court_node.services import outbox, sync
from court_node.services.cases import ACTIVE, case_for_user, debtor_of
from court_node.services.payloads import control_json
from court_node.services.planning_service import CasePlan, PlanItem, checked, planned
from court_node.store import freezes_repo, outbox_repo
from court_node.store.cases_repo import CaseRecord
from court_node.store.courts_repo import court_by_code
from court_node.store.freezes_repo import FreezeRecord
from court_node.store.outbox_repo import ProviderRequest
from court_node.store.users_repo import User


@dataclass(frozen=True)
class FreezeView:
    freeze: FreezeRecord
    requests: list[ProviderRequest]  # every request about this freeze: placing, renewals, release, deductions


@dataclass(frozen=True)
class FreezeBatch:
    case_id: int
    due: int
    secured: int
    plan: FreezePlan
    freezes: list[FreezeView]
    dry_run: bool


def place_freezes(ctx: NodeContext, user: User, case_id: int, *, document_no: str, mode: PlanMode = PlanMode.AMOUNT,
                  term_days: int | None = None, items: Sequence[PlanItem] | None = None,
                  dry_run: bool = False) -> FreezeBatch:
    """Freeze what the case may still secure: planned from the latest inspection, or the explicit ``items``."""
    with ctx.store.write() as conn:  # one writer at a time: two plans for one case cannot both spend the target
        case, chosen = plan_for(ctx, conn, user, case_id, mode=mode, items=items)
        if dry_run:
            return FreezeBatch(case.id, chosen.due, chosen.secured, chosen.plan, [], True)
        ids, requests = record_freezes(ctx, conn, user, case, chosen, document_no=document_no, term_days=term_days)
    outbox.deliver_all(ctx, requests, user)
    with ctx.store.read() as conn:
        views = views_of(conn, freezes_repo.freezes_by_ids(conn, ids))
    return FreezeBatch(case.id, chosen.due, chosen.secured, chosen.plan, views, False)


def plan_for(ctx: NodeContext, conn: Connection, user: User, case_id: int, *, mode: PlanMode = PlanMode.AMOUNT,
             items: Sequence[PlanItem] | None = None) -> tuple[CaseRecord, CasePlan]:
    """The user's active case and its plan: from the latest inspection, or the explicit ``items`` checked."""
    case = case_for_user(conn, user, case_id)
    if case.status not in ACTIVE:
        raise Conflict(f"case {case.case_number} is {case.status}", code="CASE_NOT_ACTIVE")
    return case, checked(ctx, conn, case, items) if items is not None else planned(ctx, conn, case, mode)


def record_freezes(ctx: NodeContext, conn: Connection, user: User, case: CaseRecord, chosen: CasePlan, *,
                   document_no: str, term_days: int | None = None) -> tuple[list[int], dict[str, str]]:
    """Write the plan's freezes (``pending``), their outbox requests and audit records in the caller's transaction.

    The freezes' ids and their requests (request number -> provider), for ``outbox.deliver_all``.
    """
    if not chosen.plan.items:
        raise RuleRefused("nothing can be frozen for this case now", code="NOTHING_TO_FREEZE",
                          details={"due_fen": chosen.due, "secured_fen": chosen.secured,
                                   "target_fen": chosen.target})
    days = term_days or ctx.settings.default_freeze_days
    requests: dict[str, str] = {}
    ids: list[int] = []
    court = court_by_code(conn, case.court_code)
    assert court is not None
    now, today = ctx.clock.now_us(), ctx.clock.today()
    end = today + timedelta(days=days)
    for item in chosen.plan.items:
        request = ControlRequest(
            outbox.new_request_no("freeze", case.id), Operation.FREEZE, court, user.name, case.case_number,
            document_no, debtor_of(case), item.account_no,
            amount=item.amount if item.mode is PlanMode.AMOUNT else None,
            whole_account=item.mode is PlanMode.ACCOUNT, start_date=today, end_date=end)
        freeze_id = freezes_repo.insert_freeze(
            conn, case_id=case.id, court_code=case.court_code, provider=item.provider,
            account_no=item.account_no, mode=str(item.mode), amount=item.amount, held=0, unmet=0, deducted=0,
            status="pending", end_date=end, provider_ref="", request_no=request.request_no,
            document_no=document_no, error_code="", error_message="", created_at=now, updated_at=now)
        outbox.prepare(ctx, conn, provider=item.provider, kind="control", operation="freeze", case_id=case.id,
                       payload=control_json(request), freeze_id=freeze_id)
        ctx.audit.append(conn, action="freeze.requested", user=user, court_code=case.court_code,
                         case_id=case.id, document_no=document_no, detail={
                             "freeze_id": freeze_id, "provider": item.provider, "account_no": item.account_no,
                             "mode": str(item.mode), "amount_fen": item.amount, "end_date": str(end),
                             "request_no": request.request_no, "reason": item.reason})
        requests[request.request_no] = item.provider
        ids.append(freeze_id)
    return ids, requests


def get_freeze(ctx: NodeContext, user: User, freeze_id: int, *, refresh: bool = False) -> FreezeView:
    """One of the court's freezes; read from its provider first when stale (or when asked to)."""
    record = own_freeze(ctx, user, freeze_id)
    _resolve_pending(ctx, [record], user)
    if refresh or sync.is_stale(ctx, record):
        sync.sync_freezes(ctx, [record])
    with ctx.store.read() as conn:
        return views_of(conn, [own_record(conn, user, freeze_id)])[0]


def list_freezes(ctx: NodeContext, user: User, case_id: int, *, refresh: bool = False) -> list[FreezeView]:
    """The case's freezes, oldest first; stale ones are read from their providers first."""
    with ctx.store.read() as conn:
        case = case_for_user(conn, user, case_id)
        records = freezes_repo.freezes_of_case(conn, case.id)
    if _resolve_pending(ctx, records, user):
        with ctx.store.read() as conn:
            records = freezes_repo.freezes_of_case(conn, case.id)
    stale = [r for r in records if refresh or sync.is_stale(ctx, r)]
    if stale:
        sync.sync_freezes(ctx, stale)
    with ctx.store.read() as conn:
        return views_of(conn, freezes_repo.freezes_of_case(conn, case.id))


def _resolve_pending(ctx: NodeContext, records: Sequence[FreezeRecord], user: User) -> bool:
    """Ask asynchronous providers for the answers still owed on these freezes (the bank's feedback).

    The reconciler does the same every few seconds; a reader should not have to wait for it.
    """
    pending = [r.id for r in records if r.status == "pending"]
    if not pending:
        return False
    with ctx.store.read() as conn:
        owed = {q.request_no: q.provider for qs in outbox_repo.requests_of_freezes(conn, pending).values()
                for q in qs if q.state == "pending" and q.provider in ctx.adapters}
    if owed:
        outbox.resolve_all(ctx, owed, user)
    return bool(owed)


def own_freeze(ctx: NodeContext, user: User, freeze_id: int) -> FreezeRecord:
    with ctx.store.read() as conn:
        return own_record(conn, user, freeze_id)


def own_record(conn: Connection, user: User, freeze_id: int) -> FreezeRecord:
    """The user's court's freeze, or 404 (also for another court's: its existence does not leak)."""
    record = freezes_repo.freeze_by_id(conn, freeze_id, user.court_code)
    if record is None:
        raise NotFound(f"no freeze {freeze_id} at court {user.court_code}", code="FREEZE_NOT_FOUND")
    return record


def views_of(conn: Connection, records: Sequence[FreezeRecord]) -> list[FreezeView]:
    requests = outbox_repo.requests_of_freezes(conn, [r.id for r in records])
    return [FreezeView(r, requests[r.id]) for r in records]
