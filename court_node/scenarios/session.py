"""One scenario's run: its stack, the users' clients, and what earlier steps created (cases, freezes)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import requests

from court_node.client import CourtClient, Party
from court_node.scenarios.errors import StepFailed
from court_node.scenarios.generate import Numbers
from court_node.scenarios.model import FreezeRef, Scenario
from court_node.scenarios.users import demo_user, judge_of
from court_node.stack.launcher import Stack

ADMIN_TIMEOUT_S = 30.0
#: how long (real seconds) a step waits for answers still owed, and a ``wait`` step by default
WAIT_S = 20.0
POLL_S = 0.1


@dataclass(frozen=True)
class CaseInfo:
    id: int
    number: str
    court: str


@dataclass(frozen=True)
class AdminAnswer:
    status: int
    body: Any

    @property
    def ok(self) -> bool:
        return self.status < 400

    @property
    def code(self) -> str:
        error = self.body.get("error") if isinstance(self.body, dict) else None
        return str(error.get("code", "")) if isinstance(error, dict) else ""

    @property
    def message(self) -> str:
        error = self.body.get("error") if isinstance(self.body, dict) else None
        return str(error.get("message", "")) if isinstance(error, dict) else str(self.body)[:200]


@dataclass
class Session:
    scenario: Scenario
    stack: Stack
    seed: int
    numbers: Numbers
    parties: dict[str, Party] = field(default_factory=dict)  # subject key -> party (ID numbers filled in)
    cases: dict[str, CaseInfo] = field(default_factory=dict)
    freezes: dict[str, tuple[int, str]] = field(default_factory=dict)  # freeze name -> (the node's id, case name)
    clock_moved: bool = False  # since the node last reconciled
    _clients: dict[str, CourtClient] = field(default_factory=dict)
    _http: requests.Session = field(default_factory=requests.Session)

    @property
    def start(self) -> datetime:
        return datetime.fromisoformat(self.scenario.stack.start)

    def start_day(self) -> date:
        return self.start.date()

    # ---- the court node -------------------------------------------------------------------------------
    def client(self, who: str | None, case: str | None = None) -> CourtClient:
        """The client of ``who`` (``judge@京0101``); by default the judge of the case's court."""
        if who is None:
            user = judge_of(self.case(case).court if case is not None else "京0101")
        else:
            found = demo_user(who)
            assert found is not None, who
            user = found
        if user.token not in self._clients:
            # no retries: a step sends each request once, so what the tester sees is what the node did
            self._clients[user.token] = CourtClient(self.stack.url("node"), user.token, timeout=60, retries=0,
                                                    session=self._http)
        return self._clients[user.token]

    def case(self, name: str) -> CaseInfo:
        if name not in self.cases:
            raise StepFailed(f"case {name!r} was never filed (its file_case step failed or expected an error)")
        return self.cases[name]

    def freeze_id(self, ref: FreezeRef) -> tuple[int, str]:
        """The node's id of a named freeze, or of the latest freeze of a case on a provider (and account); and
        the name of its case."""
        if ref.name is not None:
            if ref.name not in self.freezes:
                raise StepFailed(f"no freeze was placed under the name {ref.name!r}")
            return self.freezes[ref.name]
        assert ref.case is not None
        case = self.case(ref.case)
        found = [f for f in self.client(None, ref.case).freezes(case.id)
                 if f["provider"] == ref.provider and (ref.account_no is None or f["account_no"] == ref.account_no)]
        if not found:
            raise StepFailed(f"case {ref.case} has no freeze at {ref.provider}"
                             + (f" on {ref.account_no}" if ref.account_no else ""))
        return max(f["id"] for f in found), ref.case

    # ---- the providers' control API -------------------------------------------------------------------
    def admin(self, provider: str, method: str, path: str, body: Any = None) -> AdminAnswer:
        """A control-API call that returns refusals instead of raising them (a step may expect one)."""
        service = self.stack.services[provider]
        answer = self._http.request(method, f"{service.url}/_admin{path}", json=body, timeout=ADMIN_TIMEOUT_S,
                                    headers={"Authorization": f"Bearer {service.admin_token()}"})
        try:
            payload = answer.json() if answer.content else None
        except ValueError:
            payload = answer.text
        return AdminAnswer(answer.status_code, payload)

    def admin_ok(self, provider: str, method: str, path: str, body: Any = None) -> Any:
        answer = self.admin(provider, method, path, body)
        if not answer.ok:
            raise StepFailed(f"{provider} control API {method} {path} answered {answer.status} {answer.code}: "
                             f"{answer.message}")
        return answer.body

    # ---- the clock ------------------------------------------------------------------------------------
    def advance(self, text: str) -> None:
        self.stack.advance(text)
        self.clock_moved = True

    def close(self) -> None:
        self._http.close()
        for client in self._clients.values():
            client.session.close()


def poll(what: str, probe: Any, done: Any, timeout: float = WAIT_S, nudge: Any = None) -> Any:
    """Ask ``probe()`` until ``done(value)``; ``nudge()`` once after the first miss (e.g. move the clock)."""
    deadline = time.monotonic() + timeout
    nudged = nudge is None
    while True:
        value = probe()
        if done(value):
            return value
        if not nudged:
            nudged = True
            nudge()
            continue
        if time.monotonic() > deadline:
            return value
        time.sleep(POLL_S)
