"""``/_admin/clock``: read and move the node's simulated clock, like the mock providers' control API.

Loopback callers only, with the admin token (setting ``admin_token``, or ``<data_dir>/admin-token``
generated on first start), so that ``freezesim clock advance`` can move every service the same way.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import wraps
from pathlib import Path
from typing import Any, ParamSpec

from flask import Blueprint, Response, request

from court_node.api.errors import BadRequest, Forbidden, Unauthenticated, field_error
from court_node.api.http import json_body, node_context, reply
from court_node.auth import presented_token
from court_node.clock import BEIJING, from_us, iso, parse_duration, real_now, to_us

P = ParamSpec("P")
bp = Blueprint("admin", __name__, url_prefix="/_admin")

MOVES = ("set", "advance", "stop", "resume", "reset")
_EARLIEST_US = to_us(datetime(2000, 1, 1, tzinfo=UTC))
_LATEST_US = to_us(datetime(2200, 1, 1, tzinfo=UTC))


def load_or_create_admin_token(data_dir: Path) -> str:
    """``admin-token`` in the data folder, generated (mode 0600) on first start."""
    return load_or_create_secret(data_dir / "admin-token")


def load_or_create_secret(path: Path, nbytes: int = 24) -> str:
    """A random secret kept in ``path`` (mode 0600), generated on first start; every worker reads the same one."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(nbytes))
        if path.exists():  # another worker got there first: keep its secret
            tmp.unlink()
        else:
            os.replace(tmp, path)
    return path.read_text().strip()


def is_loopback(address: str | None) -> bool:
    """True for 127.0.0.0/8 and ::1 (also as an IPv4-mapped IPv6 address)."""
    try:
        ip = ipaddress.ip_address((address or "").split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped.is_loopback
    return ip.is_loopback


def require_admin(view: Callable[P, Response]) -> Callable[P, Response]:
    """403 from a non-loopback address; 401 without the admin bearer token."""

    @wraps(view)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> Response:
        if not is_loopback(request.remote_addr):
            raise Forbidden("the admin API answers loopback callers only", code="ADMIN_REMOTE_FORBIDDEN")
        token = presented_token()
        if token is None:
            raise Unauthenticated("send Authorization: Bearer <admin token>", code="ADMIN_TOKEN_MISSING")
        if not hmac.compare_digest(token.encode(), node_context().admin_token.encode()):
            raise Unauthenticated("the admin token does not match", code="ADMIN_TOKEN_INVALID")
        return view(*args, **kwargs)

    return guarded


def clock_json() -> dict[str, Any]:
    clock = node_context().clock
    now_us = clock.now_us()
    return {
        "now": iso(now_us),
        "now_beijing": from_us(now_us).astimezone(BEIJING).isoformat(timespec="microseconds"),
        "offset_seconds": round((now_us - to_us(real_now())) / 1_000_000, 3) or 0.0,  # never -0.0
        "stopped": clock.state.stopped_at_us is not None,
    }


@bp.get("/clock")
@require_admin
def get_clock() -> Response:
    return reply(clock_json())


@bp.post("/clock")
@require_admin
def move_clock() -> Response:
    body = json_body()
    unknown = sorted(set(body) - set(MOVES))
    if unknown:
        raise field_error(unknown[0], f"unknown field; send exactly one of {', '.join(MOVES)}")
    if len(body) != 1:
        raise BadRequest(f"send exactly one of {', '.join(MOVES)}", code="INVALID_FIELD")
    move, value = next(iter(body.items()))
    clock = node_context().clock
    if move == "set":
        clock.set(_within_range(_instant(value), "set"))
    elif move == "advance":
        if not isinstance(value, str):
            raise field_error("advance", 'a duration string such as "30d", "12h" or "90m" is required')
        try:
            delta = parse_duration(value)
        except ValueError as exc:
            raise field_error("advance", str(exc)) from None
        clock.set(_within_range(clock.now_us() + delta // timedelta(microseconds=1), "advance"))
    else:
        if value is not True:
            raise field_error(move, f"{move} takes the value true")
        {"stop": clock.stop, "resume": clock.resume, "reset": clock.reset}[move]()
    return reply(clock_json())


def _instant(value: Any) -> int:
    if not isinstance(value, str) or len(value) > 64:
        raise field_error("set", "an ISO 8601 instant with a zone is required, e.g. 2026-03-01T00:00:00Z")
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        raise field_error("set", f"{value!r} is not an ISO 8601 instant") from None
    if instant.tzinfo is None:
        raise field_error("set", f"{value!r} has no zone; add Z or an offset such as +08:00")
    return to_us(instant)


def _within_range(us: int, field: str) -> datetime:
    """Simulated time stays within 2000-2199, so every term and date it produces can still be written."""
    if not _EARLIEST_US <= us < _LATEST_US:
        raise field_error(field, "the simulated clock must stay between 2000-01-01 and 2199-12-31")
    return from_us(us)
