"""The node's own key-value settings (the simulated clock's state, for one)."""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, select

from court_node.store.tables import settings

# Built once: every request reads the clock and every audit record moves the head, and a statement object that is
# reused keeps its cache key, where one built per call costs more than running it (docs/benchmarks.md, Profiling).
_GET = select(settings.c.value).where(settings.c.key == bindparam("k"))
_UPDATE = settings.update().where(settings.c.key == bindparam("k")).values(value=bindparam("v"))
_INSERT = settings.insert().values(key=bindparam("k"), value=bindparam("v"))


def get_setting(conn: Connection, key: str) -> str | None:
    return conn.execute(_GET, {"k": key}).scalar_one_or_none()


def put_setting(conn: Connection, key: str, value: str) -> None:
    updated = conn.execute(_UPDATE, {"k": key, "v": value}).rowcount
    if not updated:
        conn.execute(_INSERT, {"k": key, "v": value})
