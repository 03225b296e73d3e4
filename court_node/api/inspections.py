"""Inspection routes: ask the providers about the debtor, read the answers."""

from __future__ import annotations

from flask import Blueprint, Response

from court_node.api.http import json_body, load, node_context, reply
from court_node.api.idempotency import idempotent
from court_node.api.schemas.inspections import InspectionListSchema, InspectionSchema, InspectSchema
from court_node.auth import current_user, requires
from court_node.services import inspections as service

bp = Blueprint("inspections", __name__, url_prefix="/api/v1")

_inspection = InspectionSchema()


@bp.post("/cases/<int:case_id>/inspections")
@requires("judge", "clerk")
@idempotent
def inspect(case_id: int) -> Response:
    data = load(InspectSchema(), json_body())
    period = data["transactions"] or {}
    view = service.start_inspection(node_context(), current_user(), case_id, providers=data["providers"],
                                    transactions_from=period.get("from_"), transactions_to=period.get("to"),
                                    document_no=data["document_no"])
    response = reply(_inspection.dump(view), 201)
    response.headers["Location"] = f"/api/v1/inspections/{view.id}"
    return response


@bp.get("/cases/<int:case_id>/inspections")
@requires()
def list_inspections(case_id: int) -> Response:
    views = service.list_inspections(node_context(), current_user(), case_id)
    return reply(InspectionListSchema().dump({"inspections": views}))


@bp.get("/inspections/<int:inspection_id>")
@requires()
def get_inspection(inspection_id: int) -> Response:
    return reply(_inspection.dump(service.get_inspection(node_context(), current_user(), inspection_id)))
