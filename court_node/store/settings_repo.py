"""The node's own key-value settings (the simulated clock's state, for one)."""

from __future__ import annotations

from sqlalchemy import Connection, select

from court_node.store.tables import settings


def get_setting(conn: Connection, key: str) -> str | None:
    return conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar_one_or_none()


def put_setting(conn: Connection, key: str, value: str) -> None:
    updated = conn.execute(settings.update().where(settings.c.key == key).values(value=value)).rowcount
    if not updated:
        conn.execute(settings.insert().values(key=key, value=value))
