"""SQLite on disk: one connection per thread, WAL, one writer at a time across threads and processes.

``BEGIN IMMEDIATE`` takes the write lock before the first read, so a read-modify-write of a balance can
never interleave with another one, whether the other is a thread or a worker process: no double spend.
A ``kill -9`` leaves either the whole transaction or none of it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path


class Database:
    """A SQLite file shared by every thread of this process (and by other processes)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._all_lock = threading.Lock()
        # Serialises this process's writers before SQLite's own lock, so threads queue instead of spinning.
        self.write_lock = threading.RLock()

    def connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode survives a killed process (the OS keeps the pages); only power loss can drop
            # the last commits, which a laptop simulation can accept for the speed.
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=30000")
            self._local.conn = conn
            with self._all_lock:
                self._all.append(conn)
        return conn

    def run_script(self, sql: str) -> None:
        """Create tables (idempotent DDL)."""
        with self.write_lock:
            self.connection().executescript(sql)

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: commit on success, roll back on any exception."""
        with self.write_lock:
            conn = self.connection()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent read snapshot."""
        conn = self.connection()
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("COMMIT")

    def get_setting(self, key: str) -> str | None:
        row = self.connection().execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row["value"])

    def set_setting(self, key: str, value: str) -> None:
        with self.write() as conn:
            conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def backup_to(self, target: Path) -> None:
        """Copy the whole database consistently into ``target`` (a snapshot)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        dest = sqlite3.connect(target)
        try:
            with self.write_lock:
                self.connection().backup(dest)
        finally:
            dest.close()

    def restore_from(self, source: Path) -> None:
        """Replace the whole database with the snapshot at ``source``."""
        src = sqlite3.connect(source)
        try:
            with self.write_lock:
                src.backup(self.connection())
        finally:
            src.close()

    def close(self) -> None:
        with self._all_lock:
            for conn in self._all:
                with suppress(sqlite3.ProgrammingError):
                    conn.close()
            self._all.clear()
        self._local = threading.local()
