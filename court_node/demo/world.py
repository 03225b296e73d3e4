"""What every step works with: the running stack, the two judges, what earlier steps learnt, and waiting."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

import requests

from court_node.client import CourtClient
from court_node.demo.cast import FIRST_JUDGE, SECOND_JUDGE
from court_node.demo.step import StepFailed
from court_node.demo.tally import Tally
from court_node.domain.money import fen_to_yuan
from court_node.stack.launcher import Stack

T = TypeVar("T")
Progress = Callable[[str], AbstractContextManager[None]]


def _no_progress(what: str) -> AbstractContextManager[None]:
    return nullcontext()


@dataclass
class Facts:
    """Identifiers earlier steps created and later steps use."""

    first_case: int = 0
    first_case_number: str = ""
    second_case: int = 0
    second_case_number: str = ""
    first_freezes: dict[str, int] = field(default_factory=dict)  # provider -> freeze id
    second_freeze: int = 0


@dataclass
class DemoWorld:
    stack: Stack
    progress: Progress = _no_progress  # the renderer's "waiting for ..." indication
    wait_timeout_s: float = 60.0
    facts: Facts = field(default_factory=Facts)
    tally: Tally = field(default_factory=Tally)

    def __post_init__(self) -> None:
        self.first = CourtClient(self.stack.url("node"), FIRST_JUDGE, timeout=30)
        self.second = CourtClient(self.stack.url("node"), SECOND_JUDGE, timeout=30)

    def today(self) -> date:
        """The simulated Beijing day, from the node's clock."""
        return datetime.fromisoformat(self.stack.admin("node", "GET", "/clock")["now_beijing"]).date()

    def provider(self, name: str, path: str) -> Any:
        """A read of a provider's own books through its control API."""
        return self.stack.admin(name, "GET", path)

    def paid_to(self, court: str, provider: str) -> int:
        """What ``provider`` paid into ``court``'s enforcement account, in fen, as its own books say."""
        payouts = self.provider(provider, f"/payouts?authority_code={court}")["payouts"]
        return sum(int(p["amount_fen"]) for p in payouts)

    def debtor_pays(self, provider: str, account_no: str, fen: int, merchant: str, category: str) -> tuple[int, Any]:
        """The debtor pays a merchant from his account; the provider's status and answer (refusals included)."""
        service = self.stack.services[provider]
        answer = requests.post(f"{service.url}/_admin/accounts/{account_no}/pay", timeout=10,
                               headers={"Authorization": f"Bearer {service.admin_token()}"},
                               json={"amount": fen_to_yuan(fen), "merchant": merchant, "category": category})
        return answer.status_code, answer.json()

    def wait_for(self, what: str, probe: Callable[[], T], done: Callable[[T], bool]) -> tuple[T, float]:
        """Poll ``probe`` until ``done``; the last value and the seconds it took. Fails the step on time-out."""
        started = time.monotonic()
        with self.progress(what):
            while True:
                value = probe()
                if done(value):
                    return value, time.monotonic() - started
                if time.monotonic() - started > self.wait_timeout_s:
                    raise StepFailed(f"{what} within {self.wait_timeout_s:.0f}s", f"still {value!r}")
                time.sleep(0.2)
