"""The switches page: the faults dialect requests meet, and the capability profile in force.

Writes go through the same functions as ``PUT /_admin/faults``, ``DELETE /_admin/faults`` and
``PUT /_admin/profile``, so the page validates exactly as the control API does.
"""

from __future__ import annotations

from typing import Any

from flask import Response, request, url_for

from payment_mocks.backoffice import fault_form, labels
from payment_mocks.backoffice.blueprint import bp, page, see_other
from payment_mocks.control import faults
from payment_mocks.control.routes_common import AdminInputError
from payment_mocks.control.routes_faults import faults_json, set_faults
from payment_mocks.control.routes_info import profile_json, switch_profile
from payment_mocks.runtime import current_provider

DONE = {
    "faults": "Faults set: the next dialect requests meet them.",
    "cleared": "Faults cleared: dialect requests are served normally.",
    "profile": "Capability profile switched.",
}


def _switches(status: int = 200, *, fault_values: dict[str, str] | None = None,
              fault_errors: dict[str, str] | None = None, profile_error: str = "") -> Response:
    state = faults_json()
    done = DONE.get(request.args.get("done", "")) if request.method == "GET" else None
    return page(
        "switches.html", status, title="Switches", faults=state,
        fault_values=fault_values if fault_values is not None else fault_form.form_values(state["faults"]),
        fault_errors=fault_errors or {}, fault_kinds=labels.FAULT_KINDS, profiles=profile_json(),
        profile_error=profile_error, done=done,
    )


@bp.get("/switches")
def switches() -> Response:
    """The faults and the capability profile in force, with their forms."""
    return _switches()


@bp.post("/switches/faults")
def put_faults() -> Response:
    """Put the form's fault configuration in force, as PUT /_admin/faults does."""
    try:
        set_faults(fault_form.fault_body(request.form))
    except AdminInputError as exc:
        field = fault_form.field_of(exc.field)
        message = _plain(exc)
        errors: dict[str, Any] = {field or "form": message}
        return _switches(400, fault_values=fault_form.submitted_values(request.form), fault_errors=errors)
    return _done("faults")


@bp.post("/switches/faults/clear")
def clear_faults() -> Response:
    """Clear the faults, as DELETE /_admin/faults does."""
    faults.clear(current_provider().ledger.db)
    return _done("cleared")


@bp.post("/switches/profile")
def put_profile() -> Response:
    """Switch the capability profile, as PUT /_admin/profile does."""
    try:
        switch_profile(request.form.get("profile", ""))
    except AdminInputError as exc:
        return _switches(400, profile_error=_plain(exc))
    return _done("profile")


def _done(what: str) -> Response:
    return see_other(url_for("backoffice.switches", done=what))


def _plain(exc: AdminInputError) -> str:
    """The control API's message without the JSON pointer it starts with."""
    prefix = f"{exc.field}: "
    return exc.message[len(prefix):] if exc.field and exc.message.startswith(prefix) else exc.message
