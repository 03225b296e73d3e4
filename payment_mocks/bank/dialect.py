"""The bank dialect's error shape, and the one place that maps ledger refusals to HTTP statuses and codes."""

from __future__ import annotations

import json
from typing import Any

from flask import Response

from payment_mocks.ledger import LedgerError

#: LedgerError.kind -> HTTP status, for refusals answered synchronously.
STATUS_BY_KIND = {"invalid": 400, "not_found": 404, "forbidden": 403, "conflict": 409, "refused": 422}


class BankRefusal(Exception):
    """A refusal the bank answers with ``{"error": {"code", "message", "field"}}`` and an HTTP status."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field


def json_response(status: int, data: Any) -> Response:
    """A JSON response whose body bytes are fixed now (they are signed, stored and replayed as they are)."""
    return Response(json_bytes(data), status=status, mimetype="application/json")


def json_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "field": field}}


def pointer(field: str | None) -> str | None:
    """Ledger errors name a field (``amount``); the bank reports JSON pointers (``/amount``)."""
    if not field:
        return None
    return field if field.startswith("/") else "/" + field


def from_ledger(exc: LedgerError) -> BankRefusal:
    """A ledger refusal as the bank answers it synchronously."""
    return BankRefusal(STATUS_BY_KIND.get(exc.kind, 422), exc.code, exc.message, pointer(exc.field))


class BankDialect:
    """What the shared runtime needs to render errors and injected faults the bank's way."""

    name = "bank"

    def error_response(self, status: int, code: str, message: str, field: str | None = None) -> Response:
        return json_response(status, error_body(code, message, field))

    def fault_response(self) -> Response:
        return self.error_response(503, "SERVICE_UNAVAILABLE", "the bank gateway is temporarily unavailable; retry")

    def render(self, exc: BankRefusal) -> Response:
        return self.error_response(exc.status, exc.code, exc.message, exc.field)
