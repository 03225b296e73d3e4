"""Freeze planning: spread the amount still to secure over the accounts an inspection found.

Rules (DOMAIN.md 5, 6, 8, 10): never more than the amount due in total (no over-freezing, 超标的); leave
the living allowance to a natural person; follow the configured provider order; where money is held by other
authorities, register a waiting freeze (轮候) for it; where the money falls short, let an amount freeze on a
provider that captures later credits (超额冻结) ask for the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class PlanMode(StrEnum):
    AMOUNT = "amount"
    ACCOUNT = "account"


@dataclass(frozen=True)
class FoundAccount:
    """One account as the latest inspection found it."""

    provider: str
    account_no: str
    balance: int
    available: int  # free of every freeze now
    captures_credits: bool  # the provider keeps capturing inflows for an unmet amount freeze
    whole_account_supported: bool = True


@dataclass(frozen=True)
class PlannedFreeze:
    provider: str
    account_no: str
    amount: int  # fen asked for; for a whole-account freeze, what is in it now
    mode: PlanMode
    expected_hold: int  # what it will hold at once; the rest waits in line or for credits
    reason: str


@dataclass(frozen=True)
class FreezePlan:
    target: int  # what remained to secure when planning
    items: list[PlannedFreeze]
    allowance_left: int  # living allowance left unfrozen
    shortfall: int  # what no account could cover, even by waiting or capturing

    @property
    def total(self) -> int:
        return sum(i.amount for i in self.items)


def plan_freezes(
    target: int, accounts: Sequence[FoundAccount], *, allowance: int = 0, provider_order: Sequence[str] = (),
    mode: PlanMode = PlanMode.AMOUNT,
) -> FreezePlan:
    """Plan freezes totalling at most ``target`` fen (``allowance`` is 0 for companies)."""
    if target <= 0:
        return FreezePlan(max(target, 0), [], 0, 0)
    rank = {name: i for i, name in enumerate(provider_order)}
    ordered = sorted(accounts, key=lambda a: (rank.get(a.provider, len(rank)), -a.available, a.provider, a.account_no))
    free_total = sum(a.available for a in ordered)
    left_to_debtor = min(allowance, free_total)
    budget = min(target, free_total - left_to_debtor)
    items: list[PlannedFreeze] = []
    asked: dict[tuple[str, str], int] = {}
    for acct in ordered:  # 1. money free now
        take = min(budget, acct.available)
        if take <= 0:
            continue
        whole = mode is PlanMode.ACCOUNT and acct.whole_account_supported and take == acct.available
        items.append(PlannedFreeze(acct.provider, acct.account_no, take,
                                   PlanMode.ACCOUNT if whole else PlanMode.AMOUNT, take, "available funds"))
        asked[(acct.provider, acct.account_no)] = take
        budget -= take
    need = target - sum(i.amount for i in items)
    for acct in ordered:  # 2. money other authorities hold: wait in line for it (轮候冻结)
        held_by_others = acct.balance - acct.available
        if need <= 0 or held_by_others <= 0 or (acct.provider, acct.account_no) in asked:
            continue
        take = min(need, held_by_others)
        items.append(PlannedFreeze(acct.provider, acct.account_no, take, PlanMode.AMOUNT, 0,
                                   "waits in line behind other authorities' freezes"))
        asked[(acct.provider, acct.account_no)] = take
        need -= take
    if need > 0:  # 3. an amount freeze that captures later credits asks for the rest
        for i, item in enumerate(items):
            acct = next(a for a in ordered if (a.provider, a.account_no) == (item.provider, item.account_no))
            if acct.captures_credits and item.mode is PlanMode.AMOUNT:
                items[i] = PlannedFreeze(item.provider, item.account_no, item.amount + need, item.mode,
                                         item.expected_hold, item.reason + "; captures later credits for the rest")
                need = 0
                break
        else:
            capturing = [a for a in ordered if a.captures_credits and (a.provider, a.account_no) not in asked]
            if capturing:
                acct = capturing[0]
                items.append(PlannedFreeze(acct.provider, acct.account_no, need, PlanMode.AMOUNT, 0,
                                           "captures later credits"))
                need = 0
    plan = FreezePlan(target, items, left_to_debtor, need)
    assert plan.total <= target, "a plan never freezes more than the amount due"  # invariant 7
    return plan
