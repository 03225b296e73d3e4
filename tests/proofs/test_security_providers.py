"""At every real provider, through the court node's adapters: a control answer whose signature fails is refused
(PROVIDER_SIGNATURE_INVALID, never trusted), and a court cannot renew, release or deduct another court's freeze
(the dialect's ownership refusal; the freeze and the money as they were)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from court_node.adapters.base import AdapterError
from court_node.adapters.errors import RefusalCode
from court_node.adapters.types import FreezeState, Operation, OutcomeState
from tests.contract.kit import Desk
from tests.contract.proxy import TamperingProxy
from tests.contract.targets import Target

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("operation", [Operation.FREEZE, Operation.RENEW])
def test_a_tampered_control_answer_is_refused(target: Target, desk: Desk, operation: Operation) -> None:
    if target.url is None:
        pytest.skip(f"{target.name} has no wire to tamper with")
    [account] = target.seed_debtor(desk.subject, [1_000_000])
    frozen = desk.freeze_request(account, 400_000)
    if operation is Operation.FREEZE:
        request = frozen
    else:
        placed = desk.send(frozen)
        assert placed.end_date is not None
        request = desk.on(operation, frozen, placed, end_date=placed.end_date + timedelta(days=30))
    with TamperingProxy(target.url) as proxy:
        adapter = target.adapter(base_url=proxy.url)
        with pytest.raises(AdapterError) as caught:
            adapter.control(request)
    assert caught.value.code == "PROVIDER_SIGNATURE_INVALID"


@pytest.mark.parametrize("operation", [Operation.RENEW, Operation.RELEASE, Operation.DEDUCT])
def test_another_court_is_refused_by_the_provider(target: Target, desk: Desk, other_desk: Desk,
                                                  operation: Operation) -> None:
    [account] = target.seed_debtor(desk.subject, [1_000_000])
    frozen = desk.freeze_request(account, 400_000)
    placed = desk.send(frozen)
    assert placed.end_date is not None
    fields: dict[str, object] = {}
    if operation is Operation.RENEW:
        fields["end_date"] = placed.end_date + timedelta(days=30)
    elif operation is Operation.DEDUCT:
        fields["amount"] = 100_000
    foreign = other_desk.send(other_desk.on(operation, frozen, placed, **fields))
    expected = {target.foreign_freeze_refusal}
    if operation is Operation.DEDUCT and not target.capabilities.online_deduction:
        expected.add(RefusalCode.CAPABILITY_NOT_SUPPORTED)
    assert (foreign.state, foreign.succeeded, foreign.error_code in expected) == (OutcomeState.COMPLETED, False, True)
    mine = desk.status(frozen, placed)
    assert (mine.freeze_status, mine.held, mine.end_date) == (FreezeState.ACTIVE, 400_000, placed.end_date)
    assert target.balance(account) == 1_000_000
