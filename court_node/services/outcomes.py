"""What a provider's answer changes in the node's records, inside the transaction that records the answer.

Each function is idempotent: the same answer applied twice changes nothing more (a deduction's collection is
recorded only when its row leaves ``pending``/``unknown``). Follow-up requests (releasing what is no longer
needed) are not sent from here: the caller brings the case within its limits afterwards (see limits).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from court_node.adapters.types import ControlOutcome
from court_node.context import NodeContext
from court_node.services.cases import record_collection
from court_node.services.payloads import account_json
from court_node.services.provider_calls import Delivery
from court_node.store import cases_repo, deductions_repo, freezes_repo, inspections_repo, restrictions_repo
from court_node.store.outbox_repo import ProviderRequest
from court_node.store.users_repo import User


def apply(ctx: NodeContext, conn: Connection, request: ProviderRequest, delivery: Delivery,
          user: User | None) -> None:
    """Bring the records in line with ``delivery``."""
    if request.kind == "query":
        _inspection_result(ctx, conn, request, delivery, user)
    elif request.kind == "restriction":
        _restriction(ctx, conn, request, delivery, user)
    elif request.operation == "freeze":
        _freeze(ctx, conn, request, delivery, user)
    elif request.operation == "renew":
        _renewal(ctx, conn, request, delivery, user)
    elif request.operation == "release":
        _release(ctx, conn, request, delivery, user)
    else:
        _deduction(ctx, conn, request, delivery, user)


def _audit(ctx: NodeContext, conn: Connection, request: ProviderRequest, user: User | None, action: str,
           **detail: Any) -> None:
    payload = request.payload
    ctx.audit.append(conn, action=action, user=user, court_code=payload["court"]["code"], case_id=request.case_id,
                     document_no=payload.get("document_no", ""),
                     detail={"provider": request.provider, "request_no": request.request_no, **detail})


def _error(delivery: Delivery) -> dict[str, str]:
    return {"error_code": delivery.error_code, "error_message": delivery.error_message[:2000]}


def _quiet(request: ProviderRequest, delivery: Delivery) -> bool:
    """An answer that says nothing new (still pending, or still no answer) is not worth a timeline entry."""
    return delivery.state in ("pending", "unknown") and request.state == delivery.state


def freeze_fields(outcome: ControlOutcome) -> dict[str, Any]:
    """A freeze's state as a provider reports it, as freeze columns."""
    values: dict[str, Any] = {"held": outcome.held, "unmet": outcome.unmet, "queue_position": outcome.queue_position}
    if outcome.freeze_status is not None:
        values["status"] = str(outcome.freeze_status)
    if outcome.provider_ref:
        values["provider_ref"] = outcome.provider_ref
    if outcome.start_date is not None:
        values["start_date"] = outcome.start_date
    if outcome.end_date is not None:
        values["end_date"] = outcome.end_date
    if values.get("status") not in (None, "active", "waiting"):
        values.update(held=0, unmet=0, queue_position=None)
    return values


def _freeze(ctx: NodeContext, conn: Connection, request: ProviderRequest, delivery: Delivery,
            user: User | None) -> None:
    assert request.freeze_id is not None
    now = ctx.clock.now_us()
    if delivery.succeeded and delivery.control is not None:
        values = freeze_fields(delivery.control)
        freezes_repo.update_freeze(conn, request.freeze_id, **values, error_code="", error_message="",
                                   updated_at=now, synced_at=now)
        _audit(ctx, conn, request, user, "freeze.placed", freeze_id=request.freeze_id, status=values.get("status"),
               held_fen=delivery.control.held, unmet_fen=delivery.control.unmet,
               queue_position=delivery.control.queue_position)
    elif delivery.state in ("completed", "failed"):
        freezes_repo.update_freeze(conn, request.freeze_id, status="failed", held=0, unmet=0, updated_at=now,
                                   **_error(delivery))
        _audit(ctx, conn, request, user, "freeze.failed", freeze_id=request.freeze_id, **_error(delivery))
    elif not _quiet(request, delivery):
        _audit(ctx, conn, request, user, f"freeze.{delivery.state}", freeze_id=request.freeze_id, **_error(delivery))


def _renewal(ctx: NodeContext, conn: Connection, request: ProviderRequest, delivery: Delivery,
             user: User | None) -> None:
    assert request.freeze_id is not None
    now = ctx.clock.now_us()
    if delivery.succeeded and delivery.control is not None:
        end = delivery.control.end_date or request.payload["end_date"]
        freezes_repo.update_freeze(conn, request.freeze_id, end_date=end, updated_at=now, synced_at=None)
        _audit(ctx, conn, request, user, "freeze.renewed", freeze_id=request.freeze_id, end_date=str(end))
    elif delivery.state in ("completed", "failed"):
        if delivery.error_code == "FREEZE_EXPIRED":
            freezes_repo.update_freeze(conn, request.freeze_id, status="expired", held=0, unmet=0, updated_at=now)
        _audit(ctx, conn, request, user, "freeze.renewal_failed", freeze_id=request.freeze_id, **_error(delivery))
    elif not _quiet(request, delivery):
        _audit(ctx, conn, request, user, f"freeze.renewal_{delivery.state}", freeze_id=request.freeze_id)


