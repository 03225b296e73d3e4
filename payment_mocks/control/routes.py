"""The control API as one blueprint under ``/_admin``: every route guarded, every refusal in one JSON shape."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import HTTPException

from payment_mocks.control import (
    routes_callers,
    routes_clock,
    routes_debtor,
    routes_faults,
    routes_generate,
    routes_info,
    routes_ledger,
    routes_state,
)
from payment_mocks.control.auth import admin_error, require_admin
from payment_mocks.control.routes_common import AdminInputError, input_refusal, ledger_refusal
from payment_mocks.ledger import LedgerError

PREFIX = "/_admin"
_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"]

admin_api = Blueprint("freezesim_admin", __name__, url_prefix=PREFIX)
for _part in (routes_info, routes_clock, routes_state, routes_generate, routes_faults, routes_callers, routes_ledger,
              routes_debtor):
    admin_api.register_blueprint(_part.bp)
admin_api.register_error_handler(AdminInputError, input_refusal)
admin_api.register_error_handler(LedgerError, ledger_refusal)


@admin_api.route("/", defaults={"rest": ""}, methods=_METHODS)
@admin_api.route("/<path:rest>", methods=_METHODS)
@require_admin
def unknown_route(rest: str) -> Response:
    """Unknown control paths and wrong methods answer in the control API's shape, not the dialect's."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    allowed = []
    for method in _METHODS:
        try:
            endpoint, _ = adapter.match(method=method)
        except HTTPException:
            continue
        if endpoint != request.endpoint:
            allowed.append(method)
    if allowed:
        response = admin_error(405, "METHOD_NOT_ALLOWED", f"{request.method} is not allowed here; use "
                               f"{' or '.join(allowed)}")
        response.headers["Allow"] = ", ".join(allowed)
        return response
    return admin_error(404, "NOT_FOUND", f"no control route {request.path}; see /openapi.json")
