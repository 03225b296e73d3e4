"""Every judicial call at every provider, through the court node's adapters against the real mocks: the answer is
dropped after the provider committed it (the ``drop`` fault), the caller retries under the same request number,
and the money moves exactly once."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from court_node.adapters.types import ControlOutcome, ControlRequest, Operation, OutcomeState, QueryRequest
from tests.contract.kit import CASE_NO, Desk, request_no, settle
from tests.contract.targets import MockTarget, Target
from tests.proofs.books import answer_lost, books

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _real_mocks_only(target: Target) -> None:
    if not isinstance(target, MockTarget):
        pytest.skip(f"{target.name} is in memory: no connection to drop")


def essentials(outcome: ControlOutcome) -> tuple[object, ...]:
    return (outcome.request_no, outcome.state, outcome.succeeded, outcome.freeze_status, outcome.provider_ref,
            outcome.held, outcome.unmet, outcome.deducted, outcome.end_date, outcome.error_code)


def _mock(target: Target) -> MockTarget:
    assert isinstance(target, MockTarget)
    return target


def _lost_then_retried(target: Target, desk: Desk, request: ControlRequest) -> ControlOutcome:
    """The first answer lost, then two retries under the same number: both alike, the books as after the first."""
    mock = _mock(target).mock
    answer_lost(mock, lambda: desk.adapter.control(request))
    first = desk.send(request)
    after_first = books(mock)
    again = desk.send(request)
    assert essentials(again) == essentials(first)
    assert books(mock) == after_first
    return first


def _placed(target: Target, desk: Desk) -> tuple[str, ControlRequest, ControlOutcome]:
    [account] = target.seed_debtor(desk.subject, [1_000_000])
    frozen = desk.freeze_request(account, 400_000)
    placed = desk.send(frozen)
    assert placed.succeeded, placed
    return account, frozen, placed


def test_a_freeze_whose_answer_was_lost_holds_once(target: Target, desk: Desk) -> None:
    [account] = target.seed_debtor(desk.subject, [1_000_000])
    outcome = _lost_then_retried(target, desk, desk.freeze_request(account, 400_000))
    assert (outcome.succeeded, outcome.held) == (True, 400_000)
    [(_, balance, held)] = books(_mock(target).mock)["accounts"]
    assert (balance, held) == (1_000_000, 400_000)


def test_a_renewal_whose_answer_was_lost_moves_the_end_once(target: Target, desk: Desk) -> None:
    _, frozen, placed = _placed(target, desk)
    assert placed.end_date is not None
    new_end = placed.end_date + timedelta(days=30)
    outcome = _lost_then_retried(target, desk, desk.on(Operation.RENEW, frozen, placed, end_date=new_end))
    assert (outcome.succeeded, outcome.end_date) == (True, new_end)


def test_a_release_whose_answer_was_lost_frees_the_money_once(target: Target, desk: Desk) -> None:
    _, frozen, placed = _placed(target, desk)
    outcome = _lost_then_retried(target, desk, desk.on(Operation.RELEASE, frozen, placed))
    assert outcome.succeeded
    [(_, balance, held)] = books(_mock(target).mock)["accounts"]
    assert (balance, held) == (1_000_000, 0)


def test_a_deduction_whose_answer_was_lost_pays_once(target: Target, desk: Desk) -> None:
    if not target.capabilities.online_deduction:
        pytest.skip(f"{target.name} does not deduct online")
    _, frozen, placed = _placed(target, desk)
    outcome = _lost_then_retried(target, desk, desk.on(Operation.DEDUCT, frozen, placed, amount=100_000))
    assert (outcome.succeeded, outcome.deducted) == (True, 100_000)
    state = books(_mock(target).mock)
    assert [amount for _, _, amount in state["payouts"]] == [100_000]
    assert [(b, h) for _, b, h in state["accounts"]] == [(900_000, 300_000)]


def test_a_query_whose_answer_was_lost_is_answered_on_the_retry(target: Target, desk: Desk) -> None:
    target.seed_debtor(desk.subject, [1_000_000])
    case_no = CASE_NO[desk.court.code]
    asked = QueryRequest(request_no("Q"), desk.court, "王法官", case_no, case_no + "之一", desk.subject)
    answer_lost(_mock(target).mock, lambda: desk.adapter.query(asked))
    outcome = settle(desk.adapter, desk.adapter.query(asked))
    assert outcome.state is OutcomeState.COMPLETED and [a.balance for a in outcome.accounts] == [1_000_000]


def test_a_restriction_order_whose_answer_was_lost_is_published_once(target: Target, desk: Desk) -> None:
    if not target.capabilities.restrictions:
        pytest.skip(f"{target.name} takes no restriction orders online")
    target.seed_debtor(desk.subject, [1_000_000])
    mock = _mock(target).mock
    number, case_no = f"L{uuid.uuid4().hex[:20]}", CASE_NO[desk.court.code]

    def publish() -> str:
        return desk.adapter.restrict(number, desk.court, case_no, case_no + "限消", desk.subject, judge="王法官")

    answer_lost(mock, publish)
    reference = publish()
    assert publish() == reference
    assert books(mock)["restrictions"] == [(books(mock)["restrictions"][0][0], True)]
    lift_no = f"U{uuid.uuid4().hex[:20]}"
    answer_lost(mock, lambda: desk.adapter.lift_restriction(lift_no, desk.court, reference))
    desk.adapter.lift_restriction(lift_no, desk.court, reference)
    desk.adapter.lift_restriction(lift_no, desk.court, reference)
    assert [in_force for _, in_force in books(mock)["restrictions"]] == [False]
