"""The batch forms (native, or one call per request): each request's outcome is its single call's, taken once."""

from __future__ import annotations

import time
from typing import TypeVar

import pytest

from court_node.adapters.types import ControlOutcome, ControlRequest, OutcomeState, QueryOutcome, QueryRequest
from tests.contract.kit import CASE_NO, Desk, available, request_no
from tests.contract.targets import Target

pytestmark = pytest.mark.slow
_O = TypeVar("_O", ControlOutcome, QueryOutcome)
_UNFINISHED = (OutcomeState.PENDING, OutcomeState.UNKNOWN)


def _outcomes(answers: list[_O | Exception]) -> list[_O]:
    assert not [a for a in answers if isinstance(a, Exception)], answers
    return [a for a in answers if not isinstance(a, Exception)]


def _settled_controls(desk: Desk, requests: list[ControlRequest]) -> list[ControlOutcome]:
    deadline = time.monotonic() + 20
    while True:
        outcomes = _outcomes(desk.adapter.control_results(requests))
        if all(o.state not in _UNFINISHED for o in outcomes) or time.monotonic() > deadline:
            return outcomes
        time.sleep(0.05)


def test_control_many_places_each_freeze_once_and_control_results_read_them(target: Target, desk: Desk) -> None:
    first, second = target.seed_debtor(desk.subject, [1_000_000, 1_000_000])
    freezes = [desk.freeze_request(first, 100_000), desk.freeze_request(second, 200_000)]
    sent = _outcomes(desk.adapter.control_many(freezes))
    assert [o.request_no for o in sent] == [f.request_no for f in freezes]
    assert all(o.state is not OutcomeState.REJECTED for o in sent)
    _outcomes(desk.adapter.control_many(freezes))  # sent again under the same numbers: nothing more held
    settled = _settled_controls(desk, freezes)
    assert [(o.state, o.succeeded, o.held) for o in settled] == [
        (OutcomeState.COMPLETED, True, 100_000), (OutcomeState.COMPLETED, True, 200_000)]
    assert (available(desk, first), available(desk, second)) == ((1_000_000, 900_000), (1_000_000, 800_000))


def test_query_many_answers_each_query_and_query_results_read_them(target: Target, desk: Desk) -> None:
    target.seed_debtor(desk.subject, [500_000])
    case_no = CASE_NO[desk.court.code]
    asked = [QueryRequest(request_no("Q"), desk.court, "王法官", case_no, case_no + "之一", desk.subject)
             for _ in range(2)]
    assert [o.request_no for o in _outcomes(desk.adapter.query_many(asked))] == [q.request_no for q in asked]
    deadline = time.monotonic() + 20
    while True:
        read = _outcomes(desk.adapter.query_results([q.request_no for q in asked]))
        if all(o.state not in _UNFINISHED for o in read) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert [(o.state, len(o.accounts)) for o in read] == [(OutcomeState.COMPLETED, 1)] * 2


def test_results_of_numbers_never_sent_are_not_found(target: Target, desk: Desk) -> None:
    [account] = target.seed_debtor(desk.subject, [100_000])
    never_sent = [desk.freeze_request(account, 10_000)]
    assert [o.state for o in _outcomes(desk.adapter.control_results(never_sent))] == [OutcomeState.NOT_FOUND]
