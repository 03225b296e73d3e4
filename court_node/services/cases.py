"""Cases: file one, read them with what is due now, record service of the notice, the timeline.

A court sees its own cases only: another court's case is "not found", never "forbidden", so that its
existence does not leak. ``case_for_user`` is the one place that rule lives; later services use it too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from court_node.adapters.types import Court, Subject
from court_node.api.errors import Conflict, NotFound, RuleRefused, field_error
from court_node.audit.chain import AuditEvent
from court_node.clock import beijing_date
from court_node.context import NodeContext
from court_node.domain.amounts import AmountDue, Debt, amount_due
from court_node.domain.case_number import parse_case_number
from court_node.store import cases_repo
from court_node.store.cases_repo import CaseRecord
from court_node.store.courts_repo import all_courts
from court_node.store.users_repo import User, users_by_id

ACTIVE = ("filed", "notice_served")


@dataclass(frozen=True)
class Party:
    name: str
    id_type: str
    id_number: str


@dataclass(frozen=True)
class Filing:
    """What filing a case takes; validated at the edge (case number format, ID check characters, money)."""

    case_number: str
    creditor: Party
    debtor: Party
    principal: int
    costs: int
    delay_interest: bool
    judgment_date: date
    interest_from: date | None = None


@dataclass(frozen=True)
class UserRef:
    id: int
    name: str
    role: str


@dataclass(frozen=True)
class CaseView:
    """A case as the API shows it, with the amounts computed for ``as_of``."""

    id: int
    case_number: str
    court: Court
    creditor: Party
    debtor: Party
    principal: int
    costs: int
    delay_interest: bool
    judgment_date: date
    interest_from: date
    status: str
    amount_due: int
    amount_due_detail: AmountDue
    as_of: date
    frozen: int
    collected: int
    filed_at: int
    filed_by: UserRef
    notice_served_at: int | None
    notice_document_no: str | None
    deductions_allowed_from: date | None
    closed_at: int | None


def debt_of(case: CaseRecord) -> Debt:
    return Debt(case.principal, case.costs, case.delay_interest, case.interest_from)


def debtor_of(case: CaseRecord) -> Subject:
    """The debtor as the adapters name a subject."""
    return Subject(case.debtor_name, case.debtor_id_type, case.debtor_id_number)


def deductions_allowed_from(case: CaseRecord, grace_days: int) -> date | None:
    """The first Beijing day deductions are allowed: the notice's day plus the grace period (DOMAIN.md rule 9)."""
    if case.notice_served_at is None:
        return None
    return beijing_date(case.notice_served_at) + timedelta(days=grace_days)


def deductions_allowed(ctx: NodeContext, case: CaseRecord) -> bool:
    first = deductions_allowed_from(case, ctx.settings.grace_days)
    return first is not None and ctx.clock.today() >= first


def case_for_user(conn: Connection, user: User, case_id: int) -> CaseRecord:
    """The user's court's case, or 404 (also for another court's case)."""
    case = cases_repo.case_by_id(conn, case_id, user.court_code)
    if case is None:
        raise NotFound(f"no case {case_id} at court {user.court_code}", code="CASE_NOT_FOUND")
    return case


def file_case(ctx: NodeContext, user: User, filing: Filing) -> CaseView:
    """File an enforcement case (立案) for the user's court."""
    check_filing(ctx, user, filing)
    try:
        with ctx.store.write() as conn:
            case_id = record_filing(ctx, conn, user, filing)
            return _views(ctx, conn, [case_for_user(conn, user, case_id)])[0]
    except IntegrityError:  # another request filed the same number between our check and our insert
        raise Conflict(f"case {parse_case_number(filing.case_number)} is already filed",
                       code="CASE_NUMBER_TAKEN") from None


def check_filing(ctx: NodeContext, user: User, filing: Filing) -> None:
    """The filing rules that need no records: the case's court, its dates, distinct parties."""
    number = parse_case_number(filing.case_number)
    if number.court_code != user.court_code:
        raise RuleRefused(f"case {number} belongs to court {number.court_code}, not {user.court_code}",
                          code="CASE_COURT_MISMATCH", details={"fields": {"case_number": ["another court's"]}})
    today = ctx.clock.today()
    if filing.judgment_date > today:
        raise field_error("judgment_date", f"{filing.judgment_date} is after today ({today})")
    interest_from = filing.interest_from or filing.judgment_date + timedelta(days=1)
    if interest_from < filing.judgment_date:
        raise field_error("interest_from", "delay interest cannot run before the judgment date")
    if filing.creditor.id_number == filing.debtor.id_number:
        raise RuleRefused("the creditor and the debtor are the same person", code="PARTIES_IDENTICAL")


def record_filing(ctx: NodeContext, conn: Connection, user: User, filing: Filing) -> int:
    """Write a checked filing (see ``check_filing``) and its audit record in the caller's transaction; its id."""
    number = parse_case_number(filing.case_number)
    interest_from = filing.interest_from or filing.judgment_date + timedelta(days=1)
    now = ctx.clock.now_us()
    if cases_repo.case_number_taken(conn, str(number)):
        raise Conflict(f"case {number} is already filed", code="CASE_NUMBER_TAKEN")
    case_id = cases_repo.insert_case(
        conn, court_code=user.court_code, case_number=str(number),
        creditor_name=filing.creditor.name, creditor_id_type=filing.creditor.id_type,
        creditor_id_number=filing.creditor.id_number, debtor_name=filing.debtor.name,
        debtor_id_type=filing.debtor.id_type, debtor_id_number=filing.debtor.id_number,
        principal=filing.principal, costs=filing.costs, delay_interest=filing.delay_interest,
        judgment_date=filing.judgment_date, interest_from=interest_from, status="filed", filed_at=now,
        filed_by=user.id)
    ctx.audit.append(conn, action="case.filed", user=user, court_code=user.court_code, case_id=case_id,
                     document_no=str(number), at=now, detail={
                         "case_number": str(number), "debtor": filing.debtor.name,
                         "principal_fen": filing.principal, "costs_fen": filing.costs,
                         "delay_interest": filing.delay_interest,
                         "judgment_date": filing.judgment_date.isoformat()})
    return case_id


