"""What a case may still freeze, and the plan for it: from the latest inspection, or checked when given.

The target is the amount due now less what the case has secured already. A live freeze secures what it holds,
plus what it may still take: the whole amount while it is pending or waiting in line, its unmet part while it
is active on a provider that captures later credits. The sum of every plan and every live freeze therefore
never exceeds the amount due (PRODUCT.md invariant 7).

A deduction still waiting for its answer counts as secured too: the provider may have taken it already, and a
read of the freeze then shows less held while the amount due has not yet fallen. Planning over that gap would
freeze again what the deduction collects. Counting it may freeze less for a while (when it failed), never more.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import Connection

from court_node.adapters.base import ProviderAdapter
from court_node.api.errors import Conflict, RuleRefused, field_error
from court_node.context import NodeContext
from court_node.domain.amounts import amount_due
from court_node.domain.planning import FoundAccount, FreezePlan, PlanMode, PlannedFreeze, plan_freezes
from court_node.services.cases import debt_of
from court_node.store import cases_repo, deductions_repo, freezes_repo, inspections_repo
from court_node.store.cases_repo import CaseRecord
from court_node.store.freezes_repo import FreezeRecord


@dataclass(frozen=True)
class PlanItem:
    """One freeze of an explicit plan, as the judge gave it."""

    provider: str
    account_no: str
    amount: int
    mode: PlanMode


@dataclass(frozen=True)
class CasePlan:
    due: int  # the amount due now
    secured: int  # what the case's live freezes hold or may still take
    plan: FreezePlan

    @property
    def target(self) -> int:
        return self.plan.target


def secures(freeze: FreezeRecord, adapters: Mapping[str, ProviderAdapter]) -> int:
    """What one freeze counts toward the amount due (see the module's docstring)."""
    if freeze.status in ("pending", "waiting"):
        return freeze.amount if freeze.amount is not None else freeze.held
    if freeze.status != "active":
        return 0
    adapter = adapters.get(freeze.provider)
    captures = adapter is not None and adapter.capabilities().capture_credits
    return freeze.held + (freeze.unmet if captures and freeze.mode == "amount" else 0)


def secured_by(ctx: NodeContext, freezes: Sequence[FreezeRecord]) -> int:
    return sum(secures(f, ctx.adapters) for f in freezes)


def secured_for(ctx: NodeContext, conn: Connection, case_id: int, live: Sequence[FreezeRecord]) -> int:
    """What the case's live freezes secure plus what its deductions still in flight may collect."""
    every = [f.id for f in freezes_repo.freezes_of_case(conn, case_id)]
    return secured_by(ctx, live) + sum(deductions_repo.open_amounts(conn, every).values())


def due_now(ctx: NodeContext, conn: Connection, case: CaseRecord) -> int:
    collections = cases_repo.collections_of(conn, [case.id])[case.id]
    return amount_due(debt_of(case), collections, ctx.clock.today()).total


def allowance_for(ctx: NodeContext, case: CaseRecord) -> int:
    """The living allowance is left to a natural person only (DOMAIN.md rule 8)."""
    return ctx.settings.living_allowance if case.debtor_id_type == "resident_id" else 0


def planned(ctx: NodeContext, conn: Connection, case: CaseRecord, mode: PlanMode) -> CasePlan:
    """Spread what is left to secure over the accounts the latest inspections found."""
    due = due_now(ctx, conn, case)
    live = freezes_repo.freezes_of_case(conn, case.id, freezes_repo.LIVE)
    secured = secured_for(ctx, conn, case.id, live)
    results = inspections_repo.latest_completed(conn, case.id, ctx.adapters)
    if not results:
        raise Conflict("no completed inspection to plan from: inspect the debtor's accounts first",
                       code="INSPECTION_REQUIRED")
    own: dict[tuple[str, str], int] = {}
    for f in live:
        own[(f.provider, f.account_no)] = own.get((f.provider, f.account_no), 0) + f.held
    accounts = []
    for provider, result in results.items():
        caps = ctx.adapters[provider].capabilities()
        for a in result.accounts:
            mine = own.get((provider, a["account_no"]), 0)  # money this case holds is not another's to wait for
            accounts.append(FoundAccount(provider, a["account_no"], max(a["available"], a["balance"] - mine),
                                         a["available"], caps.capture_credits, caps.whole_account_freeze))
    allowance = allowance_for(ctx, case)
    while True:
        plan = plan_freezes(due - secured, accounts, allowance=allowance, provider_order=list(ctx.adapters),
                            mode=mode)
        eating = _beyond_share(plan, accounts)
        if not eating:
            return CasePlan(due, secured, plan)
        # a provider fills an amount freeze from free money first: a freeze asking for more than its share, on an
        # account where unplanned free money (the allowance) stays, would take that money at once; so such an
        # account neither captures for the rest nor waits in line for others' money
        accounts = [replace(a, captures_credits=False, balance=a.available)
                    if (a.provider, a.account_no) in eating else a for a in accounts]


def _beyond_share(plan: FreezePlan, accounts: Sequence[FoundAccount]) -> set[tuple[str, str]]:
    """Accounts whose freeze asks for more than it should hold now while free money stays unplanned on them."""
    found = {(a.provider, a.account_no): a for a in accounts}
    return {(i.provider, i.account_no) for i in plan.items
            if i.amount > i.expected_hold and found[(i.provider, i.account_no)].available > i.expected_hold}


def checked(ctx: NodeContext, conn: Connection, case: CaseRecord, items: Sequence[PlanItem]) -> CasePlan:
    """An explicit plan, refused when it would freeze more than the amount due (422 OVER_FREEZE)."""
    seen: set[tuple[str, str]] = set()
    for i, item in enumerate(items):
        if item.provider not in ctx.adapters:
            raise field_error(f"items.{i}.provider", f"{item.provider!r} is not a configured provider")
        if (item.provider, item.account_no) in seen:
            raise field_error(f"items.{i}.account_no", "the same account is named twice")
        seen.add((item.provider, item.account_no))
        if item.mode is PlanMode.ACCOUNT and not ctx.adapters[item.provider].capabilities().whole_account_freeze:
            raise RuleRefused(f"{item.provider} does not freeze whole accounts online",
                              code="CAPABILITY_NOT_SUPPORTED", details={"item": i, "provider": item.provider})
    due = due_now(ctx, conn, case)
    secured = secured_for(ctx, conn, case.id, freezes_repo.freezes_of_case(conn, case.id, freezes_repo.LIVE))
    target = max(0, due - secured)
    total = sum(item.amount for item in items)
    if total > target:
        raise RuleRefused(f"the plan freezes {total} fen, but only {target} fen may still be frozen "
                          f"(amount due {due} fen, already secured {secured} fen)", code="OVER_FREEZE",
                          details={"total_fen": total, "target_fen": target, "due_fen": due, "secured_fen": secured})
    plan = FreezePlan(target, [PlannedFreeze(i.provider, i.account_no, i.amount, i.mode, 0, "explicit plan")
                               for i in items], 0, 0)
    return CasePlan(due, secured, plan)
