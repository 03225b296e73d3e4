"""The request journal: what each dialect request looked like, how it was answered, and the fault it met.

Kept in the ledger's database so every worker writes to one journal; capped by deleting the oldest entries.
Authorization headers are never stored (no header is), and control requests are never journaled.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from payment_mocks.control.views import iso
from payment_mocks.ledger.database import Database

JOURNAL_SCHEMA = """
CREATE TABLE IF NOT EXISTS request_journal (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    query TEXT NOT NULL DEFAULT '',
    status INTEGER,
    duration_ms INTEGER NOT NULL,
    caller TEXT,
    request_no TEXT,
    fault TEXT,
    request_body TEXT NOT NULL DEFAULT '',
    response_body TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS request_journal_by_request_no ON request_journal(request_no);
"""

EXCERPT_BYTES = 2048


@dataclass(frozen=True)
class JournalEntry:
    """One dialect request; ``status`` None when the connection was refused or closed before any answer."""

    at_us: int
    method: str
    path: str
    query: str
    status: int | None
    duration_ms: int
    caller: str | None = None
    request_no: str | None = None
    fault: dict[str, Any] | None = None
    request_body: str = ""
    response_body: str = ""


@dataclass(frozen=True)
class JournalQuery:
    limit: int = 50
    method: str | None = None
    path_prefix: str | None = None
    status: int | None = None
    request_no: str | None = None
    since_id: int | None = None


def excerpt(data: bytes) -> str:
    """The first 2 KB of a body as text."""
    return data[:EXCERPT_BYTES].decode("utf-8", errors="replace")


def ensure_schema(db: Database) -> None:
    db.run_script(JOURNAL_SCHEMA)


def record(db: Database, entry: JournalEntry, cap: int) -> int:
    """Append an entry in its own short transaction and drop what falls beyond ``cap``; returns its id."""
    with db.write() as conn:
        cur = conn.execute(
            "INSERT INTO request_journal(at, method, path, query, status, duration_ms, caller, request_no, fault,"
            " request_body, response_body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (entry.at_us, entry.method[:16], entry.path[:2000], entry.query[:2000], entry.status, entry.duration_ms,
             None if entry.caller is None else str(entry.caller)[:200],
             None if entry.request_no is None else str(entry.request_no)[:200],
             None if entry.fault is None else json.dumps(entry.fault, sort_keys=True),
             entry.request_body, entry.response_body),
        )
        new_id = int(cur.lastrowid or 0)
        # Ids only grow and only the oldest are ever deleted, so everything at or below new_id - cap is surplus.
        conn.execute("DELETE FROM request_journal WHERE id <= ?", (new_id - max(cap, 1),))
    return new_id


def entries(db: Database, query: JournalQuery) -> list[dict[str, Any]]:
    """Matching entries, newest first."""
    sql = "SELECT * FROM request_journal WHERE 1 = 1"
    args: list[Any] = []
    if query.method:
        sql += " AND method = ?"
        args.append(query.method.upper())
    if query.path_prefix:
        sql += " AND substr(path, 1, ?) = ?"
        args += [len(query.path_prefix), query.path_prefix]
    if query.status is not None:
        sql += " AND status = ?"
        args.append(query.status)
    if query.request_no:
        sql += " AND request_no = ?"
        args.append(query.request_no)
    if query.since_id is not None:
        sql += " AND id > ?"
        args.append(query.since_id)
    sql += " ORDER BY id DESC LIMIT ?"
    args.append(query.limit)
    return [_entry_json(row) for row in db.connection().execute(sql, args).fetchall()]


def _entry_json(row: Any) -> dict[str, Any]:
    return {
        "id": row["id"],
        "at": iso(int(row["at"])),
        "method": row["method"],
        "path": row["path"],
        "query": row["query"],
        "status": row["status"],
        "duration_ms": row["duration_ms"],
        "caller": row["caller"],
        "request_no": row["request_no"],
        "fault": None if row["fault"] is None else json.loads(row["fault"]),
        "request_body": row["request_body"],
        "response_body": row["response_body"],
    }


def count(db: Database) -> int:
    return int(db.connection().execute("SELECT COUNT(*) FROM request_journal").fetchone()[0])


def clear(db: Database) -> None:
    with db.write() as conn:
        conn.execute("DELETE FROM request_journal")
