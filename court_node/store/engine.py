"""The store's engine and transactions: SQLite in WAL mode with foreign keys on, or any SQLAlchemy URL.

``Store.write()`` is one all-or-nothing transaction; on SQLite it begins IMMEDIATE, so concurrent writers
queue on the lock instead of failing halfway when a read turns into a write.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.pool import StaticPool

from court_node.store.tables import metadata

_BEGIN_OPTION = "freezesim_begin"


class Store:
    """The node's database: the tables created on open, and read and write transactions."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        metadata.create_all(self.engine)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A transaction that sees one consistent snapshot."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction: committed when the block ends, rolled back when it raises."""
        with self.engine.connect() as conn:
            conn.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
            with conn.begin():
                yield conn

    def close(self) -> None:
        self.engine.dispose()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; for a SQLite file, its folder is created and WAL and foreign keys switched on."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    database = parsed.database or ""
    options: dict[str, Any] = {"connect_args": {"timeout": 30, "check_same_thread": False}}
    in_memory = database in ("", ":memory:") or database.startswith("file::memory:")
    if in_memory:
        options["poolclass"] = StaticPool  # one shared connection, or every thread would see its own database
    else:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **options)
    _tune_sqlite(engine, wal=not in_memory)
    return engine


def _tune_sqlite(engine: Engine, *, wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None  # the driver must not open transactions behind our back
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 30000")
        if wal:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # on the driver's connection: SQLAlchemy's statement path (events, result) costs more than the BEGIN itself
        # and this runs for every transaction (docs/benchmarks.md, Profiling)
        mode = conn.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        conn.connection.driver_connection.execute(f"BEGIN {mode}")  # type: ignore[union-attr]
