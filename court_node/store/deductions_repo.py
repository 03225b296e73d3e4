"""Deductions (扣划): money taken from a freeze into the court's enforcement account."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import Connection, func, select

from court_node.store.tables import deductions

#: a deduction whose outcome is not known yet
OPEN = ("pending", "unknown")


@dataclass(frozen=True)
class DeductionRecord:
    id: int
    case_id: int
    freeze_id: int
    provider: str
    request_no: str
    amount: int
    status: str
    document_no: str
    notice_no: str
    error_code: str
    error_message: str
    created_at: int
    updated_at: int


def _record(row: Any) -> DeductionRecord:
    return DeductionRecord(**{f.name: getattr(row, f.name) for f in fields(DeductionRecord)})


def insert_deduction(conn: Connection, **values: Any) -> int:
    key = conn.execute(deductions.insert().values(**values)).inserted_primary_key
    assert key is not None
    return int(key[0])


def deduction_by_request_no(conn: Connection, request_no: str) -> DeductionRecord | None:
    row = conn.execute(select(deductions).where(deductions.c.request_no == request_no)).first()
    return None if row is None else _record(row)


def deductions_of_case(conn: Connection, case_id: int) -> list[DeductionRecord]:
    return [_record(r) for r in conn.execute(select(deductions).where(deductions.c.case_id == case_id)
                                             .order_by(deductions.c.id))]


def deductions_by_request_nos(conn: Connection, request_nos: Iterable[str]) -> list[DeductionRecord]:
    return [_record(r) for r in conn.execute(select(deductions).where(deductions.c.request_no.in_(list(request_nos)))
                                             .order_by(deductions.c.id))]


def open_amounts(conn: Connection, freeze_ids: Iterable[int]) -> dict[int, int]:
    """What deductions still in flight may take from each freeze."""
    rows = conn.execute(select(deductions.c.freeze_id, func.sum(deductions.c.amount))
                        .where(deductions.c.freeze_id.in_(list(freeze_ids)), deductions.c.status.in_(OPEN))
                        .group_by(deductions.c.freeze_id))
    return {int(r[0]): int(r[1]) for r in rows}


def settle_deduction(conn: Connection, request_no: str, *, status: str, now: int, error_code: str = "",
                     error_message: str = "") -> bool:
    """Move an open deduction to its outcome; False when it was settled already (nothing changed)."""
    return bool(conn.execute(deductions.update()
                             .where(deductions.c.request_no == request_no, deductions.c.status.in_(OPEN))
                             .values(status=status, updated_at=now, error_code=error_code,
                                     error_message=error_message)).rowcount)


def mark_unknown(conn: Connection, request_no: str, *, now: int) -> bool:
    """The provider did not answer: the deduction may have happened; True when that is news."""
    return bool(conn.execute(deductions.update()
                             .where(deductions.c.request_no == request_no, deductions.c.status == "pending")
                             .values(status="unknown", updated_at=now)).rowcount)
