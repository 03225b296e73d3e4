"""The bank's batch forms on the node's side: up to 500 submissions, or 500 feedback reads, in one signed call.

Every item carries its own request number and is idempotent under it, so a batch that got no answer is sent
again later item by item (or in another batch) with nothing done twice. Each item's outcome is what its single
call would have given: an accepted item is PENDING, a refused one REJECTED with the refusal mapped in one place
(``errors.refusal``), and a batch that got no usable answer makes every item's outcome what a single call's
would be (UNKNOWN when it may have arrived, an ``AdapterError`` otherwise).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from court_node.adapters.bank.errors import refusal
from court_node.adapters.bank.gateway import PROTOCOL_ERROR
from court_node.adapters.base import AdapterError

QUERY_BATCHES = "/judicial/v1/query-batches"
CONTROL_BATCHES = "/judicial/v1/control-batches"
FEEDBACK_QUERIES = "/judicial/v1/feedback-queries"
#: the most items the bank takes in one batch
MAX_BATCH = 500

_T = TypeVar("_T")


def chunks(items: Sequence[_T], size: int = MAX_BATCH) -> list[Sequence[_T]]:
    """``items`` in consecutive slices of at most ``size``."""
    return [items[start:start + size] for start in range(0, len(items), size)]


def new_batch_no() -> str:
    """A fresh batch number; the items' own request numbers are what make a resend safe."""
    return "B" + uuid.uuid4().hex


def batch_body(bodies: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    return {"batch_no": new_batch_no(), "requests": [dict(b) for b in bodies]}


def items_of(data: Mapping[str, Any], key: str, numbers: Sequence[str]) -> list[Mapping[str, Any]]:
    """The answer's entries, one per request number in order; a protocol error when they do not line up."""
    entries = data.get(key)
    if not isinstance(entries, list) or len(entries) != len(numbers):
        raise AdapterError(f"the bank answered a batch of {len(numbers)} with {key!r} not lining up",
                           code=PROTOCOL_ERROR, outcome_unknown=True)
    for entry, number in zip(entries, numbers, strict=True):
        if not isinstance(entry, dict) or entry.get("request_no") != number:
            raise AdapterError(f"the bank's batch answer does not name request {number} in its place",
                               code=PROTOCOL_ERROR, outcome_unknown=True)
    return entries


def item_refusal(entry: Mapping[str, Any]) -> tuple[str, str] | None:
    """(RefusalCode, message) of a refused item; None for an accepted one."""
    error = entry.get("error")
    if error is None and entry.get("status") == "accepted":
        return None
    if not isinstance(error, dict):
        raise AdapterError(f"the bank's batch item {entry.get('request_no')} is neither accepted nor refused",
                           code=PROTOCOL_ERROR, outcome_unknown=True)
    code = str(error.get("code", ""))
    return refusal(code), f"{code}: {error.get('message', '')}"


def each(items: Sequence[Any], build: Callable[[Any], _T | Exception]) -> list[_T | Exception]:
    """``build`` per item, an exception raised by it being that item's answer."""
    answers: list[_T | Exception] = []
    for item in items:
        try:
            answers.append(build(item))
        except Exception as exc:  # recorded by the caller as that request's failure
            answers.append(exc)
    return answers
