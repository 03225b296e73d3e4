"""Waiting freezes (轮候冻结): a second court waits in line and takes effect when the first lets go."""

from __future__ import annotations

import pytest

from court_node.adapters.types import FreezeState, OutcomeState
from tests.contract.kit import Desk
from tests.contract.targets import Target

pytestmark = pytest.mark.slow


def test_a_second_courts_freeze_waits_first_in_line(target: Target, desk: Desk, other_desk: Desk) -> None:
    [account] = target.seed_debtor(desk.subject, [500_000])
    desk.freeze(account, 500_000)
    second = other_desk.freeze(account, 200_000)
    assert (second.state, second.succeeded, second.freeze_status) == (OutcomeState.COMPLETED, True,
                                                                       FreezeState.WAITING)
    assert (second.queue_position, second.held) == (1, 0)


def test_releasing_the_first_freeze_lets_the_second_take_effect(target: Target, desk: Desk, other_desk: Desk) -> None:
    [account] = target.seed_debtor(desk.subject, [500_000])
    first_request = desk.freeze_request(account, 500_000)
    first = desk.send(first_request)
    second_request = other_desk.freeze_request(account, 200_000)
    second = other_desk.send(second_request)
    released = desk.release(first_request, first)
    assert (released.succeeded, released.freeze_status) == (True, FreezeState.RELEASED)
    now = other_desk.status(second_request, second)
    assert (now.state, now.freeze_status, now.held, now.queue_position) == (OutcomeState.COMPLETED,
                                                                            FreezeState.ACTIVE, 200_000, None)
    assert now.start_date == other_desk.today()
