"""Direct-payment route: record money the debtor paid the court; excess freezes are released."""

from __future__ import annotations

from flask import Blueprint, Response

from court_node.api.http import json_body, load, node_context, reply
from court_node.api.idempotency import idempotent
from court_node.api.schemas.cases import CaseSchema
from court_node.api.schemas.payments import PaymentSchema
from court_node.auth import current_user, requires
from court_node.services import payments as service

bp = Blueprint("payments", __name__, url_prefix="/api/v1/cases")


@bp.post("/<int:case_id>/payments")
@requires("judge", "clerk")
@idempotent
def record_payment(case_id: int) -> Response:
    data = load(PaymentSchema(), json_body())
    view = service.record_payment(node_context(), current_user(), case_id, amount=data["amount"],
                                  document_no=data["document_no"].strip())
    return reply(CaseSchema().dump(view), 201)
