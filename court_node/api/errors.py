"""Every API error as ``{"error": {"code", "message", "details"}}`` with its status, mapped in one place.

The services raise these ``ApiError`` subclasses; nothing else reaches a client. An unexpected exception is
logged and answered 500 without internals.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException, MethodNotAllowed


class ApiError(Exception):
    """An answer other than success: status, stable code, a message for humans, details for programs."""

    status: ClassVar[int] = 500
    default_code: ClassVar[str] = "INTERNAL_ERROR"

    def __init__(self, message: str, *, code: str | None = None, details: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.details: dict[str, Any] = dict(details or {})


class BadRequest(ApiError):
    status, default_code = 400, "INVALID_REQUEST"


class Unauthenticated(ApiError):
    status, default_code = 401, "UNAUTHENTICATED"


class Forbidden(ApiError):
    status, default_code = 403, "FORBIDDEN"


class NotFound(ApiError):
    status, default_code = 404, "NOT_FOUND"


class Conflict(ApiError):
    """The resource's state does not allow this now (409)."""

    status, default_code = 409, "CONFLICT"


class PayloadTooLarge(ApiError):
    status, default_code = 413, "BODY_TOO_LARGE"


class UnsupportedMediaType(ApiError):
    status, default_code = 415, "UNSUPPORTED_MEDIA_TYPE"


class RuleRefused(ApiError):
    """A legal or business rule refuses the request (422)."""

    status, default_code = 422, "RULE_REFUSED"


class ProviderFailed(ApiError):
    """A provider answered something unusable or could not be reached (502)."""

    status, default_code = 502, "PROVIDER_FAILED"


class ProviderTimeout(ApiError):
    """A provider did not answer in time; the request's outcome is unknown until it is asked again (504)."""

    status, default_code = 504, "PROVIDER_TIMEOUT"


def field_error(field: str, message: str, code: str = "INVALID_FIELD") -> BadRequest:
    """A 400 naming one field (dotted path for nested fields, e.g. ``creditor.id_number``)."""
    return BadRequest(f"{field}: {message}", code=code, details={"fields": {field: [message]}})


def error_response(status: int, code: str, message: str, details: Mapping[str, Any] | None = None) -> Response:
    response = jsonify({"error": {"code": code, "message": message, "details": dict(details or {})}})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="freezesim court node"'
    return response


def api_error_response(exc: ApiError) -> Response:
    return error_response(exc.status, exc.code, exc.message, exc.details)


_HTTP_CODES = {400: "INVALID_REQUEST", 401: "UNAUTHENTICATED", 403: "FORBIDDEN", 404: "NOT_FOUND",
               405: "METHOD_NOT_ALLOWED", 413: "BODY_TOO_LARGE", 415: "UNSUPPORTED_MEDIA_TYPE"}


def install_error_handlers(app: Flask) -> None:
    """Answer every error, expected or not, in the one error shape."""

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError) -> Response:
        return api_error_response(exc)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        status = exc.code or 500
        if status >= 500:
            app.logger.error("HTTP %s: %s", status, exc.description)
            return error_response(status, "INTERNAL_ERROR", "the node could not answer this request")
        response = error_response(status, _HTTP_CODES.get(status, "INVALID_REQUEST"), exc.description or exc.name)
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        app.logger.exception("unexpected error")
        return error_response(500, "INTERNAL_ERROR", "unexpected error; nothing was changed by it")
