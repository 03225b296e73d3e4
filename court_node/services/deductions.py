"""Deductions (扣划): frozen money into the court's enforcement account (DOMAIN.md rules 7, 9, 13).

Only once the notice was served and the grace period has passed; only from the case's own active freezes, each
read from its provider first; never more than a freeze holds (less what open deductions may take from it)
nor more than the amount due. A completed deduction is recorded as a collection exactly once; then the case
is brought within its limits (satisfied: everything released; otherwise what is no longer needed).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from court_node.adapters.types import ControlRequest, Operation
from court_node.api.errors import Conflict, NotFound, RuleRefused
from court_node.context import NodeContext
from court_node.services import limits, outbox, sync
from court_node.services.answers import raise_for
from court_node.services.cases import (
    ACTIVE,
    CaseView,
    case_for_user,
    debtor_of,
    deductions_allowed_from,
    get_case,
)
from court_node.services.payloads import control_json
from court_node.services.planning_service import due_now
from court_node.services.provider_calls import Delivery
from court_node.store import deductions_repo, freezes_repo
from court_node.store.cases_repo import CaseRecord
from court_node.store.courts_repo import court_by_code
from court_node.store.deductions_repo import DeductionRecord
from court_node.store.freezes_repo import FreezeRecord
from court_node.store.users_repo import User


@dataclass(frozen=True)
class DeductionBatch:
    deductions: list[DeductionRecord]
    case: CaseView


def deduct(ctx: NodeContext, user: User, case_id: int, *, document_no: str, notice_no: str,
           freeze_id: int | None = None, amount: int | None = None) -> DeductionBatch:
    """Deduct from one freeze, or ``amount`` (default: what is due) across the case's freezes in provider order."""
    with ctx.store.read() as conn:
        case = case_for_user(conn, user, case_id)
    check_deduction_allowed(ctx, case)
    sync.sync_case(ctx, case.id)  # what the freezes hold now, not when last read
    with ctx.store.write() as conn:
        requests = record_deductions(ctx, conn, user, case.id, document_no=document_no, notice_no=notice_no,
                                     freeze_id=freeze_id, amount=amount)
    deliveries = outbox.deliver_all(ctx, requests, user)
    limits.enforce(ctx, case.id, user, document_no)
    raise_when_none_went_through(deliveries, requests)
    with ctx.store.read() as conn:
        records = deductions_repo.deductions_by_request_nos(conn, list(requests))
    return DeductionBatch(records, get_case(ctx, user, case.id))


def check_deduction_allowed(ctx: NodeContext, case: CaseRecord) -> None:
    """The case is active, its notice served and the grace period over; 409 or 422 otherwise."""
    if case.status not in ACTIVE:
        raise Conflict(f"case {case.case_number} is {case.status}", code="CASE_NOT_ACTIVE")
    allowed_from = deductions_allowed_from(case, ctx.settings.grace_days)
    if allowed_from is None or ctx.clock.today() < allowed_from:
        when = ("the notice has not been served" if allowed_from is None
                else f"deductions are allowed from {allowed_from}")
        raise RuleRefused(f"too early to deduct: {when}", code="DEDUCTION_TOO_EARLY",
                          details={"allowed_from": None if allowed_from is None else str(allowed_from)})


def record_deductions(ctx: NodeContext, conn: Connection, user: User, case_id: int, *, document_no: str,
                      notice_no: str, freeze_id: int | None = None, amount: int | None = None) -> dict[str, str]:
    """Write the deductions, their outbox requests and audit records in the caller's transaction.

    Read the case's freezes from their providers first (``sync``). The requests (request number -> provider).
    """
    case = case_for_user(conn, user, case_id)
    check_deduction_allowed(ctx, case)
    requests: dict[str, str] = {}
    due = due_now(ctx, conn, case)
    parts = _parts(ctx, conn, case.id, freeze_id, amount, due)
    court = court_by_code(conn, case.court_code)
    assert court is not None
    now = ctx.clock.now_us()
    for freeze, share in parts:
        request = ControlRequest(
            outbox.new_request_no("deduct", case.id), Operation.DEDUCT, court, user.name, case.case_number,
            document_no, debtor_of(case), freeze.account_no, amount=share, provider_ref=freeze.provider_ref,
            original_request_no=freeze.request_no)
        deductions_repo.insert_deduction(
            conn, case_id=case.id, freeze_id=freeze.id, provider=freeze.provider, request_no=request.request_no,
            amount=share, status="pending", document_no=document_no, notice_no=notice_no, error_code="",
            error_message="", created_at=now, updated_at=now)
        outbox.prepare(ctx, conn, provider=freeze.provider, kind="control", operation="deduct", case_id=case.id,
                       payload={**control_json(request), "notice_no": notice_no}, freeze_id=freeze.id)
        ctx.audit.append(conn, action="deduction.requested", user=user, court_code=case.court_code,
                         case_id=case.id, document_no=document_no, detail={
                             "freeze_id": freeze.id, "provider": freeze.provider, "amount_fen": share,
                             "notice_no": notice_no, "request_no": request.request_no,
                             "into": court.enforcement_account})
        requests[request.request_no] = freeze.provider
    return requests


