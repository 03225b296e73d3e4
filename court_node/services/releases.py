"""Releasing freezes (解冻): by an unfreeze ruling, or by the node when the case no longer needs them.

A release waits while a deduction on the same freeze is still open (DOMAIN.md rule 7): it is refused with 409
and may be asked again once the deduction's outcome is known.
"""

from __future__ import annotations

from sqlalchemy import Connection

from court_node.adapters.types import ControlRequest, Operation
from court_node.api.errors import Conflict, RuleRefused
from court_node.context import NodeContext
from court_node.services import outbox
from court_node.services.answers import raise_for
from court_node.services.cases import debtor_of
from court_node.services.freezes import FreezeView, own_record, views_of
from court_node.services.payloads import control_json
from court_node.services.provider_calls import Delivery
from court_node.store import cases_repo, deductions_repo, freezes_repo, outbox_repo
from court_node.store.courts_repo import court_by_code
from court_node.store.freezes_repo import FreezeRecord
from court_node.store.users_repo import User

#: requests on a freeze that must be answered before another change to it is asked for
CHANGES = ("renew", "release", "deduct")


def release_freeze(ctx: NodeContext, user: User, freeze_id: int, *, document_no: str) -> tuple[FreezeView, Delivery]:
    """Release one of the court's freezes under an unfreeze ruling (解冻裁定)."""
    with ctx.store.write() as conn:
        freeze = own_record(conn, user, freeze_id)
        check_changeable(conn, freeze)
        request_no = prepare_release(ctx, conn, freeze, user, document_no, reason="ruling")
    delivery = outbox.deliver(ctx, request_no, user)
    raise_for(delivery, freeze.provider)
    with ctx.store.read() as conn:
        return views_of(conn, [own_record(conn, user, freeze_id)])[0], delivery


def check_changeable(conn: Connection, freeze: FreezeRecord) -> None:
    """Refuse a change to a freeze that has ended, is not placed yet, or has another change still open."""
    if freeze.status == "expired":
        raise RuleRefused(f"freeze {freeze.id} expired on {freeze.end_date}", code="FREEZE_EXPIRED")
    if freeze.status == "pending":
        raise Conflict(f"freeze {freeze.id} is not placed yet: its provider has not answered",
                       code="FREEZE_PENDING")
    if freeze.status not in ("active", "waiting"):
        raise Conflict(f"freeze {freeze.id} has ended ({freeze.status})", code="FREEZE_ENDED")
    open_deductions = deductions_repo.open_amounts(conn, [freeze.id])
    busy = outbox_repo.open_request_on(conn, freeze.id, CHANGES)
    if open_deductions or (busy is not None and busy.operation == "deduct"):
        raise Conflict(f"a deduction on freeze {freeze.id} is still open; try again when it is settled",
                       code="DEDUCTION_PENDING")
    if busy is not None:
        raise Conflict(f"a {busy.operation} of freeze {freeze.id} (request {busy.request_no}) is still open",
                       code="REQUEST_IN_FLIGHT", details={"request_no": busy.request_no})


def prepare_release(ctx: NodeContext, conn: Connection, freeze: FreezeRecord, user: User | None, document_no: str,
                    *, reason: str) -> str:
    """Write a release of ``freeze`` to the outbox (``reason``: ruling, case_satisfied or excess)."""
    case = cases_repo.case_by_id(conn, freeze.case_id)
    court = court_by_code(conn, freeze.court_code)
    assert case is not None and court is not None
    request = ControlRequest(outbox.new_request_no("release", case.id), Operation.RELEASE, court,
                             user.name if user else "", case.case_number, document_no, debtor_of(case),
                             freeze.account_no, provider_ref=freeze.provider_ref,
                             original_request_no=freeze.request_no)
    outbox.prepare(ctx, conn, provider=freeze.provider, kind="control", operation="release", case_id=case.id,
                   payload={**control_json(request), "reason": reason}, freeze_id=freeze.id)
    ctx.audit.append(conn, action="freeze.release_requested", user=user, court_code=freeze.court_code,
                     case_id=case.id, document_no=document_no, detail={
                         "freeze_id": freeze.id, "provider": freeze.provider, "reason": reason,
                         "request_no": request.request_no, "held_fen": freeze.held})
    freezes_repo.update_freeze(conn, freeze.id, updated_at=ctx.clock.now_us())
    return request.request_no
