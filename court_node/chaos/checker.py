"""The final check of a chaos run: PRODUCT.md's seven invariants across the stack, and three checks of the
run against its own history: money conserved at every provider, each deduction counted once, no freeze placed
twice."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from court_node.chaos.healing import TOOK_EFFECT
from court_node.chaos.history import OK, Entry
from court_node.chaos.schedule import Schedule
from court_node.client import CourtClient
from court_node.domain.money import yuan_to_fen
from court_node.stack.invariants import check_stack

CONSERVED, DEDUCTED_ONCE, HELD_ONCE = "money conserved", "deducted once", "held once"


@dataclass(frozen=True)
class Finding:
    where: str  # a provider, or "node"
    rule: str  # "invariant 1".."invariant 7", or one of the run's own checks
    message: str
    detail: str = ""  # figures that vary from sample to sample, kept out of the key

    def key(self) -> tuple[str, str, str]:
        return self.where, self.rule, self.message


def took_effect(entry: Entry) -> bool:
    return entry.outcome == OK or entry.resolution == TOOK_EFFECT


def final_findings(stack: Any, schedule: Schedule, case_ids: dict[str, int], entries: Iterable[Entry],
                   seeded_fen: dict[str, int], clients: dict[str, CourtClient]) -> list[Finding]:
    """Everything wrong at the end of the run; empty when all holds."""
    entries = list(entries)
    providers = tuple(stack.options.providers)
    found = [Finding(v.where, f"invariant {v.rule}", v.message) for v in check_stack(stack)]
    found += money_conserved(stack, providers, schedule, entries, seeded_fen)
    found += deducted_once(stack, providers, schedule, case_ids, clients)
    found += held_once(stack, providers, schedule)
    return found


def money_conserved(stack: Any, providers: tuple[str, ...], schedule: Schedule, entries: list[Entry],
                    seeded_fen: dict[str, int]) -> list[Finding]:
    """Each provider's total is what was seeded plus the credits the history says took effect, and its debtor
    payments are those the history says took effect."""
    amounts = {op.seq: op.amount_fen or 0 for op in schedule.operations}
    found = []
    for provider in providers:
        totals = stack.admin(provider, "GET", "/totals")
        mine = [e for e in entries if e.kind in ("pay", "credit") and e.target.startswith(f"{provider}:")
                and took_effect(e)]
        credits = sum(amounts[e.seq] for e in mine if e.kind == "credit")
        payments = sum(amounts[e.seq] for e in mine if e.kind == "pay")
        expected = seeded_fen[provider] + credits
        if totals["total_fen"] != expected:
            found.append(Finding(provider, CONSERVED, f"total {totals['total_fen']} fen != seeded "
                                                      f"{seeded_fen[provider]} + credits {credits}"))
        if totals["debtor_payments_fen"] != payments:
            found.append(Finding(provider, CONSERVED, f"debtor payments {totals['debtor_payments_fen']} fen != "
                                                      f"{payments} paid in the history"))
    return found


def deducted_once(stack: Any, providers: tuple[str, ...], schedule: Schedule, case_ids: dict[str, int],
                  clients: dict[str, CourtClient]) -> list[Finding]:
    """Per case, what the node collected equals what the providers paid out for its deductions; every payout
    to the run's courts belongs to exactly one deduction of the node."""
    payouts = [p for provider in providers for court in schedule.courts
               for p in stack.admin(provider, "GET", f"/payouts?authority_code={court}")["payouts"]]
    paid_by_request = Counter(str(p["request_no"]) for p in payouts)
    amount_by_request = {str(p["request_no"]): int(p["amount_fen"]) for p in payouts}
    found = doubled_payouts(payouts)
    known: set[str] = set()
    for spec in schedule.cases:
        client = clients[spec.court]
        case_id = case_ids[spec.key]
        deductions = client.deductions(case_id)
        known |= {d["request_no"] for d in deductions}
        collected = yuan_to_fen(client.case(case_id)["collected"], allow_zero=True)
        paid = sum(amount_by_request.get(d["request_no"], 0) for d in deductions)
        completed = sum(yuan_to_fen(d["amount"], allow_zero=True) for d in deductions if d["status"] == "completed")
        if not collected == paid == completed:
            found.append(Finding("node", DEDUCTED_ONCE, f"case {case_id} ({spec.case_number}): collected {collected} "
                                                        f"fen, completed deductions {completed}, paid out {paid}"))
    for no in sorted(set(paid_by_request) - known):
        found.append(Finding("providers", DEDUCTED_ONCE, f"payout under request {no} matches no deduction of the "
                                                         "node"))
    return found


def held_once(stack: Any, providers: tuple[str, ...], schedule: Schedule) -> list[Finding]:
    """No freeze request placed twice at a provider, and no provider freeze recorded twice by the node."""
    found = []
    for provider in providers:
        freezes = [f for court in schedule.courts
                   for f in stack.admin(provider, "GET", f"/freezes?authority_code={court}&limit=10000")["freezes"]]
        found += doubled_freezes(provider, freezes)
    return found + doubled_refs(stack.admin("node", "GET", "/freezes")["freezes"])


# The checks below hold at every instant, also while operations are in flight: the run samples them too.

def doubled_payouts(payouts: Iterable[dict[str, Any]]) -> list[Finding]:
    """No payout request paid out twice (across every provider's payouts)."""
    paid_by_request = Counter(str(p["request_no"]) for p in payouts)
    return [Finding("providers", DEDUCTED_ONCE, f"request {no} was paid out {n} times")
            for no, n in paid_by_request.items() if n > 1]


def doubled_freezes(provider: str, freezes: Iterable[dict[str, Any]]) -> list[Finding]:
    """No freeze request placed twice at ``provider``."""
    requests_seen = Counter(str(f["request_no"]) for f in freezes)
    return [Finding(provider, HELD_ONCE, f"freeze request {no} placed {n} times")
            for no, n in requests_seen.items() if n > 1]


def doubled_refs(node_freezes: Iterable[dict[str, Any]]) -> list[Finding]:
    """No provider freeze recorded twice by the node."""
    refs = Counter((f["provider"], f["provider_ref"]) for f in node_freezes if f["provider_ref"])
    return [Finding("node", HELD_ONCE, f"{provider} freeze {ref} recorded {n} times")
            for (provider, ref), n in refs.items() if n > 1]


def collected_above_paid(case_label: str, collected_fen: int, request_nos: Iterable[str],
                         payouts: Iterable[dict[str, Any]]) -> list[Finding]:
    """The node never counts as collected more than the providers paid out for the case's deductions (read the
    node first, the providers after: payouts only grow, and the node counts a deduction only once paid)."""
    mine = set(request_nos)
    paid = sum(int(p["amount_fen"]) for p in payouts if str(p["request_no"]) in mine)
    if collected_fen <= paid:
        return []
    return [Finding("node", DEDUCTED_ONCE, f"{case_label}: collected more than the providers paid out for its "
                                           "deductions", f"collected {collected_fen} fen, paid out {paid}")]
