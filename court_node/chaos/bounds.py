"""Money conserved while operations are in flight: a provider's totals read between t0 and t1 must lie between
what the history says had surely taken effect before t0 and what may have taken effect by t1.

Lower bound: the debtor's credits (or payments) whose operation ended ``ok`` before t0. Upper bound: those of
every operation begun before t1 that is not a definite failure — ok, unknown, or still in flight. A ``failed``
debtor movement is a 4xx refusal of the control API, which faults never touch: it had no effect.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from court_node.chaos.checker import CONSERVED, Finding
from court_node.chaos.history import FAILED, OK, Begun, Entry, HistoryView

#: start_s and end_s are rounded to the millisecond: widen each bound by that much, never narrow it
_ROUNDING_S = 0.001
MOVEMENTS = ("credit", "pay")
ABOVE_TOTAL = "total above seeded + every credit that may have taken effect"
BELOW_TOTAL = "total below seeded + every credit that surely took effect"
ABOVE_PAID = "debtor payments above every payment that may have taken effect"
BELOW_PAID = "debtor payments below every payment that surely took effect"


@dataclass(frozen=True)
class Range:
    low: int
    high: int

    def holds(self, value: int) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True)
class MoneyBounds:
    credits: Range
    payments: Range


def _at(provider: str, op: Entry | Begun) -> bool:
    return op.kind in MOVEMENTS and op.target.startswith(f"{provider}:")


def money_bounds(view: HistoryView, amounts: Mapping[int, int], provider: str, t0: float, t1: float) -> MoneyBounds:
    """What ``provider``'s credits and debtor payments may be, read between ``t0`` and ``t1``; ``view`` must be
    taken after ``t1`` (it then holds every operation sent before ``t1``)."""
    low = dict.fromkeys(MOVEMENTS, 0)
    high = dict.fromkeys(MOVEMENTS, 0)
    for e in view.ended:
        if not _at(provider, e):
            continue
        if e.outcome == OK and e.end_s + _ROUNDING_S <= t0:
            low[e.kind] += amounts[e.seq]
        if e.outcome != FAILED and e.start_s - _ROUNDING_S < t1:
            high[e.kind] += amounts[e.seq]
    for b in view.in_flight:
        if _at(provider, b) and b.start_s - _ROUNDING_S < t1:
            high[b.kind] += amounts[b.seq]
    return MoneyBounds(Range(low["credit"], high["credit"]), Range(low["pay"], high["pay"]))


def bound_findings(provider: str, seeded_fen: int, total_fen: int, payments_fen: int,
                   bounds: MoneyBounds) -> list[Finding]:
    """The totals outside their bounds; the messages stay the same from sample to sample, the figures vary."""
    found = []
    total = Range(seeded_fen + bounds.credits.low, seeded_fen + bounds.credits.high)
    for value, allowed, above, below, what in ((total_fen, total, ABOVE_TOTAL, BELOW_TOTAL, "total"),
                                               (payments_fen, bounds.payments, ABOVE_PAID, BELOW_PAID, "payments")):
        if not allowed.holds(value):
            found.append(Finding(provider, CONSERVED, above if value > allowed.high else below,
                                 f"{what} {value} fen, allowed {allowed.low}..{allowed.high}"))
    return found


def amounts_of(operations: Iterable[tuple[int, int | None]]) -> dict[int, int]:
    """seq -> amount in fen (0 for an operation without one)."""
    return {seq: amount or 0 for seq, amount in operations}
