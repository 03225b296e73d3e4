"""Renewal (续冻): before expiry it extends the term; after expiry it is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest

from court_node.adapters.errors import RefusalCode
from court_node.adapters.types import FreezeState, OutcomeState
from tests.contract.kit import Desk
from tests.contract.targets import Target

pytestmark = pytest.mark.slow


def test_renewing_before_expiry_extends_the_end_date(target: Target, desk: Desk) -> None:
    [account] = target.seed_debtor(desk.subject, [1_000_000])
    frozen = desk.freeze_request(account, 100_000, days=30)
    placed = desk.send(frozen)
    assert placed.end_date is not None
    new_end = placed.end_date + timedelta(days=60)
    renewed = desk.renew(frozen, placed, new_end)
    assert (renewed.state, renewed.succeeded, renewed.end_date) == (OutcomeState.COMPLETED, True, new_end)
    assert desk.status(frozen, placed).end_date == new_end


def test_renewing_after_expiry_is_refused(target: Target, desk: Desk) -> None:
    [account] = target.seed_debtor(desk.subject, [1_000_000])
    frozen = desk.freeze_request(account, 100_000, days=1)
    placed = desk.send(frozen)
    target.advance("2d")
    assert desk.status(frozen, placed).freeze_status is FreezeState.EXPIRED
    renewed = desk.renew(frozen, placed, desk.today() + timedelta(days=30))
    assert (renewed.state, renewed.succeeded, renewed.error_code) == (OutcomeState.COMPLETED, False,
                                                                      RefusalCode.FREEZE_EXPIRED)
    assert desk.query().accounts[0].available == 1_000_000
