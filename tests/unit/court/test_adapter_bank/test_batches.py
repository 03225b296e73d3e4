"""The adapter's batch forms: many submissions or feedback reads per call, each item's outcome as its single call's."""

from __future__ import annotations

import json
from typing import Any

import requests

from court_node.adapters.bank.gateway import PROTOCOL_ERROR, SIGNATURE_INVALID
from court_node.adapters.base import AdapterError
from court_node.adapters.errors import RefusalCode
from court_node.adapters.types import ControlOutcome, Operation, OutcomeState, QueryOutcome
from tests.unit.court.test_adapter_bank.support import (
    Answer,
    FakeBank,
    adapter,
    body_of,
    control_request,
    error,
    feedback,
    item,
    query_request,
    signed,
)

QUERY_BATCHES = "/judicial/v1/query-batches"
CONTROL_BATCHES = "/judicial/v1/control-batches"
FEEDBACKS = "/judicial/v1/feedback-queries"


def _accepting(request: requests.PreparedRequest) -> Answer:
    """Accept every item of a batch, in order."""
    sent = json.loads(body_of(request))
    items = [{"request_no": r["request_no"], "status": "accepted"} for r in sent["requests"]]
    return signed(request, 202, {"batch_no": sent["batch_no"], "accepted_at": "2026-03-01T10:00:00+08:00",
                                 "items": items})


def test_queries_go_in_one_call_and_each_is_pending(bank: FakeBank) -> None:
    bank.on("POST", QUERY_BATCHES, _accepting)
    outcomes = adapter().query_many([query_request("Q1"), query_request("Q2")])
    assert [(o.request_no, o.state) for o in outcomes if isinstance(o, QueryOutcome)] == [
        ("Q1", OutcomeState.PENDING), ("Q2", OutcomeState.PENDING)]
    [sent] = bank.bodies()
    assert [r["request_no"] for r in sent["requests"]] == ["Q1", "Q2"] and sent["batch_no"]


def test_more_than_five_hundred_requests_go_in_calls_of_five_hundred(bank: FakeBank) -> None:
    bank.on("POST", QUERY_BATCHES, _accepting)
    outcomes = adapter().query_many([query_request(f"Q{i}") for i in range(1001)])
    assert [len(b["requests"]) for b in bank.bodies()] == [500, 500, 1]
    assert [o.request_no for o in outcomes if isinstance(o, QueryOutcome)] == [f"Q{i}" for i in range(1001)]


def test_a_control_item_names_its_freeze_like_a_single_submission(bank: FakeBank) -> None:
    bank.on("POST", CONTROL_BATCHES, _accepting)
    freeze, release = adapter().control_many([control_request(request_no="C1"),
                                              control_request(Operation.RELEASE, request_no="R1")])
    assert isinstance(freeze, ControlOutcome) and isinstance(release, ControlOutcome)
    assert (freeze.state, freeze.provider_ref, release.provider_ref) == (OutcomeState.PENDING, "C1", "C0")
    assert bank.bodies()[0]["requests"][1]["items"][0]["operation"] == "04"


def test_a_refused_item_is_rejected_alone_with_the_mapped_code(bank: FakeBank) -> None:
    bank.reply("POST", CONTROL_BATCHES, 202, {"batch_no": "B", "accepted_at": "x", "items": [
        {"request_no": "C1", **error("REQUEST_NO_CONFLICT")}, {"request_no": "C2", "status": "accepted"}]})
    first, second = adapter().control_many([control_request(request_no="C1"), control_request(request_no="C2")])
    assert isinstance(first, ControlOutcome) and isinstance(second, ControlOutcome)
    assert (first.state, first.error_code) == (OutcomeState.REJECTED, RefusalCode.REQUEST_CONFLICT)
    assert second.state is OutcomeState.PENDING


def test_a_request_the_dialect_cannot_carry_fails_alone(bank: FakeBank) -> None:
    bank.on("POST", CONTROL_BATCHES, _accepting)
    bad, good = adapter().control_many([control_request(request_no="C1", end_date=None),
                                        control_request(request_no="C2")])
    assert isinstance(bad, ValueError)
    assert isinstance(good, ControlOutcome) and good.state is OutcomeState.PENDING
    assert [r["request_no"] for r in bank.bodies()[0]["requests"]] == ["C2"]


