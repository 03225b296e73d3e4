"""The hash-chained audit trail (审计日志).

Each record's hash is SHA-256 over the previous record's hash and a canonical JSON of the record (its id
included), so editing, reordering or removing a record breaks the chain at that record or the next one.
The last record's id and hash are also kept apart from the chain (the ``audit_head`` setting), so that removing
the newest records, which leaves no next record to break, is detected too. Appends happen inside the caller's
write transaction: the record and the head commit with the action they describe.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Text, select, type_coerce

from court_node.clock import SimClock
from court_node.store.settings_repo import get_setting, put_setting
from court_node.store.tables import audit_events
from court_node.store.users_repo import User

GENESIS = "0" * 64
HEAD_SETTING = "audit_head"
_HASHED = ("id", "at", "court_code", "case_id", "user_id", "user_name", "user_role", "action", "document_no",
           "detail")
#: built once (several appends per request): a reused statement keeps its cache key
_LAST = select(audit_events.c.id, audit_events.c.hash).order_by(audit_events.c.id.desc()).limit(1)
_INSERT = audit_events.insert()


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: int
    court_code: str
    case_id: int | None
    user_id: int | None
    user_name: str
    user_role: str
    action: str
    document_no: str
    detail: dict[str, Any] = field(default_factory=dict)
    prev_hash: str = GENESIS
    hash: str = ""


@dataclass(frozen=True)
class BrokenRecord:
    """The first record at which the chain no longer holds, and why."""

    id: int
    reason: str

    def __str__(self) -> str:
        return f"audit record {self.id}: {self.reason}"


def canonical_json(record: Mapping[str, Any]) -> str:
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def record_hash(prev_hash: str, record: Mapping[str, Any]) -> str:
    """SHA-256 over the previous hash and the record's canonical JSON."""
    content = {name: record[name] for name in _HASHED}
    return hashlib.sha256((prev_hash + canonical_json(content)).encode("utf-8")).hexdigest()


def _event(row: Any) -> AuditEvent:
    return AuditEvent(row.id, row.at, row.court_code, row.case_id, row.user_id, row.user_name, row.user_role,
                      row.action, row.document_no, dict(row.detail or {}), row.prev_hash, row.hash)


class HeldAppends:
    """Records appended on one connection, kept in memory until written together at the end of ``held``."""

    def __init__(self, last_id: int, last_hash: str) -> None:
        self.records: list[dict[str, Any]] = []
        self.base = (last_id, last_hash)

    @property
    def last(self) -> tuple[int, str]:
        return (self.records[-1]["id"], self.records[-1]["hash"]) if self.records else self.base

    def mark(self) -> int:
        """Where the held records stand, to ``undo`` to when the block that follows is rolled back."""
        return len(self.records)

    def undo(self, mark: int) -> None:
        """Drop the records held since ``mark`` (their savepoint was rolled back; the chain continues before them)."""
        del self.records[mark:]


class AuditLog:
    """Appends to and checks the audit trail; time comes from the node's clock."""

    def __init__(self, clock: SimClock) -> None:
        self.clock = clock
        self._held: dict[int, HeldAppends] = {}  # id(connection) -> its held appends (one thread per connection)

    @contextmanager
    def held(self, conn: Connection) -> Iterator[HeldAppends]:
        """Hold the block's appends on ``conn`` and write them at its end: one insert of many rows, one head update.

        Their hashes are chained in order exactly as single appends chain them. On an error nothing held is
        written (the caller's transaction is rolled back). A block within a held block shares it.
        """
        outer = self._held.get(id(conn))
        if outer is not None:
            yield outer
            return
        last = conn.execute(_LAST).first()
        holding = self._held[id(conn)] = HeldAppends(0, GENESIS) if last is None else HeldAppends(last.id, last.hash)
        try:
            yield holding
        finally:
            del self._held[id(conn)]
        if holding.records:
            conn.execute(_INSERT, holding.records)
            last_id, last_hash = holding.last
            put_setting(conn, HEAD_SETTING, f"{last_id}:{last_hash}")

    def append(self, conn: Connection, *, action: str, user: User | None, court_code: str,
               case_id: int | None = None, document_no: str = "", detail: Mapping[str, Any] | None = None,
               at: int | None = None) -> AuditEvent:
        """Append one record inside the caller's write transaction (``at``: default now)."""
        holding = self._held.get(id(conn))
        if holding is not None:
            last_id, last_hash = holding.last
        else:
            last = conn.execute(_LAST).first()
            last_id, last_hash = (0, GENESIS) if last is None else (last.id, last.hash)
        record: dict[str, Any] = {
            "id": last_id + 1,
            "at": self.clock.now_us() if at is None else at,
            "court_code": court_code,
            "case_id": case_id,
            "user_id": None if user is None else user.id,
            "user_name": "" if user is None else user.name,
            "user_role": "" if user is None else str(user.role),
            "action": action,
            "document_no": document_no,
            "detail": json.loads(canonical_json(detail or {})),  # what the database will give back
        }
        record["prev_hash"] = last_hash
        record["hash"] = record_hash(last_hash, record)
        if holding is not None:
            holding.records.append(record)
            return AuditEvent(**record)
        conn.execute(_INSERT, record)
        put_setting(conn, HEAD_SETTING, f"{record['id']}:{record['hash']}")
        return AuditEvent(**record)

    @staticmethod
    def events_of_case(conn: Connection, case_id: int) -> list[AuditEvent]:
        """The case's timeline, oldest first."""
        rows = conn.execute(select(audit_events).where(audit_events.c.case_id == case_id)
                            .order_by(audit_events.c.id))
        return [_event(r) for r in rows]


def verify(conn: Connection) -> BrokenRecord | None:
    """Walk the chain from the start; the first broken record, or None when every record holds."""
    prev_hash, expected_id = GENESIS, None
    # the detail is read as text so that a record edited into invalid JSON is reported, not raised
    columns = [c for c in audit_events.c if c.name != "detail"]
    query = select(*columns, type_coerce(audit_events.c.detail, Text).label("detail")).order_by(audit_events.c.id)
    for row in conn.execute(query):
        record = row._asdict()
        if expected_id is not None and row.id != expected_id:
            return BrokenRecord(row.id, f"records {expected_id}..{row.id - 1} are missing")
        if row.prev_hash != prev_hash:
            return BrokenRecord(row.id, "its previous-hash does not match the record before it")
        try:
            record["detail"] = json.loads(record["detail"])
            actual = record_hash(prev_hash, record)
        except (TypeError, ValueError):
            return BrokenRecord(row.id, "its content cannot be read back")
        if actual != row.hash:
            return BrokenRecord(row.id, "its content does not match its hash (edited)")
        prev_hash, expected_id = row.hash, row.id + 1
    return _check_head(conn, None if expected_id is None else expected_id - 1, prev_hash)


def _check_head(conn: Connection, last_id: int | None, last_hash: str) -> BrokenRecord | None:
    """The chain must end where the last append left it (a trail from before the head was kept has none)."""
    head = get_setting(conn, HEAD_SETTING)
    if head is None:
        return None
    head_id, _, head_hash = head.partition(":")
    if not head_id.isdigit():
        return BrokenRecord(0, "the recorded head of the chain cannot be read")
    if last_id is None or int(head_id) > last_id:
        first_missing = 1 if last_id is None else last_id + 1
        return BrokenRecord(first_missing, f"records {first_missing}..{head_id} are missing from the end")
    if int(head_id) != last_id or head_hash != last_hash:
        return BrokenRecord(last_id, "the chain does not end at the recorded head")
    return None
