"""Queries: the debtor's accounts with balances, identity refused canonically, strangers have nothing."""

from __future__ import annotations

import pytest

from court_node.adapters.errors import RefusalCode
from court_node.adapters.types import FreezeState, OutcomeState
from tests.contract.kit import IMPOSTOR, STRANGER, Desk
from tests.contract.targets import Target

pytestmark = pytest.mark.slow


def test_a_query_finds_the_debtors_accounts_with_balance_and_available(target: Target, desk: Desk) -> None:
    numbers = target.seed_debtor(desk.subject, [1_000_000, 50_000])
    outcome = desk.query()
    assert outcome.state is OutcomeState.COMPLETED
    found = {a.account_no: (a.balance, a.available, a.currency) for a in outcome.accounts}
    assert found == {numbers[0]: (1_000_000, 1_000_000, "CNY"), numbers[1]: (50_000, 50_000, "CNY")}


def test_a_name_that_does_not_match_the_id_number_is_rejected(target: Target, desk: Desk) -> None:
    target.seed_debtor(desk.subject, [1_000_000])
    outcome = desk.query(IMPOSTOR)
    assert (outcome.state, outcome.error_code, outcome.accounts) == (OutcomeState.REJECTED,
                                                                     RefusalCode.IDENTITY_NOT_MATCH, [])


def test_a_subject_the_provider_does_not_know_has_no_accounts(target: Target, desk: Desk) -> None:
    target.seed_debtor(desk.subject, [1_000_000])
    outcome = desk.query(STRANGER)
    assert (outcome.state, outcome.accounts) == (OutcomeState.COMPLETED, [])


def test_a_freeze_shows_in_the_query_as_a_measure(target: Target, desk: Desk) -> None:
    [account] = target.seed_debtor(desk.subject, [1_000_000])
    desk.freeze(account, 300_000)
    [found] = desk.query().accounts
    assert (found.balance, found.available) == (1_000_000, 700_000)
    [measure] = found.measures
    assert (measure.authority_code, measure.held, measure.status) == (desk.court.code, 300_000, FreezeState.ACTIVE)
