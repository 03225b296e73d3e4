"""The control API's guard: a bearer admin token, and loopback callers only unless configured otherwise."""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import Response, jsonify, request

from payment_mocks.runtime import current_provider

P = ParamSpec("P")
R = TypeVar("R")


def admin_error(status: int, code: str, message: str, field: str | None = None) -> Response:
    """The control API's error shape: ``{"error": {"code", "message", "field"}}``."""
    response = jsonify({"error": {"code": code, "message": message, "field": field}})
    response.status_code = status
    return response


def is_loopback(address: str | None) -> bool:
    """True for 127.0.0.0/8 and ::1 (also as an IPv4-mapped IPv6 address)."""
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped.is_loopback
    return ip.is_loopback


def _presented_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def admin_refusal() -> Response | None:
    """The refusal for the current request, or None when it may use the control API."""
    provider = current_provider()
    if not provider.settings.allow_remote_admin and not is_loopback(request.remote_addr):
        return admin_error(403, "ADMIN_REMOTE_FORBIDDEN", "the control API answers loopback callers only")
    token = _presented_token()
    if token is None:
        return admin_error(401, "ADMIN_TOKEN_MISSING", "send Authorization: Bearer <admin token>")
    if not hmac.compare_digest(token.encode(), provider.admin_token.encode()):
        return admin_error(401, "ADMIN_TOKEN_INVALID", "the admin token does not match")
    return None


def require_admin(view: Callable[P, R]) -> Callable[P, R | Response]:
    """Guard a Flask view: 401 without the admin bearer token, 403 from a non-loopback address."""

    @wraps(view)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R | Response:
        refusal = admin_refusal()
        if refusal is not None:
            return refusal
        return view(*args, **kwargs)

    return guarded
