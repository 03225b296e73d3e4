"""Outcomes as Jepsen records them: ok, failed (definitely no effect), unknown (may have taken effect)."""

from __future__ import annotations

import requests

from court_node.chaos.history import FAILED, OK, UNKNOWN, AdminRefused, Entry, History, NotSent, classify
from court_node.client import CourtApiError


def test_an_answer_is_ok() -> None:
    assert classify(None).outcome == OK


def test_a_rule_refusal_is_failed_with_its_code() -> None:
    outcome = classify(CourtApiError(422, "DEDUCT_EXCEEDS_HELD", "too much"))
    assert (outcome.outcome, outcome.code) == (FAILED, "DEDUCT_EXCEEDS_HELD")


def test_a_provider_timeout_is_unknown() -> None:
    assert classify(CourtApiError(504, "PROVIDER_TIMEOUT", "no answer")).outcome == UNKNOWN


def test_a_provider_failure_after_retries_is_unknown() -> None:
    assert classify(CourtApiError(502, "PROVIDER_FAILED", "down")).outcome == UNKNOWN


def test_no_connection_to_the_node_is_unknown() -> None:
    assert classify(CourtApiError(0, "CONNECTION_FAILED", "refused")).outcome == UNKNOWN


def test_a_key_still_in_flight_is_unknown_not_failed() -> None:
    # the first attempt may still be running and take effect: a 409 here is no refusal
    assert classify(CourtApiError(409, "IDEMPOTENCY_KEY_IN_FLIGHT", "busy")).outcome == UNKNOWN


def test_a_state_conflict_is_failed() -> None:
    assert classify(CourtApiError(409, "FREEZE_ENDED", "ended")).outcome == FAILED


def test_an_operation_never_sent_is_failed() -> None:
    outcome = classify(NotSent("NO_ELIGIBLE_FREEZE", "nothing active"))
    assert (outcome.outcome, outcome.code) == (FAILED, "NO_ELIGIBLE_FREEZE")


def test_a_debtor_payment_refused_by_the_provider_is_failed() -> None:
    assert classify(AdminRefused(422, "BALANCE_NOT_ENOUGH", "held")).outcome == FAILED


def test_a_debtor_movement_without_answer_is_unknown() -> None:
    assert classify(requests.ReadTimeout("read timed out")).outcome == UNKNOWN
    assert classify(requests.ConnectionError("refused")).outcome == UNKNOWN


def test_an_unexpected_exception_is_not_swallowed() -> None:
    try:
        classify(ZeroDivisionError())
    except ZeroDivisionError:
        return
    raise AssertionError("classify swallowed a defect")


def _entry(seq: int, outcome: str) -> Entry:
    return Entry(seq, "deduct", "京0101", "c1", "case 1", f"doc{seq}", 1.0, 2.0, outcome)


def test_resolving_an_unknown_records_how() -> None:
    history = History()
    history.record(_entry(1, UNKNOWN))
    history.record(_entry(2, OK))
    history.resolve(1, "took effect", "deduction 3 completed")
    first, second = history.entries()
    assert (first.resolution, first.resolution_detail) == ("took effect", "deduction 3 completed")
    assert second.resolution == ""
