"""The history of a chaos run: every operation with its start, end and outcome, as Jepsen records them.

``ok``: the service answered that it was done. ``failed``: it definitely did not take effect (a 4xx refusal,
or it was never sent because its target could not be read). ``unknown`` (Jepsen's ``info``): it may or may
not have taken effect (a timeout, a lost connection, a 5xx after the retries, the same key still in flight);
the healing phase must resolve every one of them from the records.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, replace
from typing import Any

import requests

from court_node.client import CourtApiError

OK, FAILED, UNKNOWN = "ok", "failed", "unknown"
#: 4xx answers that do not say the request was refused: it may still be running, and take effect
_STILL_RUNNING = frozenset({"IDEMPOTENCY_KEY_IN_FLIGHT"})


class NotSent(Exception):
    """The operation was never sent: what it needed to read first could not be read, or nothing was eligible."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class AdminRefused(Exception):
    """A provider's control API answered an error status."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Outcome:
    outcome: str  # ok | failed | unknown
    code: str = ""  # the refusal's or the failure's code
    detail: str = ""


def classify(exc: BaseException | None) -> Outcome:
    """The outcome of a call that raised ``exc`` (None: it answered success)."""
    if exc is None:
        return Outcome(OK)
    if isinstance(exc, NotSent):
        return Outcome(FAILED, exc.code, str(exc)[:200])
    if isinstance(exc, CourtApiError):
        if exc.status == 0 or exc.status >= 500 or exc.code in _STILL_RUNNING:
            return Outcome(UNKNOWN, exc.code or str(exc.status), exc.message[:200])
        return Outcome(FAILED, exc.code or str(exc.status), exc.message[:200])
    if isinstance(exc, AdminRefused):
        return Outcome(FAILED, exc.code, exc.message[:200]) if exc.status < 500 else Outcome(
            UNKNOWN, exc.code, exc.message[:200])
    if isinstance(exc, requests.RequestException):
        return Outcome(UNKNOWN, type(exc).__name__, str(exc)[:200])
    raise exc


@dataclass(frozen=True)
class Entry:
    seq: int
    kind: str
    court: str
    case: str
    target: str  # the freeze id, or the provider's account, the operation ended up acting on
    document_no: str  # the court's document (or the debtor's payment reference) that identifies it in the records
    start_s: float
    end_s: float
    outcome: str
    code: str = ""
    detail: str = ""
    resolution: str = ""  # for an unknown: "took effect" | "no effect" | "unresolved"
    resolution_detail: str = ""

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Begun:
    """An operation sent and not yet answered: it may take effect at any instant until it ends."""

    seq: int
    kind: str
    court: str
    case: str
    target: str  # for a debtor's movement "provider:account" (known before it is sent); else as far as known
    start_s: float


@dataclass(frozen=True)
class HistoryView:
    """One consistent reading of the history: what had ended, and what was begun and not yet ended."""

    ended: tuple[Entry, ...]
    in_flight: tuple[Begun, ...]


class History:
    """Thread-safe, append-only; entries in the order operations completed, and the operations still in flight."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[Entry] = []
        self._in_flight: dict[int, Begun] = {}

    def begin(self, begun: Begun) -> None:
        """Called before the operation is sent, so that every view taken after it was sent counts it."""
        with self._lock:
            self._in_flight[begun.seq] = begun

    def record(self, entry: Entry) -> None:
        with self._lock:
            self._entries.append(entry)
            self._in_flight.pop(entry.seq, None)

    def view(self) -> HistoryView:
        with self._lock:
            return HistoryView(tuple(self._entries), tuple(self._in_flight.values()))

    def entries(self) -> list[Entry]:
        with self._lock:
            return list(self._entries)

    def resolve(self, seq: int, resolution: str, detail: str) -> None:
        with self._lock:
            self._entries = [replace(e, resolution=resolution, resolution_detail=detail) if e.seq == seq else e
                             for e in self._entries]
