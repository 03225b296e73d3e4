"""Inspections (查询): ask every configured (or the named) provider about the debtor at once.

Each provider answers on its own: a failure or a timeout is that provider's result (``failed``, with the
error) while the others still answer; an asynchronous provider's result stays ``pending`` until its answer
arrives (a read of the inspection asks again, and so does the background worker).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection

from court_node.adapters.types import QueryRequest
from court_node.api.errors import Conflict, NotFound, field_error
from court_node.context import NodeContext
from court_node.services import outbox
from court_node.services.cases import ACTIVE, UserRef, case_for_user, debtor_of
from court_node.services.payloads import query_json
from court_node.store import inspections_repo
from court_node.store.courts_repo import court_by_code
from court_node.store.inspections_repo import InspectionRecord, ResultRecord
from court_node.store.users_repo import User, users_by_id

#: how far back transaction records may be asked for
MAX_PERIOD_DAYS = 3 * 366


@dataclass(frozen=True)
class InspectionView:
    id: int
    case_id: int
    requested_at: int
    requested_by: UserRef
    document_no: str
    providers: list[str]
    transactions: dict[str, date] | None
    results: list[ResultRecord]

    @property
    def state(self) -> str:
        """``pending`` while any provider has not answered, else ``completed``."""
        return "pending" if any(r.state == "pending" for r in self.results) else "completed"


def chosen_providers(ctx: NodeContext, names: Sequence[str] | None) -> list[str]:
    """The named providers (each configured), or every configured one in the configured order."""
    if not ctx.adapters:
        raise Conflict("no provider is configured on this node", code="NO_PROVIDERS")
    if names is None:
        return list(ctx.adapters)
    unknown = [n for n in names if n not in ctx.adapters]
    if unknown:
        raise field_error("providers", f"{unknown[0]!r} is not a configured provider; "
                                       f"configured: {', '.join(ctx.adapters)}")
    return [n for n in ctx.adapters if n in names]


def start_inspection(ctx: NodeContext, user: User, case_id: int, *, providers: Sequence[str] | None = None,
                     transactions_from: date | None = None, transactions_to: date | None = None,
                     document_no: str | None = None) -> InspectionView:
    """Ask the providers in parallel and answer with every provider's result as it stands."""
    names = chosen_providers(ctx, providers)
    check_period(transactions_from, transactions_to)
    with ctx.store.write() as conn:
        inspection_id, requests = record_inspection(ctx, conn, user, case_id, names,
                                                    transactions_from=transactions_from,
                                                    transactions_to=transactions_to, document_no=document_no)
    outbox.deliver_all(ctx, requests, user)
    return _view(ctx, user, inspection_id)


def check_period(transactions_from: date | None, transactions_to: date | None) -> None:
    """Both ends or neither, in order, at most ``MAX_PERIOD_DAYS`` apart; 400 otherwise."""
    if (transactions_from is None) != (transactions_to is None):
        raise field_error("transactions", "give both from and to")
    if transactions_from is not None and transactions_to is not None:
        if transactions_from > transactions_to:
            raise field_error("transactions.from", "must not be after transactions.to")
        if (transactions_to - transactions_from).days > MAX_PERIOD_DAYS:
            raise field_error("transactions.from", f"a period of at most {MAX_PERIOD_DAYS} days")


def record_inspection(ctx: NodeContext, conn: Connection, user: User, case_id: int, names: Sequence[str], *,
                      transactions_from: date | None = None, transactions_to: date | None = None,
                      document_no: str | None = None) -> tuple[int, dict[str, str]]:
    """Write the inspection, its results and its outbox requests in the caller's transaction.

    The inspection's id and its requests (request number -> provider), for ``outbox.deliver_all``.
    """
    now = ctx.clock.now_us()
    requests: dict[str, str] = {}
    case = case_for_user(conn, user, case_id)
    if case.status not in ACTIVE:
        raise Conflict(f"case {case.case_number} is {case.status}", code="CASE_NOT_ACTIVE")
    court = court_by_code(conn, case.court_code)
    assert court is not None
    document = document_no or case.case_number
    inspection_id = inspections_repo.insert_inspection(
        conn, case_id=case.id, requested_at=now, requested_by=user.id, providers=list(names), document_no=document,
        transactions_from=transactions_from, transactions_to=transactions_to)
    for name in names:
        request = QueryRequest(outbox.new_request_no("query", case.id), court, user.name, case.case_number,
                               document, debtor_of(case), transactions_from, transactions_to)
        outbox.prepare(ctx, conn, provider=name, kind="query", operation="query", case_id=case.id,
                       payload=query_json(request))
        inspections_repo.insert_result(conn, inspection_id=inspection_id, provider=name,
                                       request_no=request.request_no, now=now)
        requests[request.request_no] = name
    period: dict[str, Any] = {} if transactions_from is None else {
        "transactions_from": str(transactions_from), "transactions_to": str(transactions_to)}
    ctx.audit.append(conn, action="inspection.requested", user=user, court_code=case.court_code,
                     case_id=case.id, document_no=document,
                     detail={"inspection_id": inspection_id, "providers": list(names), **period})
    return inspection_id, requests


def get_inspection(ctx: NodeContext, user: User, inspection_id: int, *, poll: bool = True) -> InspectionView:
    """An inspection with its results; pending results are asked for again first."""
    view = _view(ctx, user, inspection_id)
    if poll and view.state == "pending":
        poll_pending(ctx, [r for r in view.results if r.state == "pending"], user)
        view = _view(ctx, user, inspection_id)
    return view


def list_inspections(ctx: NodeContext, user: User, case_id: int) -> list[InspectionView]:
    with ctx.store.read() as conn:
        case = case_for_user(conn, user, case_id)
        records = inspections_repo.inspections_of_case(conn, case.id)
        return _views(conn, records)


def poll_pending(ctx: NodeContext, results: Sequence[ResultRecord], user: User | None) -> None:
    """Ask the providers for results still pending, in parallel."""
    outbox.resolve_all(ctx, {r.request_no: r.provider for r in results}, user)


def _view(ctx: NodeContext, user: User, inspection_id: int) -> InspectionView:
    with ctx.store.read() as conn:
        record = inspections_repo.inspection_by_id(conn, inspection_id, user.court_code)
        if record is None:
            raise NotFound(f"no inspection {inspection_id} at court {user.court_code}", code="INSPECTION_NOT_FOUND")
        return _views(conn, [record])[0]


def _views(conn: Any, records: Sequence[InspectionRecord]) -> list[InspectionView]:
    results = inspections_repo.results_of(conn, [r.id for r in records])
    people = users_by_id(conn, {r.requested_by for r in records})
    views = []
    for r in records:
        who = people.get(r.requested_by)
        period = None if r.transactions_from is None or r.transactions_to is None else {
            "from_": r.transactions_from, "to": r.transactions_to}
        views.append(InspectionView(r.id, r.case_id, r.requested_at,
                                    UserRef(r.requested_by, who.name if who else "", str(who.role) if who else ""),
                                    r.document_no, list(r.providers), period, results[r.id]))
    return views
