"""The provider-request outbox: every request to a provider, written with its number before it is sent."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import Connection, bindparam, select

from court_node.store.tables import provider_requests

#: states a request is in until the provider's answer is known
OPEN_STATES = ("prepared", "sent", "pending", "unknown")


@dataclass(frozen=True)
class ProviderRequest:
    id: int
    request_no: str
    provider: str
    kind: str  # query | control | restriction
    operation: str  # query | freeze | renew | release | deduct | restrict | lift
    case_id: int
    freeze_id: int | None
    payload: dict[str, Any]
    state: str
    attempts: int
    last_error: str
    outcome: dict[str, Any] | None
    created_at: int
    updated_at: int

    @property
    def open(self) -> bool:
        return self.state in OPEN_STATES


def _request(row: Any) -> ProviderRequest:
    return ProviderRequest(**{f.name: getattr(row, f.name) for f in fields(ProviderRequest)})


def insert_request(conn: Connection, *, request_no: str, provider: str, kind: str, operation: str, case_id: int,
                   payload: Mapping[str, Any], now: int, freeze_id: int | None = None) -> None:
    conn.execute(provider_requests.insert().values(
        request_no=request_no, provider=provider, kind=kind, operation=operation, case_id=case_id,
        freeze_id=freeze_id, payload=dict(payload), state="prepared", attempts=0, last_error="", created_at=now,
        updated_at=now))


#: built once: the outbox reads a request by its number about a dozen times per inspection
_BY_NO = select(provider_requests).where(provider_requests.c.request_no == bindparam("request_no"))


def request_by_no(conn: Connection, request_no: str) -> ProviderRequest | None:
    row = conn.execute(_BY_NO, {"request_no": request_no}).first()
    return None if row is None else _request(row)


#: requests read or marked sent per statement (well under SQLite's limit on bound parameters)
_PER_STATEMENT = 500


def requests_by_nos(conn: Connection, request_nos: Sequence[str]) -> dict[str, ProviderRequest]:
    """The requests with these numbers, by number; numbers not found are left out."""
    found: dict[str, ProviderRequest] = {}
    for start in range(0, len(request_nos), _PER_STATEMENT):
        part = list(request_nos[start:start + _PER_STATEMENT])
        for row in conn.execute(select(provider_requests).where(provider_requests.c.request_no.in_(part))):
            found[row.request_no] = _request(row)
    return found


def mark_sent_many(conn: Connection, request_nos: Sequence[str], now: int) -> None:
    """``mark_sent`` for several requests, one statement per 500."""
    for start in range(0, len(request_nos), _PER_STATEMENT):
        part = list(request_nos[start:start + _PER_STATEMENT])
        conn.execute(provider_requests.update()
                     .where(provider_requests.c.request_no.in_(part),
                            provider_requests.c.state.in_(("prepared", "sent", "unknown")))
                     .values(state="sent", attempts=provider_requests.c.attempts + 1, updated_at=now))


def mark_sent(conn: Connection, request_no: str, now: int) -> None:
    """One more attempt is about to leave; an answer already recorded is kept."""
    conn.execute(provider_requests.update()
                 .where(provider_requests.c.request_no == request_no,
                        provider_requests.c.state.in_(("prepared", "sent", "unknown")))
                 .values(state="sent", attempts=provider_requests.c.attempts + 1, updated_at=now))


def record(conn: Connection, request_no: str, *, state: str, now: int, outcome: Mapping[str, Any] | None = None,
           error: str = "") -> None:
    values: dict[str, Any] = {"state": state, "updated_at": now, "last_error": error}
    if outcome is not None:
        values["outcome"] = dict(outcome)
    conn.execute(provider_requests.update().where(provider_requests.c.request_no == request_no).values(**values))


def open_requests(conn: Connection, limit: int = 500) -> list[ProviderRequest]:
    """Requests whose answer is not known yet, oldest first."""
    rows = conn.execute(select(provider_requests).where(provider_requests.c.state.in_(OPEN_STATES))
                        .order_by(provider_requests.c.id).limit(limit))
    return [_request(r) for r in rows]


def requests_of_freezes(conn: Connection, freeze_ids: Iterable[int]) -> dict[int, list[ProviderRequest]]:
    ids = list(freeze_ids)
    found: dict[int, list[ProviderRequest]] = {i: [] for i in ids}
    rows = conn.execute(select(provider_requests).where(provider_requests.c.freeze_id.in_(ids))
                        .order_by(provider_requests.c.id))
    for row in rows:
        found[row.freeze_id].append(_request(row))
    return found


def open_request_on(conn: Connection, freeze_id: int, operations: Iterable[str]) -> ProviderRequest | None:
    """A renew, release or deduction on the freeze whose answer is not known yet."""
    row = conn.execute(select(provider_requests).where(
        provider_requests.c.freeze_id == freeze_id, provider_requests.c.operation.in_(list(operations)),
        provider_requests.c.state.in_(OPEN_STATES)).limit(1)).first()
    return None if row is None else _request(row)
