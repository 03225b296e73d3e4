"""The court node's simulated clock: one per process, persisted so that every worker and restart agrees.

Simulated time = real time (``datetime.now``, which freezegun controls in tests) + an offset, or a fixed
instant while the clock is stopped. The state lives in the node's settings table; every request re-reads
it, so ``POST /_admin/clock`` (and ``freezesim clock advance``) moves every worker together.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

#: Beijing time, in which courts date their documents and freeze terms
BEIJING = timezone(timedelta(hours=8), "CST")

_DURATION = re.compile(r"^\s*(-?\d{1,9})\s*(y|d|h|m|s|ms)\s*$")
_UNITS_MS = {"y": 365 * 86400_000, "d": 86400_000, "h": 3600_000, "m": 60_000, "s": 1000, "ms": 1}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def parse_duration(text: str) -> timedelta:
    """Parse ``30d``, ``12h``, ``90m``, ``45s``, ``1y`` (365 days) or ``250ms``."""
    match = _DURATION.match(text)
    if match is None:
        raise ValueError(f"duration {text!r} is not a number followed by y, d, h, m, s or ms (e.g. 30d)")
    return timedelta(milliseconds=int(match.group(1)) * _UNITS_MS[match.group(2)])


def to_us(instant: datetime) -> int:
    """An aware datetime as integer microseconds since the Unix epoch (UTC)."""
    if instant.tzinfo is None:
        raise ValueError("naive datetime: every instant must carry a time zone")
    delta = instant - _EPOCH
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_us(us: int) -> datetime:
    """Integer microseconds since the epoch as an aware UTC datetime."""
    return _EPOCH + timedelta(microseconds=us)


def beijing_date(us: int) -> date:
    """The Beijing calendar day of an instant."""
    return from_us(us).astimezone(BEIJING).date()


def iso(us: int | None) -> str | None:
    """``2026-03-01T08:00:00.000000Z``, or None."""
    if us is None:
        return None
    return from_us(us).isoformat(timespec="microseconds").replace("+00:00", "Z")


def real_now() -> datetime:
    """The machine's time; freezegun replaces it inside tests."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class ClockState:
    """What is persisted: the offset from real time, or the instant the clock is stopped at."""

    offset_us: int = 0
    stopped_at_us: int | None = None


class SimClock:
    """The process's clock. ``load``/``save`` connect it to its persisted state (none: memory only)."""

    def __init__(self, load: Callable[[], ClockState] | None = None,
                 save: Callable[[ClockState], None] | None = None) -> None:
        self._load = load
        self._save = save
        self._lock = threading.Lock()
        self._state = load() if load else ClockState()

    @property
    def state(self) -> ClockState:
        return self._state

    def refresh(self) -> None:
        """Re-read the persisted state (another worker, or the stack, may have moved time)."""
        if self._load is not None:
            state = self._load()
            with self._lock:
                self._state = state

    def now(self) -> datetime:
        """The simulated instant, aware, in UTC."""
        state = self._state
        if state.stopped_at_us is not None:
            return from_us(state.stopped_at_us)
        return real_now() + timedelta(microseconds=state.offset_us)

    def now_us(self) -> int:
        return to_us(self.now())

    def today(self) -> date:
        """The simulated Beijing calendar day, the one amounts and terms are computed on."""
        return beijing_date(self.now_us())

    def set(self, instant: datetime) -> datetime:
        """Jump to an instant; a stopped clock stays stopped there."""
        with self._lock:
            if self._state.stopped_at_us is not None:
                self._state = ClockState(self._state.offset_us, to_us(instant))
            else:
                self._state = ClockState(to_us(instant) - to_us(real_now()))
            self._persist()
        return self.now()

    def advance(self, delta: timedelta) -> datetime:
        """Move forward (or back, with a negative delta) by ``delta``."""
        return self.set(self.now() + delta)

    def stop(self) -> datetime:
        """Stop time where it is, so that a scripted run sees no drift between steps."""
        with self._lock:
            self._state = ClockState(self._state.offset_us, to_us(self.now()))
            self._persist()
        return self.now()

    def resume(self) -> datetime:
        """Let time run again from where it stands."""
        with self._lock:
            self._state = ClockState(to_us(self.now()) - to_us(real_now()))
            self._persist()
        return self.now()

    def reset(self) -> datetime:
        """Back to real time."""
        with self._lock:
            self._state = ClockState()
            self._persist()
        return self.now()

    def _persist(self) -> None:
        if self._save is not None:
            self._save(self._state)
