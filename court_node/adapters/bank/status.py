"""The status query outstanding at the bank for each freeze, so that the next read asks for its answer.

The bank answers a query only after its processing delay. A read that sent a query and stopped waiting
leaves it here; the next read of the same freeze reads that query's feedback instead of sending another,
so reads converge however slow the bank is. The memory is bounded (least recently read forgotten first)
and lost on restart, which only costs one more query.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from court_node.adapters.bank import wire
from court_node.adapters.types import ControlRequest

#: court, subject (name, ID type, ID number), account and the request number that placed the freeze
FreezeKey = tuple[str, str, str, str, str, str]


def freeze_key(request: ControlRequest) -> FreezeKey:
    """Names the freeze, and the query about it, whatever fresh number the read came with."""
    subject = request.subject
    return (request.court.code, subject.name, subject.id_type, subject.id_number, request.account_no,
            wire.original_request_no(request))


@dataclass(frozen=True)
class StatusQuery:
    """A query sent about a freeze whose answer has not been read yet."""

    request_no: str
    wait_until: float  # ``time.monotonic()`` until which the read that sent it waits for its answer


class StatusQueries:
    """Thread-safe: the node reads freezes from request threads and its background worker at once."""

    def __init__(self, capacity: int = 4096) -> None:
        if capacity < 1:
            raise ValueError(f"the bank adapter must remember at least one status query, not {capacity}")
        self.capacity = capacity
        self._queries: OrderedDict[FreezeKey, StatusQuery] = OrderedDict()
        self._lock = threading.Lock()

    def claim(self, key: FreezeKey, request_no: str, wait_until: float) -> StatusQuery | None:
        """The query outstanding for ``key``; or None, and ``request_no`` is now the one to send."""
        with self._lock:
            held = self._queries.get(key)
            if held is not None:
                self._queries.move_to_end(key)
                return held
            self._queries[key] = StatusQuery(request_no, wait_until)
            while len(self._queries) > self.capacity:
                self._queries.popitem(last=False)
            return None

    def forget(self, key: FreezeKey, request_no: str) -> None:
        """The query ``request_no`` is answered or lost; a later query another read sent meanwhile stays."""
        with self._lock:
            held = self._queries.get(key)
            if held is not None and held.request_no == request_no:
                del self._queries[key]

    def drop(self, key: FreezeKey) -> None:
        """The freeze is about to change (renewed, released, deducted): no answer asked before may be used."""
        with self._lock:
            self._queries.pop(key, None)

    def outstanding(self, key: FreezeKey) -> StatusQuery | None:
        """The query outstanding for ``key``, without touching its place in line."""
        with self._lock:
            return self._queries.get(key)

    def __len__(self) -> int:
        with self._lock:
            return len(self._queries)
