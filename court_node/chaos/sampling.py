"""Samples taken while the chaos runs: each provider's total money every half second, checked against the bounds
the history allows at that instant; and every few seconds the invariants (rule 6 is left out while requests are
in flight: it holds only after reconciliation) with the run's own checks in the forms that hold at every instant
— no freeze placed twice, no payout paid twice, no case collecting more than was paid out for it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

from court_node.chaos.bounds import amounts_of, bound_findings, money_bounds
from court_node.chaos.checker import (
    Finding,
    collected_above_paid,
    doubled_freezes,
    doubled_payouts,
    doubled_refs,
)
from court_node.chaos.history import History
from court_node.chaos.operations import judge_token
from court_node.chaos.schedule import Schedule
from court_node.client import CourtApiError, CourtClient
from court_node.domain.money import MoneyError, yuan_to_fen
from court_node.stack.invariants import Violation

MONEY_EVERY_S = 0.5
INVARIANTS_EVERY_S = 3.0
CHECKS = "checks"
#: a sample that cannot read a service is dropped whole (a gap), never taken as passing
_UNREADABLE = (RuntimeError, requests.RequestException, KeyError, ValueError, CourtApiError, MoneyError)


@dataclass(frozen=True)
class MoneySample:
    t: float
    provider: str
    total_fen: int  # balances + payouts + debtor payments
    inflow_fen: int  # seeded + credited


@dataclass(frozen=True)
class CheckSample:
    """One complete sample of one stream, its reads made between ``t`` and ``ended_s``."""

    t: float
    violations: tuple[Violation, ...]
    findings: tuple[Finding, ...] = ()  # the run's own checks
    stream: str = CHECKS  # "checks", or "money <provider>" for the half-second money bounds
    ended_s: float | None = None  # None: the same instant as ``t``

    @property
    def end(self) -> float:
        return self.t if self.ended_s is None else self.ended_s


@dataclass(frozen=True)
class Watch:
    """What the run's own checks need to know: the history as it grows, the plan, the cases, the seeded money."""

    history: History
    schedule: Schedule
    case_ids: dict[str, int]
    seeded_fen: dict[str, int]
    amounts: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.amounts:
            self.amounts.update(amounts_of((op.seq, op.amount_fen) for op in self.schedule.operations))


class Sampler:
    """Two background threads over a running stack; ``stop()`` joins them."""

    def __init__(self, stack: Any, providers: tuple[str, ...], started: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stack = stack
        self.providers = providers
        self.started = started
        self.clock = clock
        self.watch: Watch | None = None  # None: only the invariants and the totals are sampled
        self.money: list[MoneySample] = []
        self.checks: list[CheckSample] = []
        self.bounds: list[CheckSample] = []  # the money bounds, one stream per provider
        self._clients: dict[str, CourtClient] = {}
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._loop, args=(MONEY_EVERY_S, self._sample_money),
                                          name="chaos-money", daemon=True),
                         threading.Thread(target=self._loop, args=(INVARIANTS_EVERY_S, self._sample_checks),
                                          name="chaos-checks", daemon=True)]

    def now(self) -> float:
        return self.clock() - self.started

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=30)

    def sample_money(self) -> None:
        """One sample of every provider, also outside the loop (at the start and after healing)."""
        self._sample_money()

    def sample_checks(self) -> None:
        """One sample of the invariants and the run's own checks, also outside the loop."""
        self._sample_checks()

    def samples(self) -> list[CheckSample]:
        """Every check sample of every stream."""
        return [*self.checks, *self.bounds]

    def _loop(self, every_s: float, sample: Any) -> None:
        while not self._stop.is_set():
            sample()
            self._stop.wait(every_s)

    def _sample_money(self) -> None:
        reads = []
        for provider in self.providers:
            t0 = self.now()
            try:
                totals = self.stack.admin(provider, "GET", "/totals")
            except (RuntimeError, requests.RequestException):
                continue  # the provider is down: a gap in its line
            t1 = self.now()
            reads.append((provider, t0, t1, totals))
            self.money.append(MoneySample(round(t0, 3), provider, int(totals["total_fen"]),
                                          int(totals["seeded_fen"]) + int(totals["credited_fen"])))
        if self.watch is None or not reads:
            return
        watch, view = self.watch, self.watch.history.view()  # taken after every read: it holds all they may see
        for provider, t0, t1, totals in reads:
            bounds = money_bounds(view, watch.amounts, provider, t0, t1)
            found = bound_findings(provider, watch.seeded_fen[provider], int(totals["total_fen"]),
                                   int(totals["debtor_payments_fen"]), bounds)
            self.bounds.append(CheckSample(round(t0, 3), (), tuple(found), f"money {provider}", round(t1, 3)))

    def _sample_checks(self) -> None:
        t0 = self.now()
        try:
            own = self._own_checks() if self.watch is not None else []
            violations = self._invariants()
        except _UNREADABLE:
            return  # a service is down: no sample
        self.checks.append(CheckSample(round(t0, 3), tuple(violations), tuple(own), CHECKS, round(self.now(), 3)))

    def _invariants(self) -> list[Violation]:
        """``check_stack(reconcile=False)`` less rule 6, without the freeze listings rule 6 alone needs."""
        found = []
        for name in self.providers:
            answer = self.stack.admin(name, "GET", "/invariants")
            found += [Violation(name, int(v["invariant"]), str(v["message"])) for v in answer["violations"]]
        answer = self.stack.admin("node", "GET", "/invariants")
        return found + [Violation("node", int(v["rule"]), str(v["message"])) for v in answer["violations"]
                        if int(v["rule"]) != 6]

    def _own_checks(self) -> list[Finding]:
        """Held once, paid once, and no case collecting more than was paid out for it; the node is read before
        the providers, so that a payout the node has counted is already among those read."""
        assert self.watch is not None
        schedule, courts = self.watch.schedule, set(self.watch.schedule.courts)
        collected: list[tuple[str, int, list[str]]] = []
        for spec in schedule.cases:
            client = self._client(spec.court)
            case_id = self.watch.case_ids[spec.key]
            fen = yuan_to_fen(client.case(case_id)["collected"], allow_zero=True)
            nos = [str(d["request_no"]) for d in client.deductions(case_id)]
            collected.append((f"case {case_id} ({spec.case_number})", fen, nos))
        found = doubled_refs(self.stack.admin("node", "GET", "/freezes")["freezes"])
        payouts = []
        for provider in self.providers:
            freezes = self.stack.admin(provider, "GET", "/freezes?limit=10000")["freezes"]
            found += doubled_freezes(provider, [f for f in freezes if f["authority_code"] in courts])
            payouts += [p for p in self.stack.admin(provider, "GET", "/payouts")["payouts"]
                        if p["authority_code"] in courts]
        found += doubled_payouts(payouts)
        for label, fen, nos in collected:
            found += collected_above_paid(label, fen, nos, payouts)
        return found

    def _client(self, court: str) -> CourtClient:
        if court not in self._clients:
            # few retries and a short wait: a sample that cannot read the node is dropped, not waited for
            self._clients[court] = CourtClient(self.stack.url("node"), judge_token(court), timeout=5, retries=1)
        return self._clients[court]
