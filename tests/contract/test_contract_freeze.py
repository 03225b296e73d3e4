"""Freezes: an amount is held, a shortfall is reported as unmet, a whole account is blocked where supported."""

from __future__ import annotations

from datetime import timedelta

import pytest

from court_node.adapters.errors import RefusalCode
from court_node.adapters.types import FreezeState, OutcomeState
from tests.contract.kit import IMPOSTOR, Desk, available
from tests.contract.targets import Target

pytestmark = pytest.mark.slow


def test_freezing_an_amount_holds_it_for_the_term(target: Target, desk: Desk) -> None:
    [account] = target.seed_debtor(desk.subject, [1_000_000])
    outcome = desk.freeze(account, 400_000, days=30)
    assert (outcome.state, outcome.succeeded, outcome.freeze_status) == (OutcomeState.COMPLETED, True,
                                                                         FreezeState.ACTIVE)
    assert (outcome.held, outcome.unmet, outcome.error_code) == (400_000, 0, "")
    assert outcome.provider_ref
    assert outcome.start_date == desk.today() and outcome.end_date == desk.today() + timedelta(days=30)
    assert available(desk, account) == (1_000_000, 600_000)


def test_freezing_more_than_the_balance_holds_what_is_there_and_reports_the_rest(target: Target, desk: Desk) -> None:
    [account] = target.seed_debtor(desk.subject, [300_000])
    outcome = desk.freeze(account, 500_000)
    assert (outcome.succeeded, outcome.freeze_status, outcome.held, outcome.unmet) == (True, FreezeState.ACTIVE,
                                                                                      300_000, 200_000)
    assert available(desk, account) == (300_000, 0)


def test_later_credits_are_captured_only_where_the_provider_captures_them(target: Target, desk: Desk) -> None:
    [account] = target.seed_debtor(desk.subject, [300_000])
    frozen = desk.freeze_request(account, 500_000)
    placed = desk.send(frozen)
    target.credit(account, 150_000)
    status = desk.status(frozen, placed)
    if desk.adapter.capabilities().capture_credits:
        assert (status.held, status.unmet) == (450_000, 50_000)
        assert available(desk, account) == (450_000, 0)
    else:
        assert status.held == 300_000
        assert available(desk, account) == (450_000, 150_000)


def test_a_whole_account_freeze_blocks_the_account_where_supported(target: Target, desk: Desk) -> None:
    [account] = target.seed_debtor(desk.subject, [1_000_000])
    outcome = desk.freeze(account, None)
    if not desk.adapter.capabilities().whole_account_freeze:
        assert (outcome.succeeded, outcome.error_code) == (False, RefusalCode.CAPABILITY_NOT_SUPPORTED)
        return
    assert (outcome.succeeded, outcome.freeze_status) == (True, FreezeState.ACTIVE)
    [found] = desk.query().accounts
    assert (found.whole_account_frozen, found.available) == (True, 0)


def test_a_freeze_for_someone_else_is_rejected_and_holds_nothing(target: Target, desk: Desk) -> None:
    [account] = target.seed_debtor(desk.subject, [1_000_000])
    outcome = desk.freeze(account, 100_000, subject=IMPOSTOR)
    assert (outcome.state, outcome.succeeded, outcome.error_code) == (OutcomeState.REJECTED, False,
                                                                      RefusalCode.IDENTITY_NOT_MATCH)
    assert available(desk, account) == (1_000_000, 1_000_000)