def get_case(ctx: NodeContext, user: User, case_id: int) -> CaseView:
    with ctx.store.read() as conn:
        return _views(ctx, conn, [case_for_user(conn, user, case_id)])[0]


def list_cases(ctx: NodeContext, user: User, *, status: str | None = None, limit: int = 50,
               offset: int = 0) -> tuple[list[CaseView], int]:
    """One page of the user's court's cases, newest first, and the count of all that match."""
    with ctx.store.read() as conn:
        records, total = cases_repo.list_cases(conn, user.court_code, status=status, limit=limit, offset=offset)
        return _views(ctx, conn, records), total


def serve_notice(ctx: NodeContext, user: User, case_id: int, *, document_no: str,
                 served_at: int | None = None) -> CaseView:
    """Record service of the enforcement notice (执行通知书); deductions wait the grace period after it."""
    with ctx.store.write() as conn:
        record_notice(ctx, conn, user, case_id, document_no=document_no, served_at=served_at)
        return _views(ctx, conn, [case_for_user(conn, user, case_id)])[0]


def record_notice(ctx: NodeContext, conn: Connection, user: User, case_id: int, *, document_no: str,
                  served_at: int | None = None) -> None:
    """Check and record service of the notice, with its audit record, in the caller's transaction."""
    now = ctx.clock.now_us()
    when = now if served_at is None else served_at
    if when > now:
        raise field_error("served_at", "the notice cannot be served in the future")
    case = case_for_user(conn, user, case_id)
    if case.notice_served_at is not None:
        raise Conflict(f"the notice for case {case.case_number} was already served "
                       f"(document {case.notice_document_no})", code="NOTICE_ALREADY_SERVED")
    if case.status == "closed":
        raise Conflict(f"case {case.case_number} is closed", code="CASE_CLOSED")
    if beijing_date(when) < case.judgment_date:
        raise field_error("served_at", f"the notice cannot be served before the judgment ({case.judgment_date})")
    cases_repo.record_notice(conn, case.id, served_at=when, document_no=document_no.strip())
    ctx.audit.append(conn, action="notice.served", user=user, court_code=case.court_code, case_id=case.id,
                     document_no=document_no.strip(), detail={"served_at_us": when})


def case_events(ctx: NodeContext, user: User, case_id: int) -> list[AuditEvent]:
    """The case's timeline, oldest first."""
    with ctx.store.read() as conn:
        case = case_for_user(conn, user, case_id)
        return ctx.audit.events_of_case(conn, case.id)


def record_collection(ctx: NodeContext, conn: Connection, case: CaseRecord, *, amount: int, source: str,
                      reference: str = "", user: User | None = None) -> bool:
    """Record money collected for ``case`` inside the caller's transaction; True when it satisfies the case."""
    today = ctx.clock.today()
    cases_repo.add_collection(conn, case.id, on=today, at=ctx.clock.now_us(), amount=amount, source=source,
                              reference=reference)
    due = amount_due(debt_of(case), cases_repo.collections_of(conn, [case.id])[case.id], today)
    satisfied = due.total == 0 and case.status in ACTIVE
    if satisfied:
        cases_repo.set_status(conn, case.id, "satisfied")
        ctx.audit.append(conn, action="case.satisfied", user=user, court_code=case.court_code, case_id=case.id,
                         detail={"collected_fen": due.collected})
    return satisfied


def _views(ctx: NodeContext, conn: Connection, records: Sequence[CaseRecord]) -> list[CaseView]:
    ids = [r.id for r in records]
    if not ids:
        return []
    courts = {c.code: c for c in all_courts(conn)}
    collections = cases_repo.collections_of(conn, ids)
    frozen = cases_repo.frozen_by_case(conn, ids)
    filers = users_by_id(conn, {r.filed_by for r in records})
    today = ctx.clock.today()
    views = []
    for r in records:
        due = amount_due(debt_of(r), collections[r.id], today)
        filer = filers.get(r.filed_by)
        views.append(CaseView(
            id=r.id, case_number=r.case_number, court=courts[r.court_code],
            creditor=Party(r.creditor_name, r.creditor_id_type, r.creditor_id_number),
            debtor=Party(r.debtor_name, r.debtor_id_type, r.debtor_id_number),
            principal=r.principal, costs=r.costs, delay_interest=r.delay_interest, judgment_date=r.judgment_date,
            interest_from=r.interest_from, status=r.status, amount_due=due.total, amount_due_detail=due,
            as_of=today, frozen=frozen[r.id], collected=due.collected, filed_at=r.filed_at,
            filed_by=UserRef(r.filed_by, filer.name if filer else "", str(filer.role) if filer else ""),
            notice_served_at=r.notice_served_at, notice_document_no=r.notice_document_no,
            deductions_allowed_from=deductions_allowed_from(r, ctx.settings.grace_days), closed_at=r.closed_at))
    return views
