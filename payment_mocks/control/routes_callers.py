"""Control routes for the callers a provider accepts (bank nodes, Alipay apps, WeChat merchants)."""

from __future__ import annotations

from flask import Blueprint, Response

from payment_mocks.control.auth import require_admin
from payment_mocks.control.callers import Caller, CallerKind
from payment_mocks.control.routes_common import AdminInputError, json_body, load, reply
from payment_mocks.control.seed import CallerSchema
from payment_mocks.runtime import current_provider

bp = Blueprint("callers", __name__)


@bp.get("/callers")
@require_admin
def list_callers() -> Response:
    return reply({"callers": [c.public_view() for c in current_provider().callers.all()]})


@bp.post("/callers")
@require_admin
def register_caller() -> Response:
    caller: Caller = load(CallerSchema(), json_body())
    try:
        registered = current_provider().callers.register(caller)
    except ValueError as exc:
        raise AdminInputError(str(exc)) from None
    return reply(registered.public_view(), 201)


@bp.delete("/callers/<kind>/<caller_id>")
@require_admin
def remove_caller(kind: str, caller_id: str) -> Response:
    try:
        caller_kind = CallerKind(kind)
    except ValueError:
        raise AdminInputError(f"unknown caller kind {kind!r}; known: {', '.join(k.value for k in CallerKind)}",
                              "kind") from None
    if not current_provider().callers.remove(caller_kind, caller_id):
        raise AdminInputError(f"no {kind} caller {caller_id!r}", "caller_id", status=404, code="CALLER_NOT_FOUND")
    return reply({"removed": {"kind": kind, "caller_id": caller_id}})
