"""Samples taken while the chaos runs: each provider's total money every half second, and the invariants now
and then (rule 6 is left out while requests are in flight: it holds only after reconciliation)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import requests

from court_node.stack.invariants import Violation, check_stack

MONEY_EVERY_S = 0.5
INVARIANTS_EVERY_S = 3.0


@dataclass(frozen=True)
class MoneySample:
    t: float
    provider: str
    total_fen: int  # balances + payouts + debtor payments
    inflow_fen: int  # seeded + credited


@dataclass(frozen=True)
class CheckSample:
    t: float
    violations: tuple[Violation, ...]


class Sampler:
    """Two background threads over a running stack; ``stop()`` joins them."""

    def __init__(self, stack: Any, providers: tuple[str, ...], started: float) -> None:
        self.stack = stack
        self.providers = providers
        self.started = started
        self.money: list[MoneySample] = []
        self.checks: list[CheckSample] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._loop, args=(MONEY_EVERY_S, self._sample_money),
                                          name="chaos-money", daemon=True),
                         threading.Thread(target=self._loop, args=(INVARIANTS_EVERY_S, self._sample_checks),
                                          name="chaos-checks", daemon=True)]

    def now(self) -> float:
        return time.monotonic() - self.started

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

    def _loop(self, every_s: float, sample: Any) -> None:
        while not self._stop.is_set():
            sample()
            self._stop.wait(every_s)

    def _sample_money(self) -> None:
        for provider in self.providers:
            try:
                totals = self.stack.admin(provider, "GET", "/totals")
            except (RuntimeError, requests.RequestException):
                continue  # the provider is down: a gap in its line
            self.money.append(MoneySample(round(self.now(), 3), provider, int(totals["total_fen"]),
                                          int(totals["seeded_fen"]) + int(totals["credited_fen"])))

    def _sample_checks(self) -> None:
        t = self.now()
        try:
            found = check_stack(self.stack, reconcile=False)
        except (RuntimeError, requests.RequestException, KeyError):
            return  # a service is down: no sample
        self.checks.append(CheckSample(round(t, 3), tuple(v for v in found if v.rule != 6)))
