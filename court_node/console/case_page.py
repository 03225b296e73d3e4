"""Everything the case page shows, read through the node's services after asking for the answers still owed.

The accounts come from the latest inspection each provider answered: balance, available, and every judicial
measure the provider reported on them (this court's and other authorities', active or waiting in line).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from court_node.audit.chain import AuditEvent
from court_node.console.roles import may
from court_node.context import NodeContext
from court_node.services import cases, deductions, freezes, inspections, limits, outbox, restrictions, sync
from court_node.services.cases import CaseView
from court_node.services.inspections import InspectionView
from court_node.services.restrictions import RestrictionsView
from court_node.store import outbox_repo
from court_node.store.deductions_repo import DeductionRecord
from court_node.store.freezes_repo import FreezeRecord
from court_node.store.users_repo import User

_OPERATIONS = {"renew": "renewal 续冻", "release": "release 解冻", "deduct": "deduction 扣划"}


@dataclass(frozen=True)
class Measure:
    """A judicial measure on an account, as its provider reported it."""

    authority_code: str
    authority_name: str
    ours: bool  # placed by the user's court
    mode: str
    held: int
    unmet: int
    status: str  # active | waiting
    queue_position: int | None
    end_date: str | None


@dataclass(frozen=True)
class Account:
    account_no: str
    balance: int
    available: int
    whole_account_frozen: bool
    measures: list[Measure]


@dataclass(frozen=True)
class ProviderAccounts:
    """One provider's accounts from its latest answer, and how its newest inspection stands."""

    provider: str
    accounts: list[Account]
    answered_at: int | None  # when the accounts shown were reported; None: never
    inspection_id: int | None
    latest_state: str  # completed | pending | failed | none
    latest_error: str


@dataclass(frozen=True)
class CasePage:
    case: CaseView
    providers: list[ProviderAccounts]
    freezes: list[FreezeRecord]
    deductions: list[DeductionRecord]
    inspections: list[InspectionView]  # newest first
    restrictions: RestrictionsView
    events: list[AuditEvent]  # newest first
    waiting_for: list[tuple[str, str]]  # (provider, what) for each asynchronous answer still owed

    @property
    def waiting_note(self) -> str:
        """Whose answer the page waits for, in a few words."""
        providers = {provider for provider, _ in self.waiting_for}
        return "the bank's answer" if providers == {"bank"} else "the providers' answers"

    @property
    def active(self) -> bool:
        return self.case.status in cases.ACTIVE

    @property
    def live_freezes(self) -> list[FreezeRecord]:
        return [f for f in self.freezes if f.status in ("active", "waiting")]

    @property
    def active_freezes(self) -> list[FreezeRecord]:
        return [f for f in self.freezes if f.status == "active"]

    def forms_for(self, user: User) -> set[str]:
        """The forms the page offers ``user`` now: what the case's state makes sensible and the role allows."""
        if not self.active:
            return set()
        offered = {"inspect", "freeze"}
        if self.active_freezes:
            offered |= {"renew", "deduct"}
        if self.live_freezes:
            offered.add("release")
        if self.case.notice_served_at is None:
            offered.add("notice")
        listing = self.restrictions.listing
        if listing.listed_at is None or listing.lifted_at is not None:
            offered.add("restrict")
        return {form for form in offered if may(user, form)}


def load_case_page(ctx: NodeContext, user: User, case_id: int) -> CasePage:
    """The case as it stands now (404 for another court's case, as in the API)."""
    settle_owed(ctx, user, case_id)
    sync.refresh_stale(ctx, user, case_id)
    case = cases.get_case(ctx, user, case_id)
    records = [v.freeze for v in freezes.list_freezes(ctx, user, case_id)]
    found = inspections.list_inspections(ctx, user, case_id)[::-1]
    taken = deductions.list_deductions(ctx, user, case_id)
    orders = restrictions.get_restrictions(ctx, user, case_id)
    events = cases.case_events(ctx, user, case_id)[::-1]
    page = CasePage(case, _accounts(ctx, found, case.court.code), records, taken, found, orders, events, [])
    return replace(page, waiting_for=_owed(ctx, page))


def settle_owed(ctx: NodeContext, user: User, case_id: int) -> None:
    """Ask the asynchronous providers for the answers owed on the case, as the reconciler would, right now."""
    for view in inspections.list_inspections(ctx, user, case_id):
        if view.state == "pending":
            inspections.get_inspection(ctx, user, view.id)
    views = freezes.list_freezes(ctx, user, case_id)  # asks for the answers owed on pending freezes itself
    owed = {q.request_no: q.provider for v in views for q in v.requests
            if q.state == "pending" and q.operation != "freeze"}
    orders = restrictions.get_restrictions(ctx, user, case_id).orders
    with ctx.store.read() as conn:
        for order in orders:
            for request_no in (order.request_no, order.lift_request_no):
                request = outbox_repo.request_by_no(conn, request_no) if request_no else None
                if request is not None and request.state == "pending":
                    owed[request.request_no] = request.provider
    if not owed:
        return
    answers = outbox.resolve_all(ctx, owed)
    if any(d.state != "pending" for d in answers.values()):
        limits.enforce(ctx, case_id)  # a deduction or release came in: keep the case within its limits


def _accounts(ctx: NodeContext, newest_first: list[InspectionView], court_code: str) -> list[ProviderAccounts]:
    names = list(ctx.adapters) + sorted({r.provider for v in newest_first for r in v.results} - set(ctx.adapters))
    shown = []
    for name in names:
        results = [(v, r) for v in newest_first for r in v.results if r.provider == name]
        if not results:
            shown.append(ProviderAccounts(name, [], None, None, "none", ""))
            continue
        latest = results[0][1]
        answered = next(((v, r) for v, r in results if r.state == "completed"), None)
        accounts = [] if answered is None else [_account(a, court_code) for a in answered[1].accounts]
        shown.append(ProviderAccounts(
            name, accounts, None if answered is None else answered[1].updated_at,
            None if answered is None else answered[0].id, latest.state,
            f"{latest.error_code}: {latest.error_message}" if latest.state == "failed" else ""))
    return shown


def _account(data: dict[str, Any], court_code: str) -> Account:
    measures = [Measure(m["authority_code"], m["authority_name"], m["authority_code"] == court_code, m["mode"],
                        int(m["held"]), int(m["unmet"]), m["status"], m["queue_position"], m["end_date"])
                for m in data.get("measures", [])]
    return Account(data["account_no"], int(data["balance"]), int(data["available"]),
                   bool(data.get("whole_account_frozen")), measures)


def _owed(ctx: NodeContext, page: CasePage) -> list[tuple[str, str]]:
    """Each asynchronous answer still owed; the page reloads itself while there are any."""
    owed = [(r.provider, f"inspection #{v.id}") for v in page.inspections for r in v.results if r.state == "pending"]
    owed += [(f.provider, f"freeze #{f.id}") for f in page.freezes if f.status == "pending"]
    owed += [(d.provider, f"deduction #{d.id}") for d in page.deductions if d.status == "pending"]
    with ctx.store.read() as conn:
        requests = outbox_repo.requests_of_freezes(conn, [f.id for f in page.live_freezes])
    owed += [(q.provider, f"{_OPERATIONS[q.operation]} of freeze #{freeze_id}")
             for freeze_id, qs in requests.items() for q in qs
             if q.state == "pending" and q.operation in ("renew", "release")]
    owed += [(o.provider, "restriction order") for o in page.restrictions.orders if o.status in ("pending", "lifting")]
    return owed
