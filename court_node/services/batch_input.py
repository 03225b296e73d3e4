"""A batch's items checked before anything is written: one malformed item refuses the whole batch (400 naming it)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from marshmallow import Schema, ValidationError

from court_node.api.errors import BadRequest
from court_node.api.http import flatten_messages

T = TypeVar("T")

#: the largest id a case can have (SQLite's integer key)
MAX_ID = 2**63 - 1


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """``items`` in consecutive slices of at most ``size``."""
    if size < 1:
        raise ValueError("a chunk holds at least one item")
    for start in range(0, len(items), size):
        yield items[start:start + size]


def item_error(path: str, message: str, index: int | None = None) -> BadRequest:
    """A 400 naming one item's field with a slash path, e.g. ``cases/17/debtor/id_number``."""
    details: dict[str, Any] = {"fields": {path: [message]}}
    if index is not None:
        details["item"] = index
    return BadRequest(f"{path}: {message}", code="INVALID_FIELD", details=details)


def check_count(items: Any, name: str, limit: int) -> list[Any]:
    """A JSON list of 1..``limit`` items."""
    if not isinstance(items, list):
        raise item_error(name, "a list is required")
    if not 1 <= len(items) <= limit:
        raise item_error(name, f"give 1 to {limit} items, not {len(items)}")
    return items


def checked_filings(bodies: Sequence[Any], schema: Schema) -> list[dict[str, Any]]:
    """Each case body loaded with the filing route's own schema; the first bad one refuses the batch."""
    loaded = []
    for index, body in enumerate(bodies):
        if not isinstance(body, dict):
            raise item_error(f"cases/{index}", "a case body (JSON object) is required", index)
        try:
            loaded.append(schema.load(body))
        except ValidationError as exc:
            flat = flatten_messages(exc.messages)
            field, messages = next(iter(flat.items()))
            path = f"cases/{index}" if field == "_schema" else f"cases/{index}/{field.replace('.', '/')}"
            raise item_error(path, messages[0], index) from None
    return loaded


def checked_case_ids(ids: Sequence[Any]) -> list[int]:
    """Positive integer case ids, each named once."""
    seen: set[int] = set()
    for index, value in enumerate(ids):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ID:
            raise item_error(f"case_ids/{index}", "a case id (a positive integer) is required", index)
        if value in seen:
            raise item_error(f"case_ids/{index}", f"case {value} is named twice", index)
        seen.add(value)
    return list(ids)
