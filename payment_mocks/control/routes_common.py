"""What every control route shares: JSON bodies, query parameters, and refusals in one error shape."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask import Response, jsonify, request
from marshmallow import Schema, ValidationError

from payment_mocks.clock import to_us
from payment_mocks.control.auth import admin_error
from payment_mocks.ledger import LedgerError

#: HTTP status of each kind of ledger refusal
LEDGER_STATUS = {"invalid": 400, "not_found": 404, "forbidden": 403, "conflict": 409, "refused": 422}


class AdminInputError(Exception):
    """A control request the control API refuses before touching anything."""

    def __init__(self, message: str, field: str | None = None, *, status: int = 400,
                 code: str = "INVALID_REQUEST") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status
        self.code = code


def reply(data: Any, status: int = 200) -> Response:
    response = jsonify(data)
    response.status_code = status
    return response


def input_refusal(exc: AdminInputError) -> Response:
    return admin_error(exc.status, exc.code, exc.message, exc.field)


def ledger_refusal(exc: LedgerError) -> Response:
    return admin_error(LEDGER_STATUS.get(exc.kind, 422), exc.code, exc.message, exc.field)


def _no_constants(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def json_body() -> dict[str, Any]:
    """The request body as a JSON object, or AdminInputError saying what is wrong with it."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        raise AdminInputError("the request needs a JSON object as its body")
    try:
        data = json.loads(raw, parse_constant=_no_constants)
    except (ValueError, RecursionError) as exc:
        raise AdminInputError(f"the body is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise AdminInputError("the body must be a JSON object")
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate escape such as "\ud800" is valid JSON but not storable text
        raise AdminInputError("the body contains a string that is not valid Unicode text") from None
    return data


def first_error(messages: Any, path: str = "") -> tuple[str, str]:
    """The first (JSON pointer, message) of marshmallow's nested error messages."""
    if isinstance(messages, Mapping):
        for key, inner in messages.items():
            return first_error(inner, path if key == "_schema" else f"{path}/{key}")
    if isinstance(messages, list | tuple) and messages:
        if all(isinstance(m, str) for m in messages):
            return path or "/", str(messages[0])
        return first_error(messages[0], path)
    return path or "/", str(messages)


def load(schema: Schema, data: Any) -> Any:
    """Validate with ``schema``; unknown fields and wrong types become a 400 naming the field."""
    try:
        return schema.load(data)
    except ValidationError as exc:
        field, message = first_error(exc.messages)
        raise AdminInputError(f"{field}: {message}", field) from None


def query_text(name: str, max_len: int = 200) -> str | None:
    value = request.args.get(name)
    if value is None or value == "":
        return None
    if len(value) > max_len:
        raise AdminInputError(f"query parameter {name} is longer than {max_len} characters", name)
    return value


def query_int(name: str, default: int | None, *, lo: int, hi: int) -> int | None:
    value = request.args.get(name)
    if value is None or value == "":
        return default
    if not value.isascii() or not value.lstrip("-").isdigit() or len(value) > 19:
        raise AdminInputError(f"query parameter {name} must be an integer", name)
    number = int(value)
    if not lo <= number <= hi:
        raise AdminInputError(f"query parameter {name} must be between {lo} and {hi}", name)
    return number


def parse_instant(text: Any, field: str) -> int:
    """An ISO 8601 instant with a zone (``2026-03-01T00:00:00+08:00`` or ``...Z``) as microseconds."""
    if not isinstance(text, str) or len(text) > 64:
        raise AdminInputError(f"{field} must be an ISO 8601 instant with a zone, e.g. 2026-03-01T00:00:00Z", field)
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise AdminInputError(f"{field}: {text!r} is not an ISO 8601 instant", field) from None
    if instant.tzinfo is None:
        raise AdminInputError(f"{field}: {text!r} has no zone; add Z or an offset such as +08:00", field)
    try:
        return to_us(instant)
    except OverflowError:
        raise AdminInputError(f"{field}: {text!r} is out of range", field) from None


def query_instant(name: str) -> int | None:
    value = request.args.get(name)
    return None if value is None or value == "" else parse_instant(value, name)
