"""Deduction routes: deduct frozen money into the court's enforcement account; list a case's deductions."""

from __future__ import annotations

from flask import Blueprint, Response

from court_node.api.http import json_body, load, node_context, reply
from court_node.api.idempotency import idempotent
from court_node.api.schemas.deductions import DeductionBatchSchema, DeductionListSchema, DeductSchema
from court_node.auth import current_user, requires
from court_node.services import deductions as service

bp = Blueprint("deductions", __name__, url_prefix="/api/v1/cases")


@bp.post("/<int:case_id>/deductions")
@requires("judge")
@idempotent
def deduct(case_id: int) -> Response:
    data = load(DeductSchema(), json_body())
    batch = service.deduct(node_context(), current_user(), case_id, document_no=data["document_no"].strip(),
                           notice_no=data["notice_no"].strip(), freeze_id=data["freeze_id"], amount=data["amount"])
    return reply(DeductionBatchSchema().dump(batch), 201)


@bp.get("/<int:case_id>/deductions")
@requires()
def list_deductions(case_id: int) -> Response:
    records = service.list_deductions(node_context(), current_user(), case_id)
    return reply(DeductionListSchema().dump({"deductions": records}))