def list_deductions(ctx: NodeContext, user: User, case_id: int) -> list[DeductionRecord]:
    with ctx.store.read() as conn:
        case = case_for_user(conn, user, case_id)
        return deductions_repo.deductions_of_case(conn, case.id)


def _parts(ctx: NodeContext, conn: Connection, case_id: int, freeze_id: int | None, amount: int | None,
           due: int) -> list[tuple[FreezeRecord, int]]:
    """Which freezes give how much; refused with 422 when it cannot be done as asked."""
    if due <= 0:
        raise Conflict("nothing is due on this case", code="CASE_NOT_ACTIVE")
    if freeze_id is not None:
        freeze = freezes_repo.freeze_by_id(conn, freeze_id)
        if freeze is None or freeze.case_id != case_id:
            raise NotFound(f"no freeze {freeze_id} on this case", code="FREEZE_NOT_FOUND")
        _check_deductible(ctx, freeze)
        candidates = [freeze]
    else:
        candidates = [f for f in freezes_repo.freezes_of_case(conn, case_id, ("active",))
                      if _deductible_online(ctx, f)]
        rank = {name: i for i, name in enumerate(ctx.adapters)}
        candidates.sort(key=lambda f: (rank.get(f.provider, len(rank)), f.id))
    in_flight = deductions_repo.open_amounts(conn, [f.id for f in candidates])
    room = {f.id: max(0, f.held - in_flight.get(f.id, 0)) for f in candidates}
    available = sum(room.values())
    wanted = amount if amount is not None else min(available, due)
    if wanted > due:
        raise RuleRefused(f"{wanted} fen is more than the {due} fen due", code="DEDUCT_EXCEEDS_DUE",
                          details={"amount_fen": wanted, "due_fen": due})
    if wanted <= 0 or wanted > available:
        raise RuleRefused(f"the freezes hold {available} fen that can be deducted; {wanted} fen cannot be",
                          code="DEDUCT_EXCEEDS_HELD", details={"amount_fen": wanted, "held_fen": available})
    parts = []
    for freeze in candidates:
        share = min(wanted, room[freeze.id])
        if share > 0:
            parts.append((freeze, share))
            wanted -= share
    return parts


def _deductible_online(ctx: NodeContext, freeze: FreezeRecord) -> bool:
    adapter = ctx.adapters.get(freeze.provider)
    return adapter is not None and adapter.capabilities().online_deduction


def _check_deductible(ctx: NodeContext, freeze: FreezeRecord) -> None:
    if freeze.status == "expired":
        raise RuleRefused(f"freeze {freeze.id} expired on {freeze.end_date}", code="FREEZE_EXPIRED")
    if freeze.status in ("waiting", "pending"):
        raise RuleRefused(f"freeze {freeze.id} is {freeze.status}: it holds nothing yet", code="FREEZE_NOT_ACTIVE")
    if freeze.status != "active":
        raise Conflict(f"freeze {freeze.id} has ended ({freeze.status})", code="FREEZE_ENDED")
    if not _deductible_online(ctx, freeze):
        raise RuleRefused(f"{freeze.provider} does not take deductions online", code="CAPABILITY_NOT_SUPPORTED")


def raise_when_none_went_through(deliveries: dict[str, Delivery], requests: dict[str, str]) -> None:
    """When no part went through (nor is pending), answer with the first part's error."""
    if any(d.succeeded or d.state == "pending" for d in deliveries.values()):
        return
    for request_no, delivery in deliveries.items():
        raise_for(delivery, requests[request_no])
