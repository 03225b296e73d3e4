"""Deduction (扣划): at most what the freeze holds, into the court's enforcement account, where supported."""

from __future__ import annotations

import pytest

from court_node.adapters.errors import RefusalCode
from court_node.adapters.types import FreezeState, OutcomeState
from tests.contract.kit import Desk, available
from tests.contract.targets import Target

pytestmark = pytest.mark.slow


def test_deducting_part_of_the_held_money_moves_it_off_the_account(target: Target, desk: Desk) -> None:
    [account] = target.seed_debtor(desk.subject, [1_000_000])
    frozen = desk.freeze_request(account, 400_000)
    placed = desk.send(frozen)
    deducted = desk.deduct(frozen, placed, 150_000)
    if not desk.adapter.capabilities().online_deduction:
        assert (deducted.succeeded, deducted.error_code) == (False, RefusalCode.CAPABILITY_NOT_SUPPORTED)
        assert target.balance(account) == 1_000_000
        return
    assert (deducted.state, deducted.succeeded, deducted.deducted) == (OutcomeState.COMPLETED, True, 150_000)
    status = desk.status(frozen, placed)
    assert (status.held, status.freeze_status) == (250_000, FreezeState.ACTIVE)
    assert available(desk, account) == (850_000, 600_000)
    assert target.balance(account) == 850_000


def test_deducting_everything_ends_the_freeze(target: Target, desk: Desk) -> None:
    if not target.capabilities.online_deduction:
        pytest.skip(f"{target.name} does not deduct online")
    [account] = target.seed_debtor(desk.subject, [1_000_000])
    frozen = desk.freeze_request(account, 400_000)
    placed = desk.send(frozen)
    deducted = desk.deduct(frozen, placed, 400_000)
    assert (deducted.succeeded, deducted.deducted) == (True, 400_000)
    assert desk.status(frozen, placed).freeze_status is FreezeState.DEDUCTED
    assert target.balance(account) == 600_000


def test_deducting_more_than_the_freeze_holds_is_refused(target: Target, desk: Desk) -> None:
    if not target.capabilities.online_deduction:
        pytest.skip(f"{target.name} does not deduct online")
    [account] = target.seed_debtor(desk.subject, [1_000_000])
    frozen = desk.freeze_request(account, 400_000)
    placed = desk.send(frozen)
    refused = desk.deduct(frozen, placed, 400_001)
    assert (refused.state, refused.succeeded, refused.error_code) == (OutcomeState.COMPLETED, False,
                                                                      RefusalCode.DEDUCT_EXCEEDS_HELD)
    assert target.balance(account) == 1_000_000
