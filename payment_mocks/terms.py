"""Freeze terms at the edges: Beijing calendar dates <-> the ledger's term in days and instants.

A freeze's term runs from the instant it takes effect for ``term_days`` whole days; its dates, as the
dialects report them, are the Beijing calendar dates of those instants.
"""

from __future__ import annotations

from datetime import date, datetime

from payment_mocks.clock import BEIJING, from_us

MAX_TERM_DAYS = 365


class TermError(ValueError):
    """A date or a term outside what the rules allow."""


def beijing_date(us: int) -> date:
    return from_us(us).astimezone(BEIJING).date()


def beijing_datetime(us: int) -> datetime:
    return from_us(us).astimezone(BEIJING)


def format_beijing(us: int) -> str:
    """``yyyy-MM-dd HH:mm:ss`` in Beijing time, as Alipay writes timestamps."""
    return beijing_datetime(us).strftime("%Y-%m-%d %H:%M:%S")


def parse_date(text: object, field: str = "end_date") -> date:
    if not isinstance(text, str):
        raise TermError(f"{field} must be a date string yyyy-MM-dd")
    try:
        return date.fromisoformat(text) if len(text) == 10 else _bad(field)
    except ValueError:
        return _bad(field)


def _bad(field: str) -> date:
    raise TermError(f"{field} must be a date yyyy-MM-dd")


def term_days(start: date, end: date) -> int:
    """Whole days from ``start`` to ``end``: a freeze lasts 1 to 365 days (DOMAIN.md rule 2)."""
    days = (end - start).days
    if not 1 <= days <= MAX_TERM_DAYS:
        raise TermError(f"a freeze lasts 1 to {MAX_TERM_DAYS} days; {start} to {end} is {days}")
    return days


def renewal_days(current_expiry_us: int, new_end: date) -> int:
    """Days a renewal adds: the new end date is after the current one and at most 365 days past it (rule 3)."""
    days = (new_end - beijing_date(current_expiry_us)).days
    if not 1 <= days <= MAX_TERM_DAYS:
        raise TermError(f"a renewal moves the end date 1 to {MAX_TERM_DAYS} days past the current one, not {days}")
    return days
