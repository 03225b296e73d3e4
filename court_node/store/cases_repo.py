"""Enforcement cases as stored, the money collected for them, and what their active freezes hold."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, case, func, select

from court_node.domain.amounts import Collection
from court_node.store.tables import cases, collections, freezes

#: the largest id SQLite can hold; larger ones name nothing (and must not reach the driver)
MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class CaseRecord:
    id: int
    court_code: str
    case_number: str
    creditor_name: str
    creditor_id_type: str
    creditor_id_number: str
    debtor_name: str
    debtor_id_type: str
    debtor_id_number: str
    principal: int
    costs: int
    delay_interest: bool
    judgment_date: date
    interest_from: date
    status: str
    filed_at: int
    filed_by: int
    notice_served_at: int | None
    notice_document_no: str | None
    closed_at: int | None


def _record(row: Any) -> CaseRecord:
    return CaseRecord(**{name: getattr(row, name) for name in CaseRecord.__dataclass_fields__})


def insert_case(conn: Connection, **values: Any) -> int:
    key = conn.execute(cases.insert().values(**values)).inserted_primary_key
    assert key is not None
    return int(key[0])


def case_by_id(conn: Connection, case_id: int, court_code: str | None = None) -> CaseRecord | None:
    """The case, or None when it does not exist or belongs to another court than ``court_code``."""
    if not 0 < case_id <= MAX_ID:
        return None
    query = select(cases).where(cases.c.id == case_id)
    if court_code is not None:
        query = query.where(cases.c.court_code == court_code)
    row = conn.execute(query).first()
    return None if row is None else _record(row)


def case_number_taken(conn: Connection, case_number: str) -> bool:
    return conn.execute(select(cases.c.id).where(cases.c.case_number == case_number)).first() is not None


def list_cases(conn: Connection, court_code: str, *, status: str | None, limit: int,
               offset: int) -> tuple[list[CaseRecord], int]:
    """One page of a court's cases, newest first, and how many there are in all."""
    where = [cases.c.court_code == court_code]
    if status is not None:
        where.append(cases.c.status == status)
    total = conn.execute(select(func.count()).select_from(cases).where(*where)).scalar_one()
    rows = conn.execute(select(cases).where(*where).order_by(cases.c.id.desc()).limit(limit).offset(offset)).all()
    return [_record(r) for r in rows], int(total)


def record_notice(conn: Connection, case_id: int, *, served_at: int, document_no: str) -> bool:
    """Record service of the notice; False when it was already recorded (nothing changed)."""
    return bool(conn.execute(
        cases.update().where(cases.c.id == case_id, cases.c.notice_served_at.is_(None))
        .values(notice_served_at=served_at, notice_document_no=document_no,
                status=case((cases.c.status == "filed", "notice_served"), else_=cases.c.status))).rowcount)


def set_status(conn: Connection, case_id: int, status: str, *, closed_at: int | None = None) -> None:
    values: dict[str, Any] = {"status": status}
    if closed_at is not None:
        values["closed_at"] = closed_at
    conn.execute(cases.update().where(cases.c.id == case_id).values(**values))


def add_collection(conn: Connection, case_id: int, *, on: date, at: int, amount: int, source: str,
                   reference: str = "") -> None:
    assert amount > 0, "a collection moves money to the creditor's side"
    conn.execute(collections.insert().values(case_id=case_id, on=on, at=at, amount=amount, source=source,
                                             reference=reference))


def collections_of(conn: Connection, case_ids: Sequence[int]) -> dict[int, list[Collection]]:
    found: dict[int, list[Collection]] = {case_id: [] for case_id in case_ids}
    rows = conn.execute(select(collections.c.case_id, collections.c.on, collections.c.amount)
                        .where(collections.c.case_id.in_(case_ids)).order_by(collections.c.id))
    for row in rows:
        found[row.case_id].append(Collection(row.on, row.amount))
    return found


def frozen_by_case(conn: Connection, case_ids: Sequence[int]) -> dict[int, int]:
    """What this node's active freezes hold for each case, in fen."""
    rows = conn.execute(select(freezes.c.case_id, func.coalesce(func.sum(freezes.c.held), 0))
                        .where(freezes.c.case_id.in_(case_ids), freezes.c.status == "active")
                        .group_by(freezes.c.case_id))
    held = {case_id: 0 for case_id in case_ids}
    held.update({row[0]: int(row[1]) for row in rows})
    return held