def _release(ctx: NodeContext, conn: Connection, request: ProviderRequest, delivery: Delivery,
             user: User | None) -> None:
    assert request.freeze_id is not None
    now = ctx.clock.now_us()
    freeze = freezes_repo.freeze_by_id(conn, request.freeze_id)
    assert freeze is not None
    if delivery.succeeded:
        freezes_repo.update_freeze(conn, freeze.id, status="released", held=0, unmet=0, queue_position=None,
                                   updated_at=now, synced_at=now)
        freezes_repo.mark_account_stale(conn, freeze.provider, freeze.account_no)  # the line may have moved
        _audit(ctx, conn, request, user, "freeze.released", freeze_id=freeze.id,
               reason=request.payload.get("reason", "ruling"))
    elif delivery.state in ("completed", "failed"):
        freezes_repo.update_freeze(conn, freeze.id, synced_at=None)  # it may have ended otherwise: ask again
        _audit(ctx, conn, request, user, "freeze.release_failed", freeze_id=freeze.id, **_error(delivery))
    elif not _quiet(request, delivery):
        _audit(ctx, conn, request, user, f"freeze.release_{delivery.state}", freeze_id=freeze.id)


def _deduction(ctx: NodeContext, conn: Connection, request: ProviderRequest, delivery: Delivery,
               user: User | None) -> None:
    assert request.freeze_id is not None
    now = ctx.clock.now_us()
    if delivery.succeeded and delivery.control is not None:
        if not deductions_repo.settle_deduction(conn, request.request_no, status="completed", now=now):
            return  # counted already
        amount = int(request.payload["amount"])  # a deduction moves what it asked for, or nothing
        freeze = freezes_repo.freeze_by_id(conn, request.freeze_id)
        assert freeze is not None
        values = freeze_fields(delivery.control)
        freezes_repo.update_freeze(conn, freeze.id, **values, deducted=freeze.deducted + amount, updated_at=now,
                                   synced_at=now)
        freezes_repo.mark_account_stale(conn, freeze.provider, freeze.account_no)
        case = cases_repo.case_by_id(conn, request.case_id)
        assert case is not None
        _audit(ctx, conn, request, user, "deduction.completed", freeze_id=freeze.id, amount_fen=amount,
               notice_no=request.payload.get("notice_no", ""), into=request.payload["court"]["enforcement_account"])
        record_collection(ctx, conn, case, amount=amount, source="deduction", reference=request.request_no,
                          user=user)
        return
    if delivery.state in ("completed", "failed"):
        if deductions_repo.settle_deduction(conn, request.request_no, status="failed", now=now, **_error(delivery)):
            _audit(ctx, conn, request, user, "deduction.failed", freeze_id=request.freeze_id, **_error(delivery))
    elif delivery.state == "unknown":
        if deductions_repo.mark_unknown(conn, request.request_no, now=now):
            _audit(ctx, conn, request, user, "deduction.unknown", freeze_id=request.freeze_id, **_error(delivery))
    elif not _quiet(request, delivery):
        _audit(ctx, conn, request, user, "deduction.pending", freeze_id=request.freeze_id)


def _inspection_result(ctx: NodeContext, conn: Connection, request: ProviderRequest, delivery: Delivery,
                       user: User | None) -> None:
    now = ctx.clock.now_us()
    if delivery.state == "completed" and delivery.query is not None:
        accounts = [account_json(a) for a in delivery.query.accounts]
        inspections_repo.update_result(conn, request.request_no, state="completed", accounts=accounts, error_code="",
                                       error_message="", updated_at=now)
        _audit(ctx, conn, request, user, "inspection.result", state="completed", accounts=len(accounts))
        return
    if delivery.state == "pending":
        inspections_repo.update_result(conn, request.request_no, state="pending", updated_at=now)
        if not _quiet(request, delivery):
            _audit(ctx, conn, request, user, "inspection.result", state="pending")
        return
    # refused, not delivered, or no answer in time: reported as failed; a late answer still replaces it
    code = delivery.error_code or ("PROVIDER_TIMEOUT" if delivery.state == "unknown" else "PROVIDER_FAILED")
    current = inspections_repo.result_by_request_no(conn, request.request_no)
    if current is not None and current.state == "failed" and current.error_code == code:
        return
    inspections_repo.update_result(conn, request.request_no, state="failed", error_code=code,
                                   error_message=delivery.error_message[:2000], updated_at=now)
    _audit(ctx, conn, request, user, "inspection.result", state="failed", error_code=code,
           error_message=delivery.error_message[:500])


def _restriction(ctx: NodeContext, conn: Connection, request: ProviderRequest, delivery: Delivery,
                 user: User | None) -> None:
    order = restrictions_repo.restriction_by_request_no(conn, request.request_no)
    assert order is not None
    now = ctx.clock.now_us()
    lifting = request.operation == "lift"
    if delivery.succeeded:
        if lifting:
            restrictions_repo.update_restriction(conn, order.id, status="lifted", updated_at=now)
        else:
            restrictions_repo.update_restriction(conn, order.id, status="active", reference=delivery.reference,
                                                 error_code="", error_message="", updated_at=now)
        _audit(ctx, conn, request, user, "restriction.lifted" if lifting else "restriction.published",
               reference=delivery.reference)
    elif delivery.state == "failed":
        restrictions_repo.update_restriction(conn, order.id, status="active" if lifting else "failed",
                                             updated_at=now, **_error(delivery))
        _audit(ctx, conn, request, user, "restriction.lift_failed" if lifting else "restriction.failed",
               **_error(delivery))
    elif not _quiet(request, delivery):
        _audit(ctx, conn, request, user, f"restriction.{delivery.state}", operation=request.operation)