def test_a_lost_batch_answer_makes_every_item_unknown(bank: FakeBank) -> None:
    bank.on("POST", CONTROL_BATCHES, requests.ReadTimeout("slow"))
    outcomes = adapter(retries=0).control_many([control_request(request_no="C1"), control_request(request_no="C2")])
    assert [o.state for o in outcomes if isinstance(o, ControlOutcome)] == [OutcomeState.UNKNOWN] * 2


def test_a_batch_that_never_left_fails_every_item(bank: FakeBank) -> None:
    bank.on("POST", QUERY_BATCHES, requests.ConnectTimeout("down"))
    outcomes = adapter(retries=0).query_many([query_request("Q1"), query_request("Q2")])
    assert all(isinstance(o, AdapterError) and not o.outcome_unknown for o in outcomes)


def test_an_unsigned_batch_answer_is_trusted_for_no_item(bank: FakeBank) -> None:
    bank.on("POST", CONTROL_BATCHES, lambda r: (202, {"Content-Type": "application/json"}, b'{"items": []}'))
    outcomes = adapter().control_many([control_request(request_no="C1")])
    assert all(isinstance(o, AdapterError) and o.code == SIGNATURE_INVALID and o.outcome_unknown for o in outcomes)


def test_items_out_of_order_are_a_protocol_error_of_unknown_outcome(bank: FakeBank) -> None:
    bank.reply("POST", QUERY_BATCHES, 202, {"batch_no": "B", "accepted_at": "x", "items": [
        {"request_no": "Q2", "status": "accepted"}, {"request_no": "Q1", "status": "accepted"}]})
    outcomes = adapter().query_many([query_request("Q1"), query_request("Q2")])
    assert all(isinstance(o, AdapterError) and o.code == PROTOCOL_ERROR and o.outcome_unknown for o in outcomes)


def test_a_batch_refused_whole_rejects_each_item(bank: FakeBank) -> None:
    bank.reply("POST", QUERY_BATCHES, 400, error("FIELD_INVALID", field="/requests"))
    outcomes = adapter().query_many([query_request("Q1")])
    assert [(o.state, o.error_code) for o in outcomes if isinstance(o, QueryOutcome)] == [
        (OutcomeState.REJECTED, RefusalCode.INVALID_REQUEST)]


def _feedbacks(entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {"feedbacks": entries}


def test_results_of_many_are_read_in_one_call(bank: FakeBank) -> None:
    bank.reply("POST", FEEDBACKS, 200, _feedbacks([
        feedback("C1", "control", results=[item()]), {"request_no": "C2", **error("REQUEST_NOT_FOUND")},
        feedback("C3", "control", "accepted")]))
    found, missing, waiting = adapter().control_results([control_request(request_no=n) for n in ("C1", "C2", "C3")])
    assert isinstance(found, ControlOutcome) and found.succeeded and found.held == 1_770_000
    assert isinstance(missing, ControlOutcome) and missing.state is OutcomeState.NOT_FOUND
    assert isinstance(waiting, ControlOutcome) and waiting.state is OutcomeState.PENDING
    assert bank.bodies() == [{"request_nos": ["C1", "C2", "C3"]}]


def test_query_results_of_many_read_each_feedback(bank: FakeBank) -> None:
    bank.reply("POST", FEEDBACKS, 200, _feedbacks([feedback("Q1", "query", "rejected",
                                                            reason_code="IDENTITY_NOT_MATCH")]))
    [outcome] = adapter().query_results(["Q1"])
    assert isinstance(outcome, QueryOutcome)
    assert (outcome.state, outcome.error_code) == (OutcomeState.REJECTED, RefusalCode.IDENTITY_NOT_MATCH)


def test_a_lost_feedback_read_is_an_error_for_each_request(bank: FakeBank) -> None:
    bank.on("POST", FEEDBACKS, requests.ReadTimeout("slow"))
    outcomes = adapter(retries=0).query_results(["Q1", "Q2"])
    assert len(outcomes) == 2 and all(isinstance(o, AdapterError) for o in outcomes)


def test_batches_can_be_turned_off(bank: FakeBank) -> None:
    bank.reply("POST", "/judicial/v1/queries", 202, {"request_no": "Q1", "status": "accepted", "accepted_at": "x"})
    off = adapter(batches=False)
    [outcome] = off.query_many([query_request("Q1")])
    assert not off.capabilities().batch and isinstance(outcome, QueryOutcome)
    assert bank.paths() == ["/judicial/v1/queries"]
