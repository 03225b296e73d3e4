"""The amount due on an enforcement case at any day: principal, costs, and delay interest (加倍部分债务利息).

Delay interest runs at 0.0175 % a day on the unpaid principal (SPC interpretation on delayed performance,
2014). Collected money pays the enforcement costs first, then the principal, then the delay interest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

#: 0.0175 % a day, as parts per million
DELAY_RATE_PPM = 175


@dataclass(frozen=True)
class Debt:
    principal: int  # fen
    costs: int  # enforcement costs, fen
    delay_interest: bool
    interest_from: date  # the first day interest runs (the day after the performance deadline)


@dataclass(frozen=True)
class Collection:
    """Money the court collected for the case (a deduction, or the debtor paying)."""

    on: date
    amount: int


@dataclass(frozen=True)
class AmountDue:
    costs_unpaid: int
    principal_unpaid: int
    interest_accrued: int
    interest_unpaid: int
    collected: int

    @property
    def total(self) -> int:
        """What the debtor still owes (the amount due now)."""
        return self.costs_unpaid + self.principal_unpaid + self.interest_unpaid


def amount_due(debt: Debt, collections: Sequence[Collection], on: date) -> AmountDue:
    """What is owed at the end of day ``on``; collections after ``on`` are ignored."""
    costs, principal = debt.costs, debt.principal
    interest_micro = 0  # fen x 10^-6, so rounding happens once, at the end
    interest_paid = 0
    cursor = debt.interest_from
    collected = 0
    for c in sorted((c for c in collections if c.on <= on), key=lambda c: c.on):
        if debt.delay_interest and c.on > cursor:
            interest_micro += principal * (c.on - cursor).days * DELAY_RATE_PPM
            cursor = c.on
        amount = c.amount
        collected += amount
        pay = min(amount, costs)
        costs, amount = costs - pay, amount - pay
        pay = min(amount, principal)
        principal, amount = principal - pay, amount - pay
        interest_paid += amount  # what is left pays interest (anything beyond is an overpayment)
    if debt.delay_interest and on >= cursor:
        interest_micro += principal * ((on - cursor).days + 1) * DELAY_RATE_PPM
    accrued = (interest_micro + 500_000) // 1_000_000 if debt.delay_interest else 0
    return AmountDue(costs, principal, accrued, max(0, accrued - interest_paid), collected)
