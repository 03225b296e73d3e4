"""The bank's own table in the ledger's file: judicial requests accepted and waiting, then their feedback.

Rows are written inside ledger transactions, so a request, its stored 202 answer and later the money its
processing moved and its feedback are each committed together or not at all.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from payment_mocks.ledger import LedgerTx

TABLE = "bank_requests"

BANK_SCHEMA = """
CREATE TABLE IF NOT EXISTS bank_requests (
    id INTEGER PRIMARY KEY,
    node_id TEXT NOT NULL,
    request_no TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('query', 'control')),
    body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('accepted', 'completed', 'rejected')),
    accepted_at INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    completed_at INTEGER,
    reason_code TEXT,
    reason TEXT,
    result TEXT,
    callback_url TEXT,
    callback_status TEXT NOT NULL DEFAULT 'none'
        CHECK (callback_status IN ('none', 'waiting', 'pending', 'delivered', 'failed')),
    callback_attempts INTEGER NOT NULL DEFAULT 0,
    callback_next_at REAL NOT NULL DEFAULT 0,
    UNIQUE (node_id, request_no)
);
CREATE INDEX IF NOT EXISTS bank_requests_due ON bank_requests(status, due_at, id);
CREATE INDEX IF NOT EXISTS bank_requests_callbacks ON bank_requests(callback_status, callback_next_at);
"""


@dataclass(frozen=True)
class BankRequest:
    """One accepted judicial request and, once processed, its outcome."""

    id: int
    node_id: str
    request_no: str
    kind: str
    body: dict[str, Any]
    status: str
    accepted_at: int
    due_at: int
    completed_at: int | None
    reason_code: str | None
    reason: str | None
    result: list[dict[str, Any]] | None
    callback_url: str | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> BankRequest:
        return cls(
            id=row["id"], node_id=row["node_id"], request_no=row["request_no"], kind=row["kind"],
            body=json.loads(row["body"]), status=row["status"], accepted_at=row["accepted_at"],
            due_at=row["due_at"], completed_at=row["completed_at"], reason_code=row["reason_code"],
            reason=row["reason"], result=None if row["result"] is None else json.loads(row["result"]),
            callback_url=row["callback_url"],
        )


def insert(tx: LedgerTx, *, node_id: str, kind: str, body: dict[str, Any], callback_url: str | None,
           due_at: int) -> BankRequest:
    """Accept a request now, to be processed at ``due_at``."""
    # A row without its stored answer can only be left from before a reset of the replies: it is stale.
    tx.conn.execute(f"DELETE FROM {TABLE} WHERE node_id = ? AND request_no = ?", (node_id, body["request_no"]))
    cur = tx.conn.execute(
        f"INSERT INTO {TABLE}(node_id, request_no, kind, body, status, accepted_at, due_at, callback_url,"
        " callback_status) VALUES (?, ?, ?, ?, 'accepted', ?, ?, ?, ?)",
        (node_id, body["request_no"], kind, json.dumps(body, ensure_ascii=False), tx.now_us, due_at, callback_url,
         "waiting" if callback_url else "none"),
    )
    return by_id(tx, int(cur.lastrowid or 0))


def by_id(tx: LedgerTx, request_id: int) -> BankRequest:
    row = tx.conn.execute(f"SELECT * FROM {TABLE} WHERE id = ?", (request_id,)).fetchone()
    return BankRequest.from_row(row)


def find(tx: LedgerTx, node_id: str, request_no: str) -> BankRequest | None:
    row = tx.conn.execute(
        f"SELECT * FROM {TABLE} WHERE node_id = ? AND request_no = ?", (node_id, request_no)
    ).fetchone()
    return None if row is None else BankRequest.from_row(row)


def next_due(tx: LedgerTx) -> int | None:
    row = tx.conn.execute(f"SELECT MIN(due_at) FROM {TABLE} WHERE status = 'accepted'").fetchone()
    return None if row[0] is None else int(row[0])


def due_at(tx: LedgerTx, at: int) -> list[BankRequest]:
    """Requests falling due exactly at ``at``, in acceptance order."""
    rows = tx.conn.execute(
        f"SELECT * FROM {TABLE} WHERE status = 'accepted' AND due_at = ? ORDER BY id", (at,)
    ).fetchall()
    return [BankRequest.from_row(r) for r in rows]


def finish(tx: LedgerTx, request: BankRequest, *, status: str, result: list[dict[str, Any]],
           reason_code: str | None = None, reason: str | None = None) -> None:
    """Record the outcome; a request with a callback URL becomes due for delivery."""
    tx.conn.execute(
        f"UPDATE {TABLE} SET status = ?, completed_at = ?, reason_code = ?, reason = ?, result = ?,"
        " callback_status = CASE WHEN callback_url IS NULL THEN 'none' ELSE 'pending' END, callback_next_at = 0"
        " WHERE id = ? AND status = 'accepted'",
        (status, tx.now_us, reason_code, reason, json.dumps(result, ensure_ascii=False), request.id),
    )


def claim_callbacks(tx: LedgerTx, now: float, lease_seconds: float, limit: int = 20) -> list[BankRequest]:
    """Callbacks due for an attempt, leased so that another worker process does not deliver them too."""
    rows = tx.conn.execute(
        f"SELECT * FROM {TABLE} WHERE callback_status = 'pending' AND callback_next_at <= ? ORDER BY id LIMIT ?",
        (now, limit),
    ).fetchall()
    for row in rows:
        tx.conn.execute(f"UPDATE {TABLE} SET callback_next_at = ? WHERE id = ?", (now + lease_seconds, row["id"]))
    return [BankRequest.from_row(r) for r in rows]


def callback_delivered(tx: LedgerTx, request_id: int) -> None:
    tx.conn.execute(
        f"UPDATE {TABLE} SET callback_status = 'delivered', callback_attempts = callback_attempts + 1 WHERE id = ?",
        (request_id,),
    )


def callback_failed(tx: LedgerTx, request_id: int, retry_at: float | None) -> None:
    """One failed attempt: try again at ``retry_at`` (real time), or give up when it is None."""
    tx.conn.execute(
        f"UPDATE {TABLE} SET callback_attempts = callback_attempts + 1,"
        " callback_status = CASE WHEN ? IS NULL THEN 'failed' ELSE 'pending' END,"
        " callback_next_at = COALESCE(?, callback_next_at) WHERE id = ?",
        (retry_at, retry_at, request_id),
    )


def callback_state(tx: LedgerTx, request_id: int) -> tuple[str, int]:
    """(status, attempts) of a request's callback."""
    row = tx.conn.execute(
        f"SELECT callback_status, callback_attempts FROM {TABLE} WHERE id = ?", (request_id,)
    ).fetchone()
    return str(row[0]), int(row[1])
