"""The fake provider follows the ledger's rules and offers the switches the services' tests rely on."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from court_node.adapters import registry
from court_node.adapters.base import AdapterError, ProviderConfig
from court_node.adapters.fake import FakeAdapter, forget_shared_books
from court_node.adapters.fake_books import BookRefusal
from court_node.adapters.types import (
    ControlRequest,
    Court,
    FreezeState,
    Operation,
    OutcomeState,
    QueryRequest,
    Subject,
)

COURT = Court("京0101", "北京市东城区人民法院", "0200000709014400123")
OTHER = Court("京0105", "北京市朝阳区人民法院", "0200001109014400456")
LI = Subject("李明", "resident_id", "11010519491231002X")
ACCOUNT = "6222001"


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 3, 1, 2, tzinfo=UTC)

    def __call__(self) -> float:
        return self.at.timestamp()

    def advance(self, days: float) -> None:
        self.at += timedelta(days=days)


def fake(clock: Clock, balance: int = 1_000_000, timeout_s: float = 0.05, **options: object) -> FakeAdapter:
    adapter = registry.build(ProviderConfig("bank", "fake", "memory://bank", timeout_s=timeout_s, options=options),
                             now=clock)
    assert isinstance(adapter, FakeAdapter)
    adapter.open_account(LI.name, LI.id_type, LI.id_number, ACCOUNT, balance)
    return adapter


def control(no: str, op: Operation = Operation.FREEZE, court: Court = COURT, **fields: object) -> ControlRequest:
    values: dict[str, object] = {"end_date": date(2026, 12, 1)} if op is Operation.FREEZE else {}
    values.update(fields)
    return ControlRequest(no, op, court, "张法官", "（2026）京0101执1号", "裁定", LI, ACCOUNT, **values)  # type: ignore[arg-type]


def test_it_is_registered_as_fake_with_its_dialect() -> None:
    assert registry.adapter_class("fake") is FakeAdapter and FakeAdapter.dialect == "in-memory"


def test_an_amount_freeze_holds_what_is_free_and_reports_the_rest_unmet() -> None:
    outcome = fake(Clock()).control(control("R1", amount=1_500_000))
    assert (outcome.state, outcome.succeeded, outcome.freeze_status) == (OutcomeState.COMPLETED, True,
                                                                         FreezeState.ACTIVE)
    assert (outcome.held, outcome.unmet, outcome.available) == (1_000_000, 500_000, 0)
    assert (outcome.start_date, outcome.end_date) == (date(2026, 3, 1), date(2026, 12, 1))


def test_a_second_court_waits_in_line_and_takes_effect_when_the_first_releases() -> None:
    bank = fake(Clock())
    first = bank.control(control("R1", amount=1_000_000))
    waiting = bank.control(control("R2", court=OTHER, amount=600_000))
    assert (waiting.freeze_status, waiting.queue_position, waiting.held) == (FreezeState.WAITING, 1, 0)
    bank.control(control("R3", Operation.RELEASE, provider_ref=first.provider_ref))
    now = bank.freeze_status(control("S1", court=OTHER, provider_ref=waiting.provider_ref))
    assert (now.freeze_status, now.held) == (FreezeState.ACTIVE, 600_000)
    assert bank.check_invariants() == []


def test_later_credits_are_captured_only_when_configured() -> None:
    capturing, plain = fake(Clock(), capture_credits=True), fake(Clock())
    for bank in (capturing, plain):
        bank.control(control("R1", amount=1_500_000))
        bank.credit(ACCOUNT, 300_000)
    assert capturing.freezes_on(ACCOUNT)[0].held == 1_300_000
    assert plain.freezes_on(ACCOUNT)[0].held == 1_000_000


def test_a_freeze_lapses_at_its_expiry_on_the_clock() -> None:
    clock = Clock()
    bank = fake(clock)
    placed = bank.control(control("R1", amount=100_000, end_date=date(2026, 3, 11)))
    clock.advance(10)
    status = bank.freeze_status(control("S1", provider_ref=placed.provider_ref))
    assert (status.freeze_status, status.held) == (FreezeState.EXPIRED, 0)


def test_renewal_is_limited_to_365_days_past_the_current_end_and_refused_after_expiry() -> None:
    clock = Clock()
    bank = fake(clock)
    ref = bank.control(control("R1", amount=100_000)).provider_ref
    too_far = bank.control(control("N1", Operation.RENEW, provider_ref=ref, end_date=date(2027, 12, 2)))
    assert (too_far.succeeded, too_far.error_code) == (False, "TERM_INVALID")
    renewed = bank.control(control("N2", Operation.RENEW, provider_ref=ref, end_date=date(2027, 12, 1)))
    assert (renewed.succeeded, renewed.end_date) == (True, date(2027, 12, 1))
    clock.advance(700)
    late = bank.control(control("N3", Operation.RENEW, provider_ref=ref, end_date=date(2028, 12, 1)))
    assert late.error_code == "FREEZE_EXPIRED"


def test_another_authority_may_not_touch_a_freeze() -> None:
    bank = fake(Clock())
    ref = bank.control(control("R1", amount=100_000)).provider_ref
    for op in (Operation.RELEASE, Operation.DEDUCT):
        refused = bank.control(control(f"X{op}", op, court=OTHER, provider_ref=ref, amount=1))
        assert (refused.succeeded, refused.error_code) == (False, "NOT_FREEZE_OWNER")


def test_a_deduction_never_exceeds_what_the_freeze_holds() -> None:
    bank = fake(Clock())
    ref = bank.control(control("R1", amount=400_000)).provider_ref
    too_much = bank.control(control("D1", Operation.DEDUCT, provider_ref=ref, amount=400_001))
    assert too_much.error_code == "DEDUCT_EXCEEDS_HELD"
    done = bank.control(control("D2", Operation.DEDUCT, provider_ref=ref, amount=400_000))
    assert (done.deducted, done.freeze_status, done.balance) == (400_000, FreezeState.DEDUCTED, 600_000)
    assert bank.books.payouts[0].enforcement_account == COURT.enforcement_account


def test_a_request_number_takes_effect_once_and_other_content_is_a_conflict() -> None:
    bank = fake(Clock())
    ref = bank.control(control("R1", amount=400_000)).provider_ref
    first = bank.control(control("D1", Operation.DEDUCT, provider_ref=ref, amount=100_000))
    again = bank.control(control("D1", Operation.DEDUCT, provider_ref=ref, amount=100_000))
    assert first == again and sum(p.amount for p in bank.books.payouts) == 100_000
    other = bank.control(control("D1", Operation.DEDUCT, provider_ref=ref, amount=200_000))
    assert (other.state, other.error_code) == (OutcomeState.REJECTED, "REQUEST_CONFLICT")


def test_a_name_that_does_not_match_is_rejected_and_an_unknown_person_has_no_accounts() -> None:
    bank = fake(Clock())
    wrong = bank.query(QueryRequest("Q1", COURT, "张", "案", "文", Subject("李四", "resident_id", LI.id_number)))
    assert (wrong.state, wrong.error_code) == (OutcomeState.REJECTED, "IDENTITY_NOT_MATCH")
    nobody = bank.query(QueryRequest("Q2", COURT, "张", "案", "文", Subject("王五", "resident_id",
                                                                       "440524188001010014")))
    assert (nobody.state, nobody.accounts) == (OutcomeState.COMPLETED, [])


def test_a_query_reports_measures_and_transactions_of_the_period() -> None:
    bank = fake(Clock())
    bank.control(control("R1", court=OTHER, amount=300_000))
    answer = bank.query(QueryRequest("Q1", COURT, "张", "案", "文", LI, date(2026, 3, 1), date(2026, 3, 1)))
    account = answer.accounts[0]
    assert (account.balance, account.available) == (1_000_000, 700_000)
    assert [(m.authority_code, m.held) for m in account.measures] == [("京0105", 300_000)]
    assert [(t.kind, t.amount) for t in account.transactions] == [("seed", 1_000_000)]


def test_an_asynchronous_provider_answers_pending_until_settled() -> None:
    bank = fake(Clock(), asynchronous=True)
    assert bank.control(control("R1", amount=100_000)).state is OutcomeState.PENDING
    assert bank.control_result(control("R1", amount=100_000)).state is OutcomeState.PENDING
    bank.settle()
    assert bank.control_result(control("R1", amount=100_000)).freeze_status is FreezeState.ACTIVE


def test_an_asynchronous_provider_with_a_delay_answers_once_simulated_time_passes() -> None:
    clock = Clock()
    bank = fake(clock, asynchronous=True, delay_s=3600)
    bank.query(QueryRequest("Q1", COURT, "张", "案", "文", LI))
    assert bank.query_result("Q1").state is OutcomeState.PENDING
    clock.advance(1 / 24)
    assert bank.query_result("Q1").accounts[0].balance == 1_000_000


def test_unknown_request_numbers_are_not_found() -> None:
    bank = fake(Clock())
    assert bank.control_result(control("NEVER", amount=1)).state is OutcomeState.NOT_FOUND
    assert bank.query_result("NEVER").state is OutcomeState.NOT_FOUND


def test_fail_next_refuses_one_call_without_effect() -> None:
    bank = fake(Clock())
    bank.fail_next(method="control")
    with pytest.raises(AdapterError) as failed:
        bank.control(control("R1", amount=100_000))
    assert (failed.value.code, failed.value.outcome_unknown) == ("PROVIDER_UNAVAILABLE", False)
    assert bank.control_result(control("R1", amount=100_000)).state is OutcomeState.NOT_FOUND


def test_unknown_next_applies_the_request_and_loses_the_answer() -> None:
    bank = fake(Clock())
    bank.unknown_next()
    with pytest.raises(AdapterError) as lost:
        bank.control(control("R1", amount=100_000))
    assert lost.value.outcome_unknown
    assert bank.control_result(control("R1", amount=100_000)).held == 100_000


def test_timeout_next_waits_its_timeout_then_says_unknown() -> None:
    bank = fake(Clock(), timeout_s=0.05)
    bank.timeout_next(applied=False)
    with pytest.raises(AdapterError) as timed_out:
        bank.control(control("R1", amount=100_000))
    assert (timed_out.value.code, timed_out.value.outcome_unknown) == ("PROVIDER_TIMEOUT", True)
    call = bank.timeline[-1]
    assert (call.result, call.ended - call.started >= 0.05) == ("timeout", True)
    assert bank.received == []


def test_restrictions_block_restricted_payments_until_lifted() -> None:
    bank = fake(Clock())
    reference = bank.restrict("S1", COURT, "案", "决定书", LI)
    with pytest.raises(BookRefusal):
        bank.pay(ACCOUNT, 100, "air_travel")
    bank.pay(ACCOUNT, 100, "grocery")
    bank.lift_restriction("L1", COURT, reference)
    bank.pay(ACCOUNT, 100, "air_travel")


def test_adapters_naming_the_same_books_share_one_provider() -> None:
    clock = Clock()
    try:
        one = fake(clock, books="test-shared")
        two = registry.build(ProviderConfig("bank", "fake", "memory://bank", options={"books": "test-shared"}),
                             now=clock)
        one.control(control("R1", amount=100_000))
        assert two.control_result(control("R1", amount=100_000)).held == 100_000
    finally:
        forget_shared_books("test-shared")


def test_unknown_options_fail_when_built() -> None:
    with pytest.raises(ValueError, match="unknown fake adapter option"):
        registry.build(ProviderConfig("bank", "fake", "memory://bank", options={"capture": True}))
