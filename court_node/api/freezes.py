"""Freeze routes: plan and place a case's freezes; read, renew and release one."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Blueprint, Response

from court_node.api.http import json_body, load, load_query, node_context, reply
from court_node.api.idempotency import idempotent
from court_node.api.schemas.freezes import (
    FreezeBatchSchema,
    FreezeListSchema,
    FreezeQuerySchema,
    FreezeRequestSchema,
    FreezeSchema,
    ReleaseSchema,
    RenewSchema,
)
from court_node.auth import current_user, requires
from court_node.domain.planning import PlanMode
from court_node.services import freezes as service
from court_node.services.planning_service import PlanItem
from court_node.services.provider_calls import Delivery
from court_node.services.releases import release_freeze
from court_node.services.renewals import renew_freeze

bp = Blueprint("freezes", __name__, url_prefix="/api/v1")

_freeze = FreezeSchema()


def freeze_json(view: service.FreezeView) -> dict[str, Any]:
    body: dict[str, Any] = _freeze.dump({**asdict(view.freeze), "requests": view.requests})
    return body


def _changed(view: service.FreezeView, delivery: Delivery) -> Response:
    """200 when the provider answered; 202 while an asynchronous provider has the request."""
    return reply(freeze_json(view), 202 if delivery.state == "pending" else 200)


@bp.post("/cases/<int:case_id>/freezes")
@requires("judge")
@idempotent
def place_freezes(case_id: int) -> Response:
    data = load(FreezeRequestSchema(), json_body())
    items = None if data["items"] is None else [
        PlanItem(i["provider"], i["account_no"].strip(), i["amount"], PlanMode(i["mode"])) for i in data["items"]]
    batch = service.place_freezes(node_context(), current_user(), case_id, document_no=data["document_no"].strip(),
                                  mode=PlanMode(data["mode"]), term_days=data["term_days"], items=items,
                                  dry_run=data["dry_run"])
    body = FreezeBatchSchema().dump({
        "case_id": batch.case_id, "dry_run": batch.dry_run, "due": batch.due, "secured": batch.secured,
        "plan": {"target": batch.plan.target, "total": batch.plan.total, "allowance_left": batch.plan.allowance_left,
                 "shortfall": batch.plan.shortfall, "items": batch.plan.items},
        "freezes": [{**asdict(v.freeze), "requests": v.requests} for v in batch.freezes]})
    return reply(body, 200 if batch.dry_run else 201)


@bp.get("/cases/<int:case_id>/freezes")
@requires()
def list_freezes(case_id: int) -> Response:
    query = load_query(FreezeQuerySchema())
    views = service.list_freezes(node_context(), current_user(), case_id, refresh=query["refresh"])
    return reply(FreezeListSchema().dump({"freezes": [{**asdict(v.freeze), "requests": v.requests} for v in views]}))


@bp.get("/freezes/<int:freeze_id>")
@requires()
def get_freeze(freeze_id: int) -> Response:
    query = load_query(FreezeQuerySchema())
    return reply(freeze_json(service.get_freeze(node_context(), current_user(), freeze_id, refresh=query["refresh"])))


@bp.post("/freezes/<int:freeze_id>/renew")
@requires("judge")
@idempotent
def renew(freeze_id: int) -> Response:
    data = load(RenewSchema(), json_body())
    view, delivery = renew_freeze(node_context(), current_user(), freeze_id, document_no=data["document_no"].strip(),
                                  end_date=data["end_date"], days=data["days"])
    return _changed(view, delivery)


@bp.post("/freezes/<int:freeze_id>/release")
@requires("judge")
@idempotent
def release(freeze_id: int) -> Response:
    data = load(ReleaseSchema(), json_body())
    view, delivery = release_freeze(node_context(), current_user(), freeze_id,
                                    document_no=data["document_no"].strip())
    return _changed(view, delivery)
