"""The v3 error shape, the runtime's dialect hooks, and the one place ledger refusals become v3 errors.

Real v3 answers an error with its HTTP status and ``{"code", "message", "detail": {"field", "value",
"issue", "location"}}``; the status groups the codes (400 PARAM_ERROR / INVALID_REQUEST, 401 SIGN_ERROR,
403 NO_AUTH / NOT_ENOUGH / RULE_LIMIT, 404 RESOURCE_NOT_EXISTS, 429 FREQUENCY_LIMITED, 500 SYSTEM_ERROR).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from flask import Response

from payment_mocks.ledger import LedgerError

#: v3 codes this mock answers, each with the HTTP status it travels with.
CODES: dict[str, int] = {
    "PARAM_ERROR": 400,
    "INVALID_REQUEST": 400,
    "SIGN_ERROR": 401,
    "NO_AUTH": 403,
    "NOT_ENOUGH": 403,
    "RULE_LIMIT": 403,
    "RESOURCE_NOT_EXISTS": 404,
    "FREQUENCY_LIMITED": 429,
    "SYSTEM_ERROR": 500,
}

_ABSENT = object()


def encode_json(body: Any) -> bytes:
    """The exact bytes a body is sent (and signed) as: compact UTF-8 JSON."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def json_response(status: int, body: bytes | Mapping[str, Any] | None) -> Response:
    """A response with the given body bytes (or object); ``None`` is an empty body (204)."""
    if body is None:
        response = Response(b"", status=status)
        response.headers.pop("Content-Type", None)
        return response
    data = body if isinstance(body, bytes) else encode_json(body)
    return Response(data, status=status, mimetype="application/json")


class V3Error(Exception):
    """A refusal in the v3 shape; raised anywhere in a request and rendered by one handler."""

    def __init__(self, status: int, code: str, message: str, *, field: str | None = None, value: Any = _ABSENT,
                 issue: str | None = None, location: str = "body") -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.value = value
        self.issue = issue
        self.location = location

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        detail: dict[str, Any] = {}
        if self.field is not None:
            detail["field"] = self.field
        if self.value is not _ABSENT:
            detail["value"] = self.value
        if self.issue is not None:
            detail["issue"] = self.issue
        if self.field is not None:
            detail["location"] = self.location
        if detail:
            body["detail"] = detail
        return body

    def response(self) -> Response:
        return json_response(self.status, self.body())


def param_error(issue: str, field: str, value: Any = _ABSENT, *, location: str = "body") -> V3Error:
    """400 PARAM_ERROR pointing at one field (a JSON pointer into the body, or a header or path name)."""
    return V3Error(400, "PARAM_ERROR", f"invalid {field}: {issue}", field=field, value=value, issue=issue,
                   location=location)


def sign_error(message: str) -> V3Error:
    return V3Error(401, "SIGN_ERROR", message, location="header")


# Ledger refusals by code where the kind alone does not decide the v3 code.
_REFUSED_CODES = {
    "BALANCE_NOT_ENOUGH": (403, "NOT_ENOUGH"),
    "DEDUCT_EXCEED_FROZEN": (403, "NOT_ENOUGH"),
    "ACCOUNT_FROZEN": (403, "RULE_LIMIT"),
    "CONSUMPTION_RESTRICTED": (403, "RULE_LIMIT"),
    "IDENTITY_NOT_MATCH": (403, "RULE_LIMIT"),
    # The request is well formed but the freeze it names no longer allows it.
    "FREEZE_EXPIRED": (400, "INVALID_REQUEST"),
    "FREEZE_ENDED": (400, "INVALID_REQUEST"),
    "FREEZE_NOT_ACTIVE": (400, "INVALID_REQUEST"),
}
_KIND_CODES = {
    "invalid": (400, "PARAM_ERROR"),
    "not_found": (404, "RESOURCE_NOT_EXISTS"),
    "forbidden": (403, "NO_AUTH"),
    "conflict": (400, "INVALID_REQUEST"),
    "refused": (403, "RULE_LIMIT"),
}


def from_ledger(exc: LedgerError, fields: Mapping[str, str] | None = None, *, key_field: str | None = None) -> V3Error:
    """The v3 error for a ledger refusal; ``fields`` maps ledger field names to JSON pointers of the request."""
    status, code = _REFUSED_CODES.get(exc.code) or _KIND_CODES.get(exc.kind, (403, "RULE_LIMIT"))
    pointer = (fields or {}).get(exc.field or "") if exc.field else None
    message = exc.message
    if exc.code == "REQUEST_NO_CONFLICT" and key_field is not None:
        message = f"{key_field} was already used with different parameters; use a new {key_field} for a new request"
        pointer = "/" + key_field
    return V3Error(status, code, message, field=pointer, issue=exc.code)


class WechatDialect:
    """The runtime's hooks: unknown paths, wrong methods, oversized bodies and injected faults in v3 shape."""

    name = "wechat"

    def error_response(self, status: int, code: str, message: str, field: str | None = None) -> Response:
        if code not in CODES:
            code = _code_for_status(status)
        return V3Error(status, code, message, field=field).response()

    def fault_response(self) -> Response:
        return V3Error(500, "SYSTEM_ERROR", "system error; retry with the same parameters").response()


def _code_for_status(status: int) -> str:
    if status == 401:
        return "SIGN_ERROR"
    if status == 403:
        return "NO_AUTH"
    if status == 404:
        return "RESOURCE_NOT_EXISTS"
    if status == 429:
        return "FREQUENCY_LIMITED"
    if status >= 500:
        return "SYSTEM_ERROR"
    if status == 405:
        return "INVALID_REQUEST"
    return "PARAM_ERROR"
