"""Reading request bodies and replaying stored answers, the same way on every bank route."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, g, request

from payment_mocks.bank.dialect import BankRefusal
from payment_mocks.ledger import StoredReply


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def read_json() -> dict[str, Any]:
    """The body as a JSON object: 415 for another content type, 400 MALFORMED_JSON when it does not parse."""
    if request.mimetype != "application/json":
        raise BankRefusal(415, "UNSUPPORTED_MEDIA_TYPE", "send the body as Content-Type: application/json")
    raw = request.get_data(cache=True)
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constants)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BankRefusal(400, "MALFORMED_JSON", "the body is not valid UTF-8 JSON") from None
    if not isinstance(data, dict):
        raise BankRefusal(400, "MALFORMED_JSON", "the body must be a JSON object")
    return data


def note_request_no(request_no: str) -> None:
    """Name the request number in the shared request journal."""
    g.journal_request_no = request_no


def replay(stored: StoredReply) -> Response:
    """The first answer given to a request number, byte for byte (signed afresh on the way out)."""
    return Response(stored.body, status=stored.status, mimetype="application/json")
