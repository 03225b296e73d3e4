"""The request number is the idempotency key: a retry gets the same outcome and moves money once."""

from __future__ import annotations

from dataclasses import replace

import pytest

from court_node.adapters.types import ControlOutcome, Operation, OutcomeState
from tests.contract.kit import Desk, available, request_no, settle
from tests.contract.targets import Target

pytestmark = pytest.mark.slow


def essentials(outcome: ControlOutcome) -> tuple[object, ...]:
    return (outcome.request_no, outcome.state, outcome.succeeded, outcome.freeze_status, outcome.provider_ref,
            outcome.held, outcome.unmet, outcome.deducted, outcome.end_date, outcome.error_code)


def test_a_retried_freeze_has_the_same_outcome_and_holds_once(target: Target, desk: Desk) -> None:
    [account] = target.seed_debtor(desk.subject, [1_000_000])
    frozen = desk.freeze_request(account, 400_000)
    first = desk.send(frozen)
    again = desk.send(frozen)
    assert essentials(again) == essentials(first)
    assert available(desk, account) == (1_000_000, 600_000)


def test_a_retried_deduction_moves_the_money_once(target: Target, desk: Desk) -> None:
    if not target.capabilities.online_deduction:
        pytest.skip(f"{target.name} does not deduct online")
    [account] = target.seed_debtor(desk.subject, [1_000_000])
    frozen = desk.freeze_request(account, 400_000)
    placed = desk.send(frozen)
    deduction = desk.on(Operation.DEDUCT, frozen, placed, amount=100_000)
    first = desk.send(deduction)
    again = desk.send(deduction)
    assert essentials(again) == essentials(first)
    assert first.deducted == 100_000
    assert target.balance(account) == 900_000


def test_the_same_number_sent_twice_before_reading_takes_effect_once(target: Target, desk: Desk) -> None:
    [account] = target.seed_debtor(desk.subject, [1_000_000])
    frozen = desk.freeze_request(account, 400_000)
    desk.adapter.control(frozen)
    desk.adapter.control(frozen)
    outcome = settle(desk.adapter, desk.adapter.control_result(frozen), frozen)
    assert (outcome.succeeded, outcome.held) == (True, 400_000)
    assert available(desk, account) == (1_000_000, 600_000)


def test_control_result_for_a_number_never_sent_is_not_found(target: Target, desk: Desk) -> None:
    [account] = target.seed_debtor(desk.subject, [1_000_000])
    never_sent = replace(desk.freeze_request(account, 100_000), request_no=request_no("N"))
    assert desk.adapter.control_result(never_sent).state is OutcomeState.NOT_FOUND
