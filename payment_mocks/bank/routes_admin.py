"""``/_admin/bank/processing``: how long accepted requests wait, on the simulated clock, before processing."""

from __future__ import annotations

from flask import Blueprint, Response

from payment_mocks.bank.dialect import BankRefusal, json_response
from payment_mocks.bank.processing import delay_us, processing_delay, set_processing_delay
from payment_mocks.bank.wire import read_json
from payment_mocks.control.auth import require_admin
from payment_mocks.runtime import current_provider

bank_admin = Blueprint("bank_admin", __name__, url_prefix="/_admin/bank")


def _delay_view(text: str) -> Response:
    return json_response(200, {"delay": text, "delay_seconds": delay_us(text) // 1_000_000})


@bank_admin.get("/processing")
@require_admin
def get_processing() -> Response:
    return _delay_view(processing_delay(current_provider()))


@bank_admin.put("/processing")
@require_admin
def put_processing() -> Response:
    """Change the delay; it applies to requests accepted from now on."""
    data = read_json()
    unknown = sorted(set(data) - {"delay"})
    if unknown:
        raise BankRefusal(400, "FIELD_INVALID", f"unknown field {unknown[0]!r}", "/" + unknown[0])
    if "delay" not in data:
        raise BankRefusal(400, "FIELD_INVALID", "delay is required, e.g. \"2h\"", "/delay")
    try:
        text = set_processing_delay(current_provider(), data["delay"])
    except ValueError as exc:
        raise BankRefusal(400, "FIELD_INVALID", str(exc), "/delay") from None
    return _delay_view(text)
