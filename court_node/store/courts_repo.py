"""Courts served by this node: code, name and enforcement account (执行款专户)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, select

from court_node.adapters.types import Court
from court_node.store.tables import courts


def court_by_code(conn: Connection, code: str) -> Court | None:
    row = conn.execute(select(courts).where(courts.c.code == code)).first()
    return None if row is None else Court(row.code, row.name, row.enforcement_account)


def all_courts(conn: Connection) -> list[Court]:
    rows = conn.execute(select(courts).order_by(courts.c.code)).all()
    return [Court(r.code, r.name, r.enforcement_account) for r in rows]


def add_court(conn: Connection, court: Court) -> bool:
    """Add a court; False (and nothing changed) when its code is already there."""
    if court_by_code(conn, court.code) is not None:
        return False
    conn.execute(courts.insert().values(code=court.code, name=court.name,
                                        enforcement_account=court.enforcement_account))
    return True


def ensure_courts(conn: Connection, wanted: Iterable[Court]) -> list[Court]:
    """Add the courts that are missing; the ones added."""
    return [court for court in wanted if add_court(conn, court)]
