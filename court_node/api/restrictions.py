"""Restriction routes: list the debtor as dishonest and publish restriction orders; read them."""

from __future__ import annotations

from flask import Blueprint, Response

from court_node.api.http import json_body, load, node_context, reply
from court_node.api.idempotency import idempotent
from court_node.api.schemas.restrictions import RestrictionsSchema, RestrictSchema
from court_node.auth import current_user, requires
from court_node.services import restrictions as service

bp = Blueprint("restrictions", __name__, url_prefix="/api/v1/cases")


@bp.post("/<int:case_id>/restrictions")
@requires("judge")
@idempotent
def restrict(case_id: int) -> Response:
    data = load(RestrictSchema(), json_body())
    view = service.restrict(node_context(), current_user(), case_id, document_no=data["document_no"].strip(),
                            categories=data["categories"])
    return reply(RestrictionsSchema().dump(view), 201)


@bp.get("/<int:case_id>/restrictions")
@requires()
def get_restrictions(case_id: int) -> Response:
    return reply(RestrictionsSchema().dump(service.get_restrictions(node_context(), current_user(), case_id)))
