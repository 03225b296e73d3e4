"""Consumption restriction orders (限制消费令) a court publishes; payments in their categories are refused."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response

from payment_mocks.ledger import LedgerTx
from payment_mocks.wechat.envelope import answer_once, read_body
from payment_mocks.wechat.lookup import path_restriction_id
from payment_mocks.wechat.routes_queries import SUBJECT_FIELDS
from payment_mocks.wechat.schemas import ID_TYPES, LiftSchema, RestrictionSchema
from payment_mocks.wechat.views import restriction_view

bp = Blueprint("wechat_restrictions", __name__)

FIELDS = {**SUBJECT_FIELDS, "categories": "/categories", "document_no": "/document_no"}


@bp.post("/v3/judicial/restrictions")
def publish_restriction() -> Response:
    data = read_body(RestrictionSchema())
    return answer_once("restriction", "out_restriction_no", data, FIELDS, lambda tx: (200, _publish(tx, data)))


def _publish(tx: LedgerTx, data: dict[str, Any]) -> dict[str, Any]:
    who, court = data["subject"], data["court"]
    subject = tx.check_identity(who["name"], ID_TYPES[who["id_type"]], who["id_number"])
    categories = frozenset(data["categories"]) if "categories" in data else None
    order = tx.restrict(subject, authority_code=court["code"], authority_name=court["name"],
                        document_no=data["document_no"], case_no=data["case_no"], categories=categories)
    return restriction_view(order, data["out_restriction_no"])


@bp.post("/v3/judicial/restrictions/<restriction_id>/lift")
def lift_restriction(restriction_id: str) -> Response:
    number = path_restriction_id(restriction_id)
    payload = {**read_body(LiftSchema()), "restriction_id": restriction_id}
    return answer_once("lift", "out_lift_no", payload, FIELDS,
                       lambda tx: (200, restriction_view(tx.lift_restriction(number, payload["court_code"]))))
