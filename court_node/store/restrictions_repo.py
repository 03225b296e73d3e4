"""Consumption restriction orders (限制消费令) published to providers, and the dishonest-debtor listing."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import Connection, select

from court_node.store.tables import cases, restrictions


@dataclass(frozen=True)
class RestrictionRecord:
    id: int
    case_id: int
    provider: str
    request_no: str
    reference: str
    status: str
    document_no: str
    categories: list[str]
    lift_request_no: str | None
    error_code: str
    error_message: str
    created_at: int
    updated_at: int


@dataclass(frozen=True)
class Listing:
    """The debtor's entry on the dishonest-debtor list (失信被执行人名单) for one case."""

    listed_at: int | None
    document_no: str | None
    lifted_at: int | None


def _record(row: Any) -> RestrictionRecord:
    return RestrictionRecord(**{f.name: getattr(row, f.name) for f in fields(RestrictionRecord)})


def insert_restriction(conn: Connection, **values: Any) -> None:
    conn.execute(restrictions.insert().values(**values))


def restrictions_of_case(conn: Connection, case_id: int) -> list[RestrictionRecord]:
    return [_record(r) for r in conn.execute(select(restrictions).where(restrictions.c.case_id == case_id)
                                             .order_by(restrictions.c.id))]


def restriction_by_request_no(conn: Connection, request_no: str) -> RestrictionRecord | None:
    """The order placed, or lifted, under ``request_no``."""
    row = conn.execute(select(restrictions).where((restrictions.c.request_no == request_no)
                                                  | (restrictions.c.lift_request_no == request_no))).first()
    return None if row is None else _record(row)


def update_restriction(conn: Connection, restriction_id: int, **values: Any) -> None:
    conn.execute(restrictions.update().where(restrictions.c.id == restriction_id).values(**values))


def listing_of(conn: Connection, case_id: int) -> Listing:
    row = conn.execute(select(cases.c.dishonest_listed_at, cases.c.dishonest_document_no,
                              cases.c.dishonest_lifted_at).where(cases.c.id == case_id)).one()
    return Listing(row[0], row[1], row[2])


def list_debtor(conn: Connection, case_id: int, *, at: int, document_no: str) -> None:
    conn.execute(cases.update().where(cases.c.id == case_id).values(
        dishonest_listed_at=at, dishonest_document_no=document_no, dishonest_lifted_at=None))


def delist_debtor(conn: Connection, case_id: int, *, at: int) -> bool:
    return bool(conn.execute(cases.update().where(cases.c.id == case_id, cases.c.dishonest_listed_at.is_not(None),
                                                  cases.c.dishonest_lifted_at.is_(None))
                             .values(dishonest_lifted_at=at)).rowcount)


def case_ids_with_orders_in_force(conn: Connection) -> list[int]:
    """Cases with a restriction order still in force, or a listing not lifted."""
    rows = conn.execute(select(restrictions.c.case_id).where(restrictions.c.status == "active").distinct())
    listed = conn.execute(select(cases.c.id).where(cases.c.dishonest_listed_at.is_not(None),
                                                   cases.c.dishonest_lifted_at.is_(None)))
    return sorted({int(r[0]) for r in rows} | {int(r[0]) for r in listed})
