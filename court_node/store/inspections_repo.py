"""Inspections (查询) and their per-provider results, as the providers answered them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from court_node.store.tables import cases, inspection_results, inspections


@dataclass(frozen=True)
class InspectionRecord:
    id: int
    case_id: int
    requested_at: int
    requested_by: int
    providers: list[str]
    document_no: str
    transactions_from: date | None
    transactions_to: date | None


@dataclass(frozen=True)
class ResultRecord:
    id: int
    inspection_id: int
    provider: str
    request_no: str
    state: str
    accounts: list[dict[str, Any]]
    error_code: str
    error_message: str
    updated_at: int


def _inspection(row: Any) -> InspectionRecord:
    return InspectionRecord(**{f.name: getattr(row, f.name) for f in fields(InspectionRecord)})


def _result(row: Any) -> ResultRecord:
    return ResultRecord(**{f.name: getattr(row, f.name) for f in fields(ResultRecord)})


def insert_inspection(conn: Connection, **values: Any) -> int:
    key = conn.execute(inspections.insert().values(**values)).inserted_primary_key
    assert key is not None
    return int(key[0])


def insert_result(conn: Connection, *, inspection_id: int, provider: str, request_no: str, now: int) -> None:
    conn.execute(inspection_results.insert().values(inspection_id=inspection_id, provider=provider,
                                                    request_no=request_no, state="pending", accounts=[],
                                                    error_code="", error_message="", updated_at=now))


def inspection_by_id(conn: Connection, inspection_id: int, court_code: str) -> InspectionRecord | None:
    """The inspection, or None when it does not exist or belongs to another court's case."""
    if not 0 < inspection_id <= 2**63 - 1:
        return None
    row = conn.execute(select(inspections).join(cases, cases.c.id == inspections.c.case_id)
                       .where(inspections.c.id == inspection_id, cases.c.court_code == court_code)).first()
    return None if row is None else _inspection(row)


def inspections_of_case(conn: Connection, case_id: int) -> list[InspectionRecord]:
    rows = conn.execute(select(inspections).where(inspections.c.case_id == case_id).order_by(inspections.c.id))
    return [_inspection(r) for r in rows]


def results_of(conn: Connection, inspection_ids: Sequence[int]) -> dict[int, list[ResultRecord]]:
    found: dict[int, list[ResultRecord]] = {i: [] for i in inspection_ids}
    rows = conn.execute(select(inspection_results).where(inspection_results.c.inspection_id.in_(inspection_ids))
                        .order_by(inspection_results.c.id))
    for row in rows:
        found[row.inspection_id].append(_result(row))
    return found


def result_by_request_no(conn: Connection, request_no: str) -> ResultRecord | None:
    row = conn.execute(select(inspection_results).where(inspection_results.c.request_no == request_no)).first()
    return None if row is None else _result(row)


def update_result(conn: Connection, request_no: str, **values: Any) -> None:
    conn.execute(inspection_results.update().where(inspection_results.c.request_no == request_no).values(**values))


def latest_completed(conn: Connection, case_id: int, providers: Iterable[str]) -> dict[str, ResultRecord]:
    """For each provider, its newest completed result for the case."""
    rows = conn.execute(select(inspection_results).join(inspections)
                        .where(inspections.c.case_id == case_id, inspection_results.c.state == "completed",
                               inspection_results.c.provider.in_(list(providers)))
                        .order_by(inspection_results.c.id.desc()))
    found: dict[str, ResultRecord] = {}
    for row in rows:
        found.setdefault(row.provider, _result(row))
    return found
