"""Freezes as the node records them: one row per account frozen, kept in step with the provider."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from court_node.store.tables import freezes

#: a freeze that may still hold money or take effect
LIVE = ("pending", "active", "waiting")


@dataclass(frozen=True)
class FreezeRecord:
    id: int
    case_id: int
    court_code: str
    provider: str
    account_no: str
    mode: str
    amount: int | None
    held: int
    unmet: int
    deducted: int
    status: str
    queue_position: int | None
    start_date: date | None
    end_date: date | None
    provider_ref: str
    request_no: str
    document_no: str
    error_code: str
    error_message: str
    created_at: int
    updated_at: int
    synced_at: int | None


def _record(row: Any) -> FreezeRecord:
    return FreezeRecord(**{f.name: getattr(row, f.name) for f in fields(FreezeRecord)})


def insert_freeze(conn: Connection, **values: Any) -> int:
    key = conn.execute(freezes.insert().values(**values)).inserted_primary_key
    assert key is not None
    return int(key[0])


def freeze_by_id(conn: Connection, freeze_id: int, court_code: str | None = None) -> FreezeRecord | None:
    """The freeze, or None when it does not exist or another court placed it."""
    if not 0 < freeze_id <= 2**63 - 1:
        return None
    query = select(freezes).where(freezes.c.id == freeze_id)
    if court_code is not None:
        query = query.where(freezes.c.court_code == court_code)
    row = conn.execute(query).first()
    return None if row is None else _record(row)


def freezes_of_case(conn: Connection, case_id: int, statuses: Iterable[str] | None = None) -> list[FreezeRecord]:
    query = select(freezes).where(freezes.c.case_id == case_id).order_by(freezes.c.id)
    if statuses is not None:
        query = query.where(freezes.c.status.in_(list(statuses)))
    return [_record(r) for r in conn.execute(query)]


def freezes_by_ids(conn: Connection, ids: Iterable[int]) -> list[FreezeRecord]:
    return [_record(r) for r in conn.execute(select(freezes).where(freezes.c.id.in_(list(ids)))
                                             .order_by(freezes.c.id))]


def live_freezes(conn: Connection, statuses: Iterable[str] = ("active", "waiting")) -> list[FreezeRecord]:
    return [_record(r) for r in conn.execute(select(freezes).where(freezes.c.status.in_(list(statuses)))
                                             .order_by(freezes.c.id))]


def case_ids_with_live_freezes(conn: Connection) -> list[int]:
    rows = conn.execute(select(freezes.c.case_id).where(freezes.c.status.in_(LIVE)).distinct())
    return sorted(int(r[0]) for r in rows)


def update_freeze(conn: Connection, freeze_id: int, **values: Any) -> None:
    conn.execute(freezes.update().where(freezes.c.id == freeze_id).values(**values))


def mark_account_stale(conn: Connection, provider: str, account_no: str) -> None:
    """Another measure on the account changed: every freeze on it is read from the provider again next time."""
    conn.execute(freezes.update().where(freezes.c.provider == provider, freezes.c.account_no == account_no,
                                        freezes.c.status.in_(("active", "waiting"))).values(synced_at=None))
