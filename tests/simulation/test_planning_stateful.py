"""The court node's planning against a simple model, with hypothesis' stateful testing.

Debtors (a natural person and a company) hold accounts at three fake providers; two courts file cases, inspect,
freeze as planned, record payments, deduct and release, while money comes and goes and days pass. After every
step: no provider breaks its own books' rules (nothing held twice, nothing negative), the node's freezes hold
what the providers' books say, no case collects more than was due, and the node's own invariants hold. At each
planned freeze: it asks for no more than was left to secure (no over-freezing), and a natural person keeps the
living allowance. Bigger runs: FREEZESIM_STATEFUL_EXAMPLES=500 FREEZESIM_STATEFUL_STEPS=80.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from court_node.adapters.fake_books import BookRefusal
from court_node.domain.money import fen_to_yuan, yuan_to_fen
from tests.unit.court.node_requests import CLERK, DEBTOR, JUDGE, OTHER_JUDGE
from tests.unit.court.svc_world import COMPANY, World, fake_provider, make_world, open_accounts

ALLOWANCE = 150_000
LIVE = ("active", "waiting")
#: each debtor's accounts: {provider: account_no}
ACCOUNTS = {
    "person": {"bank": "6222001", "alipay": "2088001", "wechat": "wx-0001"},
    "company": {"bank": "6222009", "alipay": "2088009"},
}
PARTIES = {"person": DEBTOR, "company": COMPANY}
COURTS = {"京0101": (JUDGE, CLERK), "京0105": (OTHER_JUDGE, "demo-clerk-0105")}
money = st.integers(min_value=1, max_value=40_000).map(lambda y: y * 100)  # whole yuan up to 40 000.00


@dataclass
class Case:
    id: int
    debtor: str
    court: str
    due_at_filing: int

    @property
    def judge(self) -> str:
        return COURTS[self.court][0]

    @property
    def clerk(self) -> str:
        return COURTS[self.court][1]


class PlanningMachine(RuleBasedStateMachine):
    cases = Bundle("cases")

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="planning-"))
        self.world: World = make_world(
            self.dir, [fake_provider("bank", capture_credits=True), fake_provider("alipay"),
                       fake_provider("wechat", whole_account_freeze=False)],
            grace_days=0, living_allowance=fen_to_yuan(ALLOWANCE), provider_order=["alipay", "bank", "wechat"])
        for debtor, accounts in ACCOUNTS.items():
            open_accounts(self.world, PARTIES[debtor], **{p: (no, 0) for p, no in accounts.items()})
        self.serial = 0

    def teardown(self) -> None:
        self.world.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    # ---- what the model reads ------------------------------------------------------------------------
    def case_json(self, case: Case) -> Any:
        answer = self.world.get(f"/api/v1/cases/{case.id}", case.judge)
        assert answer.status_code == 200, answer.json
        return answer.json

    def freezes_of(self, case: Case) -> list[dict[str, Any]]:
        answer = self.world.get(f"/api/v1/cases/{case.id}/freezes", case.judge)
        assert answer.status_code == 200, answer.json
        found: list[dict[str, Any]] = answer.json["freezes"]
        return found

    def available(self, debtor: str) -> int:
        """What the debtor may spend now, over every provider."""
        total = 0
        for provider, account_no in ACCOUNTS[debtor].items():
            books = self.world.fake(provider).books
            with books.lock:
                total += books.available(account_no)
        return total

    # ---- the debtor's side ---------------------------------------------------------------------------
    @rule(debtor=st.sampled_from(sorted(ACCOUNTS)), provider=st.sampled_from(["bank", "alipay", "wechat"]),
          amount=money)
    def credit(self, debtor: str, provider: str, amount: int) -> None:
        account_no = ACCOUNTS[debtor].get(provider)
        if account_no is not None:
            self.world.fake(provider).credit(account_no, amount)

    @rule(debtor=st.sampled_from(sorted(ACCOUNTS)), provider=st.sampled_from(["bank", "alipay", "wechat"]),
          amount=money)
    def pay(self, debtor: str, provider: str, amount: int) -> None:
        account_no = ACCOUNTS[debtor].get(provider)
        if account_no is None:
            return
        with contextlib.suppress(BookRefusal):  # refused by a freeze or too little money: nothing moved
            self.world.fake(provider).pay(account_no, amount)

    # ---- the courts' side ----------------------------------------------------------------------------
    @rule(target=cases, debtor=st.sampled_from(sorted(ACCOUNTS)), court=st.sampled_from(sorted(COURTS)),
          principal=money)
    def file(self, debtor: str, court: str, principal: int) -> Case:
        self.serial += 1
        case_id = self.world.file(self.serial, court=court, token=COURTS[court][0], debtor=PARTIES[debtor],
                                  principal=fen_to_yuan(principal), costs="0")
        return Case(case_id, debtor, court, principal)

    @rule(case=cases)
    def freeze_as_planned(self, case: Case) -> None:
        inspected = self.world.post(f"/api/v1/cases/{case.id}/inspections", {}, case.judge)
        if inspected.status_code != 201:
            assert inspected.json["error"]["code"] == "CASE_NOT_ACTIVE", inspected.json  # satisfied or closed
            return
        due = yuan_to_fen(self.case_json(case)["amount_due"], allow_zero=True)
        secured = sum(_secures(f) for f in self.freezes_of(case) if f["status"] in LIVE)
        available_before = self.available(case.debtor)
        answer = self.world.freeze(case.id, case.judge)
        if answer.status_code != 201:
            assert answer.status_code == 422, answer.json  # nothing left to secure, or nothing to freeze
            return
        placed = sum(_secures(f) for f in answer.json["freezes"])
        assert placed <= max(0, due - secured), f"over-freezing: {placed} planned with {due} due, {secured} secured"
        if case.debtor == "person":
            left = self.available(case.debtor)
            assert left >= min(ALLOWANCE, available_before), f"allowance taken: {available_before} -> {left}"

    @rule(case=cases)
    def deduct(self, case: Case) -> None:
        answer = self.world.deduct(case.id, case.judge)
        assert answer.status_code in (201, 404, 409, 422), answer.json

    @rule(case=cases, amount=money)
    def record_payment(self, case: Case, amount: int) -> None:
        answer = self.world.post(f"/api/v1/cases/{case.id}/payments",
                                 {"amount": fen_to_yuan(amount), "document_no": f"收据{self.serial}"}, case.clerk)
        assert answer.status_code in (201, 409, 422), answer.json

    @rule(case=cases, which=st.integers(min_value=0, max_value=5))
    def release(self, case: Case, which: int) -> None:
        live = [f for f in self.freezes_of(case) if f["status"] in LIVE]
        if live:
            freeze = live[which % len(live)]
            answer = self.world.post(f"/api/v1/freezes/{freeze['id']}/release", {"document_no": "解冻裁定"},
                                     case.judge)
            assert answer.status_code in (200, 202, 409, 422), answer.json

    @rule(days=st.sampled_from([1, 7, 30, 200]))
    def advance(self, days: int) -> None:
        self.world.advance(days)

    # ---- after every step --------------------------------------------------------------------------
    @invariant()
    def providers_keep_their_books(self) -> None:
        for name in self.world.ctx.adapters:
            assert self.world.fake(name).check_invariants() == [], name

    @invariant()
    def the_node_holds_what_the_providers_hold(self) -> None:
        reconciled = self.world.post("/_admin/reconcile", {}, self.world.ctx.admin_token)
        assert reconciled.status_code == 200, reconciled.json
        rows = self.world.get("/_admin/freezes", self.world.ctx.admin_token).json["freezes"]
        for row in rows:
            if row["status"] not in LIVE:
                continue
            adapter = self.world.fake(row["provider"])
            books_freeze = adapter.freeze(row["provider_ref"])
            with adapter.books.lock:
                held = adapter.books.held(books_freeze)
            assert (row["status"], yuan_to_fen(row["held"], allow_zero=True)) == (str(books_freeze.status), held), row

    @invariant()
    def no_case_collects_more_than_was_due(self) -> None:
        checked = self.world.get("/_admin/invariants", self.world.ctx.admin_token).json
        assert checked["ok"], checked["violations"]
        for token in (JUDGE, OTHER_JUDGE):
            for listed in self.world.get("/api/v1/cases?limit=100", token).json["cases"]:
                collected = yuan_to_fen(listed["collected"], allow_zero=True)
                assert collected <= yuan_to_fen(listed["principal"]) + yuan_to_fen(listed["costs"], allow_zero=True)
                assert yuan_to_fen(listed["amount_due"], allow_zero=True) >= 0


def _secures(freeze: dict[str, Any]) -> int:
    """What a freeze secures for its case: its amount, or for a whole-account freeze what it held when placed."""
    amount = freeze.get("amount")
    return yuan_to_fen(amount if amount is not None else freeze["held"], allow_zero=True)


PlanningMachine.TestCase.settings = settings(
    max_examples=int(os.environ.get("FREEZESIM_STATEFUL_EXAMPLES", "25")),
    stateful_step_count=int(os.environ.get("FREEZESIM_STATEFUL_STEPS", "30")),
    deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_planning_state_machine = PlanningMachine.TestCase
