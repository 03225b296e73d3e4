"""Control routes for the simulated clock: read it, set it, advance it, stop and resume it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Blueprint, Response

from payment_mocks.clock import from_us, parse_duration, real_now, to_us
from payment_mocks.control.auth import require_admin
from payment_mocks.control.routes_common import AdminInputError, json_body, parse_instant, reply
from payment_mocks.control.views import iso, iso_beijing
from payment_mocks.runtime import Provider, current_provider

bp = Blueprint("clock", __name__)

MOVES = ("set", "advance", "stop", "resume", "reset")
_MICROSECOND = timedelta(microseconds=1)
_EARLIEST_US = to_us(datetime(2000, 1, 1, tzinfo=UTC))
_LATEST_US = to_us(datetime(2200, 1, 1, tzinfo=UTC))


def clock_json(provider: Provider) -> dict[str, Any]:
    clock = provider.clock
    now_us = clock.now_us()
    return {
        "now": iso(now_us),
        "now_beijing": iso_beijing(now_us),
        "offset_seconds": round((now_us - to_us(real_now())) / 1_000_000, 3) or 0.0,  # never -0.0
        "stopped": clock.state.stopped_at_us is not None,
    }


@bp.get("/clock")
@require_admin
def get_clock() -> Response:
    return reply(clock_json(current_provider()))


@bp.post("/clock")
@require_admin
def move_clock() -> Response:
    provider = current_provider()
    body = json_body()
    unknown = sorted(set(body) - set(MOVES))
    if unknown:
        raise AdminInputError(f"unknown field; send exactly one of {', '.join(MOVES)}", f"/{unknown[0]}")
    if len(body) != 1:
        raise AdminInputError(f"send exactly one of {', '.join(MOVES)}")
    move, value = next(iter(body.items()))
    clock = provider.clock
    if move == "set":
        clock.set(_within_range(parse_instant(value, "set"), "set"))
    elif move == "advance":
        if not isinstance(value, str):
            raise AdminInputError("advance is a duration string such as \"30d\", \"12h\" or \"90m\"", "advance")
        try:
            delta = parse_duration(value)
        except ValueError as exc:
            raise AdminInputError(str(exc), "advance") from None
        clock.set(_within_range(clock.now_us() + (delta // _MICROSECOND), "advance"))
    else:
        if value is not True:
            raise AdminInputError(f"{move} takes the value true", move)
        {"stop": clock.stop, "resume": clock.resume, "reset": clock.reset}[move]()
    # Lapse the freezes (and run the work) that fell due, each at its own instant, before anyone looks.
    provider.ledger.settle()
    return reply(clock_json(provider))


def _within_range(us: int, field: str) -> datetime:
    """Simulated time stays within 2000-2199, so every term and expiry it produces can still be written."""
    if not _EARLIEST_US <= us < _LATEST_US:
        raise AdminInputError("the simulated clock must stay between 2000-01-01 and 2199-12-31", field)
    return from_us(us)
