"""Template filters: money as yuan with separators, instants in Beijing time, days to expiry, event details."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from court_node.api.http import node_context
from court_node.clock import BEIJING, from_us
from court_node.console import labels


def yuan(fen: int | None) -> str:
    """123456789 -> ``"1,234,567.89"``; integer arithmetic only."""
    if fen is None:
        return "—"
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100:,}.{abs(fen) % 100:02d}"


def beijing(us: int | None) -> str:
    """An instant as Beijing wall time, ``2026-03-01 10:00:00``."""
    if us is None:
        return "—"
    return from_us(us).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def days_to(end: date | None) -> int | None:
    """Days from today (simulated, Beijing) to ``end``; a freeze lapses on its end date."""
    if end is None:
        return None
    return (end - node_context().clock.today()).days


def detail_items(detail: dict[str, Any]) -> list[tuple[str, str]]:
    """An audit event's detail as readable pairs: ``amount_fen`` as yuan, ``*_us`` instants in Beijing time."""
    items = []
    for key, value in detail.items():
        if key.endswith("_fen") and isinstance(value, int) and not isinstance(value, bool):
            items.append((key[:-4], yuan(value)))
        elif key.endswith("_us") and isinstance(value, int) and not isinstance(value, bool):
            items.append((key[:-3], beijing(value)))
        elif isinstance(value, list):
            items.append((key, ", ".join(str(v) for v in value)))
        elif value is not None and value != "":
            items.append((key, str(value)))
    return items


def helpers() -> dict[str, Callable[..., Any]]:
    """What the console's templates call: formatting and labels."""
    return {"yuan": yuan, "beijing": beijing, "days_to": days_to, "detail_items": detail_items,
            "provider_label": partial(labels.label, labels.PROVIDERS),
            "status_label": partial(labels.label, labels.STATUSES),
            "mode_label": partial(labels.label, labels.MODES),
            "action_label": partial(labels.label, labels.ACTIONS),
            "category_label": partial(labels.label, labels.CATEGORIES)}
