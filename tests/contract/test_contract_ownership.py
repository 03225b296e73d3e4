"""A court renews, releases and deducts only its own freezes (rule 10)."""

from __future__ import annotations

import pytest

from court_node.adapters.errors import RefusalCode
from court_node.adapters.types import FreezeState, Operation, OutcomeState
from tests.contract.kit import Desk
from tests.contract.targets import Target

pytestmark = pytest.mark.slow

#: the two forms the kit accepts; each target declares which one its dialect gives
FOREIGN_REFUSALS = (RefusalCode.NOT_FREEZE_OWNER, RefusalCode.FREEZE_NOT_FOUND)


def test_the_target_declares_one_of_the_accepted_refusals(target: Target) -> None:
    assert target.foreign_freeze_refusal in FOREIGN_REFUSALS


@pytest.mark.parametrize("operation", [Operation.RELEASE, Operation.DEDUCT])
def test_another_court_cannot_touch_a_freeze(target: Target, desk: Desk, other_desk: Desk,
                                             operation: Operation) -> None:
    [account] = target.seed_debtor(desk.subject, [1_000_000])
    frozen = desk.freeze_request(account, 400_000)
    placed = desk.send(frozen)
    fields = {"amount": 100_000} if operation is Operation.DEDUCT else {}
    foreign = other_desk.send(other_desk.on(operation, frozen, placed, **fields))
    expected = {target.foreign_freeze_refusal}
    if operation is Operation.DEDUCT and not target.capabilities.online_deduction:
        expected.add(RefusalCode.CAPABILITY_NOT_SUPPORTED)  # either refusal may come first
    assert (foreign.state, foreign.succeeded) == (OutcomeState.COMPLETED, False)
    assert foreign.error_code in expected
    mine = desk.status(frozen, placed)
    assert (mine.freeze_status, mine.held) == (FreezeState.ACTIVE, 400_000)
    assert target.balance(account) == 1_000_000
