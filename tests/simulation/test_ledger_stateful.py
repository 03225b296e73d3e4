"""Random freezes, renewals, releases, deductions, payments, credits and clock jumps against the ledger,
with PRODUCT.md's invariants 1-5 checked after every step and balances checked against a simple model."""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from payment_mocks.ledger import FreezeMode, FreezeStatus, Ledger
from payment_mocks.ledger.categories import RESTRICTED_CATEGORIES
from payment_mocks.ledger.errors import LedgerError

ACCOUNTS = ["A-1", "A-2"]
COURTS = ["京0101", "京0105", "浙0106"]
IDS = {"A-1": "11010519491231002X", "A-2": "440524188001010014"}
CATEGORIES = ["grocery", "g_train", "air_travel", "food"]


class LedgerMachine(RuleBasedStateMachine):
    """The model: what each balance must be, what courts were paid, which freezes have ended."""

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="ledger-sm-"))
        self.book: Ledger | None = None
        self.balance: dict[str, int] = {}
        self.paid_out = 0
        self.freeze_ids: list[int] = []
        self.ended: dict[int, FreezeStatus] = {}
        self.counter = 0

    @initialize(provider=st.sampled_from([("bank", "current"), ("alipay", "current"), ("wechat", "2019")]),
                balances=st.tuples(st.integers(0, 2_000_000), st.integers(0, 2_000_000)))
    def open_books(self, provider: tuple[str, str], balances: tuple[int, int]) -> None:
        self.book = Ledger(self.dir, provider=provider[0], profile_name=provider[1])
        self.book.clock.stop()
        with self.book.transaction() as tx:
            for (account, id_number), balance in zip(IDS.items(), balances, strict=True):
                tx.add_subject("债务人" + account, "resident_id", id_number)
                tx.open_account(account, id_number, balance)
                self.balance[account] = balance

    def _next(self) -> str:
        self.counter += 1
        return f"R{self.counter}"

    @property
    def ledger(self) -> Ledger:
        assert self.book is not None
        return self.book

    @rule(account=st.sampled_from(ACCOUNTS), court=st.sampled_from(COURTS), amount=st.integers(1, 2_500_000),
          whole=st.booleans(), days=st.integers(1, 365))
    def place(self, account: str, court: str, amount: int, whole: bool, days: int) -> None:
        try:
            with self.ledger.transaction() as tx:
                f = tx.place_freeze(
                    account_no=account, authority_code=court, authority_name=court, request_no=self._next(),
                    document_no="doc", mode=FreezeMode.ACCOUNT if whole else FreezeMode.AMOUNT,
                    amount=None if whole else amount, term_days=days,
                )
            self.freeze_ids.append(f.id)
        except LedgerError:
            pass

    @rule(pick=st.integers(0, 1000), days=st.integers(1, 365), wrong_court=st.booleans())
    def renew(self, pick: int, days: int, wrong_court: bool) -> None:
        if not self.freeze_ids:
            return
        fid = self.freeze_ids[pick % len(self.freeze_ids)]
        with self.ledger.transaction() as tx:
            court = tx.freeze(fid).authority_code
        try:
            with self.ledger.transaction() as tx:
                tx.renew(fid, "沪0115" if wrong_court else court, days)
        except LedgerError:
            pass

    @rule(pick=st.integers(0, 1000))
    def release(self, pick: int) -> None:
        if not self.freeze_ids:
            return
        fid = self.freeze_ids[pick % len(self.freeze_ids)]
        try:
            with self.ledger.transaction() as tx:
                tx.release(fid, tx.freeze(fid).authority_code)
        except LedgerError:
            pass

    @rule(pick=st.integers(0, 1000), share=st.integers(1, 120))
    def deduct(self, pick: int, share: int) -> None:
        if not self.freeze_ids:
            return
        fid = self.freeze_ids[pick % len(self.freeze_ids)]
        try:
            with self.ledger.transaction() as tx:
                f = tx.freeze(fid)
                amount = max(1, f.held * share // 100)  # sometimes more than held: must be refused
                tx.deduct(fid, f.authority_code, amount, request_no=self._next(), document_no="d",
                          enforcement_account="EA")
                account = f.account_no
            self.balance[account] -= amount
            self.paid_out += amount
        except LedgerError:
            pass

    @rule(account=st.sampled_from(ACCOUNTS), amount=st.integers(1, 800_000), category=st.sampled_from(CATEGORIES))
    def pay(self, account: str, amount: int, category: str) -> None:
        try:
            with self.ledger.transaction() as tx:
                tx.pay(account, amount, merchant="m", category=category)
            self.balance[account] -= amount
        except LedgerError:
            pass

    @rule(account=st.sampled_from(ACCOUNTS), amount=st.integers(1, 800_000))
    def credit(self, account: str, amount: int) -> None:
        with self.ledger.transaction() as tx:
            tx.credit(account, amount)
        self.balance[account] += amount

    @rule(account=st.sampled_from(ACCOUNTS), court=st.sampled_from(COURTS))
    def restrict(self, account: str, court: str) -> None:
        with self.ledger.transaction() as tx:
            subject = tx.subject_by_number(IDS[account])
            tx.restrict(subject, authority_code=court, authority_name=court, document_no="限消",
                        categories=frozenset(RESTRICTED_CATEGORIES))

    @rule(days=st.integers(0, 400), hours=st.integers(0, 23))
    def advance(self, days: int, hours: int) -> None:
        self.ledger.clock.advance(timedelta(days=days, hours=hours))

    @invariant()
    def invariants_hold(self) -> None:
        if self.book is None:
            return
        with self.ledger.transaction() as tx:
            assert tx.check_invariants() == []
            for account, expected in self.balance.items():
                view = tx.account_view(account)
                assert view.balance == expected
                assert 0 <= view.available <= view.balance
            assert sum(p.amount for p in tx.payouts()) == self.paid_out
            for fid in self.freeze_ids:
                f = tx.freeze(fid)
                if fid in self.ended:  # an ended freeze never comes back or changes how it ended
                    assert f.status is self.ended[fid]
                elif f.status.ended:
                    self.ended[fid] = f.status
                if f.status is FreezeStatus.ACTIVE:
                    assert f.expires_at is not None and f.expires_at > tx.now_us

    def teardown(self) -> None:
        if self.book is not None:
            self.book.close()
        shutil.rmtree(self.dir, ignore_errors=True)


LedgerMachine.TestCase.settings = settings(
    max_examples=150, stateful_step_count=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
test_ledger_state_machine = LedgerMachine.TestCase
