"""Batch routes: many cases filed, served, inspected, frozen or deducted by one request; its progress and items."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, Response

from court_node.api.http import json_body, load, load_query, node_context, reply
from court_node.api.idempotency import idempotent
from court_node.api.schemas.batches import (
    BatchItemSchema,
    BatchItemsQuerySchema,
    BatchListQuerySchema,
    BatchListSchema,
    BatchRequestSchema,
    BatchSchema,
)
from court_node.auth import current_user, requires
from court_node.services import batches as service

bp = Blueprint("batches", __name__, url_prefix="/api/v1/batches")

_batch = BatchSchema()
_item = BatchItemSchema()


@bp.post("")
@requires("judge", "clerk")
@idempotent
def create_batch() -> Response:
    data = load(BatchRequestSchema(), json_body())
    view = service.create_batch(node_context(), current_user(), data["kind"], data)
    response = reply(_batch.dump(asdict(view)), 202)
    response.headers["Location"] = f"/api/v1/batches/{view.id}"
    return response


@bp.get("")
@requires()
def list_batches() -> Response:
    query = load_query(BatchListQuerySchema())
    views = service.list_batches(node_context(), current_user(), query["limit"])
    return reply(BatchListSchema().dump({"batches": [asdict(v) for v in views]}))


@bp.get("/<int:batch_id>")
@requires()
def get_batch(batch_id: int) -> Response:
    return reply(_batch.dump(asdict(service.get_batch(node_context(), current_user(), batch_id))))


@bp.get("/<int:batch_id>/items")
@requires()
def batch_items(batch_id: int) -> Response:
    query = load_query(BatchItemsQuerySchema())
    total, items = service.batch_items(node_context(), current_user(), batch_id, **query)
    return reply({"total": total, "items": [_item.dump(service.item_json(i)) for i in items]})
