"""What each kind of batch does with one item, through the same service functions (and rules) as its single route.

``record`` writes the item's records and outbox requests inside the chunk's transaction (its own savepoint) and
says whether the item is done already (filing, notice) or waits for its providers (the requests to send).
``conclude`` judges a recorded item once its requests were sent: done (with its result or the error the single
route would answer), or None while an asynchronous provider still owes an answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection, select

from court_node.api.errors import ApiError
from court_node.api.schemas.cases import FileCaseSchema
from court_node.context import NodeContext
from court_node.domain.case_number import parse_case_number
from court_node.domain.money import fen_to_yuan
from court_node.domain.planning import PlanMode
from court_node.services import cases, deductions, freezes, inspections, limits, sync
from court_node.services.provider_calls import Delivery
from court_node.store import freezes_repo
from court_node.store.batches_repo import ItemRecord
from court_node.store.tables import deductions as deductions_table
from court_node.store.tables import inspection_results
from court_node.store.users_repo import User

#: built once for every item of every filing batch (building a schema costs more than loading a case with it)
_FILING = FileCaseSchema()


@dataclass(frozen=True)
class Recorded:
    """What recording an item gave: done now (with its result), or its records and requests to send."""

    done: bool
    result: dict[str, Any] = field(default_factory=dict)
    refs: dict[str, Any] = field(default_factory=dict)  # holds "requests": {request number: provider}
    case_id: int | None = None


@dataclass(frozen=True)
class Verdict:
    succeeded: bool
    result: dict[str, Any] | None = None
    error_code: str = ""
    error_message: str = ""


def requests_of(item: ItemRecord) -> dict[str, str]:
    requests: dict[str, str] = dict(item.refs.get("requests") or {})
    return requests


def prepare_chunk(ctx: NodeContext, kind: str, court_code: str, items: Sequence[ItemRecord]) -> None:
    """Work to do before a chunk's transaction: a deduction reads the cases' freezes from their providers first."""
    if kind != "deduction":
        return
    case_ids = [i.case_id for i in items if i.case_id is not None]
    with ctx.store.read() as conn:
        live = [f for case_id in case_ids for f in freezes_repo.freezes_of_case(conn, case_id, ("active", "waiting"))
                if f.court_code == court_code]  # another court's case fails as not found; its freezes are not read
    sync.sync_freezes(ctx, live)


def record(ctx: NodeContext, conn: Connection, user: User, kind: str, options: Mapping[str, Any],
           item: ItemRecord) -> Recorded:
    """Write one item's records in the caller's transaction; an ``ApiError`` is the item's failure."""
    if kind == "filing":
        data = _FILING.load(item.body or {})  # checked when the batch was taken; loaded again here
        filing = cases.Filing(
            case_number=data["case_number"], creditor=cases.Party(**data["creditor"]),
            debtor=cases.Party(**data["debtor"]), principal=data["principal"], costs=data["costs"],
            delay_interest=data["delay_interest"], judgment_date=data["judgment_date"],
            interest_from=data["interest_from"])
        cases.check_filing(ctx, user, filing)
        case_id = cases.record_filing(ctx, conn, user, filing)
        return Recorded(True, {"case_id": case_id, "case_number": str(parse_case_number(filing.case_number))},
                        case_id=case_id)
    assert item.case_id is not None
    if kind == "notice":
        case = cases.case_for_user(conn, user, item.case_id)
        cases.record_notice(ctx, conn, user, item.case_id,
                            document_no=options.get("document_no") or f"{case.case_number}通知书")
        return Recorded(True)
    if kind == "inspection":
        names = inspections.chosen_providers(ctx, options.get("providers"))
        inspection_id, requests = inspections.record_inspection(ctx, conn, user, item.case_id, names,
                                                                document_no=options.get("document_no"))
        return Recorded(False, refs={"inspection_id": inspection_id, "requests": requests})
    if kind == "freeze":
        case, chosen = freezes.plan_for(ctx, conn, user, item.case_id, mode=PlanMode(options.get("mode", "amount")))
        wanted = options.get("providers")
        if wanted is not None:  # the plan is made over every provider; only the named providers' part is placed
            chosen = replace(chosen, plan=replace(chosen.plan, items=[
                i for i in chosen.plan.items if i.provider in wanted]))
        ids, requests = freezes.record_freezes(ctx, conn, user, case, chosen,
                                               document_no=options.get("document_no") or case.case_number,
                                               term_days=options.get("term_days"))
        return Recorded(False, refs={"freeze_ids": ids, "requests": requests})
    case = cases.case_for_user(conn, user, item.case_id)
    document = options.get("document_no") or case.case_number
    requests = deductions.record_deductions(ctx, conn, user, item.case_id, document_no=document,
                                            notice_no=options.get("notice_no") or document)
    return Recorded(False, refs={"requests": requests, "document_no": document})


def after_delivery(ctx: NodeContext, user: User, kind: str, items: Sequence[ItemRecord]) -> None:
    """A deduction brings its case within its limits afterwards, as the single route does."""
    if kind != "deduction":
        return
    for item in items:
        if item.case_id is not None:
            limits.enforce(ctx, item.case_id, user, str(item.refs.get("document_no", "")))


def unanswered_inspections(ctx: NodeContext, items: Sequence[ItemRecord]) -> set[int]:
    """Of the items' inspections, those a provider has not answered yet."""
    ids = [int(i.refs["inspection_id"]) for i in items if "inspection_id" in i.refs]
    if not ids:
        return set()
    with ctx.store.read() as conn:
        return {int(r.inspection_id) for r in conn.execute(
            select(inspection_results.c.inspection_id).distinct().where(
                inspection_results.c.inspection_id.in_(ids), inspection_results.c.state == "pending"))}


def conclude(ctx: NodeContext, kind: str, item: ItemRecord, deliveries: Mapping[str, Delivery],
             unanswered: set[int]) -> Verdict | None:
    """The item's outcome once its requests were sent; None while an answer is still owed (``unanswered``
    inspections)."""
    if kind == "inspection":
        if item.refs["inspection_id"] in unanswered:
            return None
        return Verdict(True, {"inspection_id": item.refs["inspection_id"], "state": "completed"})
    if kind == "freeze":
        return Verdict(True, {"freeze_ids": list(item.refs["freeze_ids"])})
    requests = requests_of(item)
    mine = {no: deliveries[no] for no in requests if no in deliveries}
    with ctx.store.read() as conn:
        rows = list(conn.execute(select(deductions_table.c.id, deductions_table.c.amount)
                                 .where(deductions_table.c.request_no.in_(list(requests)))
                                 .order_by(deductions_table.c.id)))
    try:
        deductions.raise_when_none_went_through(mine, requests)
    except ApiError as exc:
        return Verdict(False, error_code=exc.code, error_message=exc.message)
    return Verdict(True, {"deduction_ids": [int(r.id) for r in rows],
                          "amount": fen_to_yuan(sum(int(r.amount) for r in rows))})


def overdue(kind: str, item: ItemRecord) -> Verdict:
    """An item whose provider did not answer before the batch's deadline: recorded, its answer still to come."""
    if kind == "inspection":
        return Verdict(True, {"inspection_id": item.refs["inspection_id"], "state": "pending"})
    return Verdict(True, {k: v for k, v in item.refs.items() if k.endswith("_ids")})
