"""The bank's batch forms: many queries or control requests in one signed call, many feedbacks read at once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from payment_mocks.bank.testing import ACCOUNT_NO, BankHarness, control_body, error_code, freeze_item, query_body

QUERY_BATCHES = "/judicial/v1/query-batches"
CONTROL_BATCHES = "/judicial/v1/control-batches"
FEEDBACKS = "/judicial/v1/feedback-queries"


@pytest.fixture
def bank(tmp_path: Path) -> Iterator[BankHarness]:
    harness = BankHarness.create(tmp_path / "bank")
    harness.seed_debtor(balance_fen=1_000_000)
    yield harness
    harness.close()


def _batch(batch_no: str, requests: list[Any]) -> dict[str, Any]:
    return {"batch_no": batch_no, "requests": requests}


def _requests_stored(bank: BankHarness) -> int:
    with bank.provider.ledger.db.read() as conn:
        return int(conn.execute("SELECT COUNT(*) FROM bank_requests").fetchone()[0])


def test_a_query_batch_accepts_every_item_in_order(bank: BankHarness) -> None:
    answer = bank.call("POST", QUERY_BATCHES, _batch("B1", [query_body("Q1"), query_body("Q2")]))
    assert answer.status_code == 202 and bank.verify(answer, "POST", QUERY_BATCHES)
    data = answer.get_json()
    assert data["batch_no"] == "B1" and data["accepted_at"]
    assert data["items"] == [{"request_no": "Q1", "status": "accepted"}, {"request_no": "Q2", "status": "accepted"}]
    assert bank.feedback("Q2")["status"] == "completed"


def test_a_batch_item_is_the_same_request_as_its_single_submission(bank: BankHarness) -> None:
    bank.call("POST", QUERY_BATCHES, _batch("B1", [query_body("Q1")]))
    assert bank.submit("queries", query_body("Q1")).status_code == 202
    assert _requests_stored(bank) == 1


def test_a_control_batch_freezes_each_item_once(bank: BankHarness) -> None:
    items = [control_body("C1", [freeze_item("1000.00")]), control_body("C2", [freeze_item("2000.00")])]
    answer = bank.call("POST", CONTROL_BATCHES, _batch("B1", items))
    assert [i["status"] for i in answer.get_json()["items"]] == ["accepted", "accepted"]
    bank.call("POST", CONTROL_BATCHES, _batch("B2", items))
    assert bank.account().available == 1_000_000 - 300_000
    assert bank.feedback("C1")["items"][0]["controlled"] is True


def test_a_malformed_item_gets_its_field_error_and_the_rest_go_through(bank: BankHarness) -> None:
    bad = control_body("C2", [freeze_item("5000.00")])
    bad["items"][0]["amount"] = 12
    answer = bank.call("POST", CONTROL_BATCHES, _batch("B1", [control_body("C1", [freeze_item()]), bad]))
    first, second = answer.get_json()["items"]
    assert first == {"request_no": "C1", "status": "accepted"}
    assert (second["request_no"], second["error"]["code"]) == ("C2", "FIELD_INVALID")
    assert second["error"]["field"] == "/requests/1/items/0/amount"
    assert _requests_stored(bank) == 1


def test_an_item_that_is_not_an_object_is_refused_alone(bank: BankHarness) -> None:
    answer = bank.call("POST", QUERY_BATCHES, _batch("B1", [query_body("Q1"), 7]))
    assert answer.get_json()["items"][1] == {"request_no": None, "error": {
        "code": "FIELD_INVALID", "message": "/requests/1: must be a JSON object", "field": "/requests/1"}}


def test_an_item_reusing_a_number_with_another_body_gets_the_conflict_alone(bank: BankHarness) -> None:
    bank.submit("queries", query_body("Q1"))
    other = query_body("Q1", transactions={"from": "2026-01-01", "to": "2026-01-31"})
    items = bank.call("POST", QUERY_BATCHES, _batch("B1", [other, query_body("Q2")])).get_json()["items"]
    assert items[0]["error"]["code"] == "REQUEST_NO_CONFLICT"
    assert items[0]["error"]["field"] == "/requests/0/request_no"
    assert items[1] == {"request_no": "Q2", "status": "accepted"}


def test_the_same_batch_again_gets_the_same_answer_byte_for_byte(bank: BankHarness) -> None:
    body = _batch("B1", [query_body("Q1"), {"request_no": "Q2"}])
    first = bank.call("POST", QUERY_BATCHES, body)
    bank.advance("1h")
    again = bank.call("POST", QUERY_BATCHES, body)
    assert (again.status_code, again.get_data()) == (202, first.get_data())
    assert bank.verify(again, "POST", QUERY_BATCHES)


def test_a_batch_number_with_another_body_is_a_409(bank: BankHarness) -> None:
    bank.call("POST", QUERY_BATCHES, _batch("B1", [query_body("Q1")]))
    answer = bank.call("POST", QUERY_BATCHES, _batch("B1", [query_body("Q2")]))
    assert (answer.status_code, error_code(answer)) == (409, "REQUEST_NO_CONFLICT")
    assert answer.get_json()["error"]["field"] == "/batch_no"
    assert _requests_stored(bank) == 1


def test_five_hundred_items_are_taken(bank: BankHarness) -> None:
    answer = bank.call("POST", QUERY_BATCHES, _batch("B1", [query_body(f"Q{i}") for i in range(500)]))
    assert answer.status_code == 202 and len(answer.get_json()["items"]) == 500


def test_more_than_five_hundred_items_are_refused_whole(bank: BankHarness) -> None:
    answer = bank.call("POST", QUERY_BATCHES, _batch("B1", [query_body(f"Q{i}") for i in range(501)]))
    assert (answer.status_code, error_code(answer), answer.get_json()["error"]["field"]) == (
        400, "FIELD_INVALID", "/requests")
    assert _requests_stored(bank) == 0


@pytest.mark.parametrize("body", [
    {"batch_no": "B1", "requests": {}},
    {"batch_no": "B1", "requests": []},
    {"batch_no": "", "requests": [query_body("Q1")]},
    {"requests": [query_body("Q1")]},
    {"batch_no": "B1", "requests": [query_body("Q1")], "extra": 1},
])
def test_a_malformed_envelope_is_refused_whole(bank: BankHarness, body: dict[str, Any]) -> None:
    answer = bank.call("POST", QUERY_BATCHES, body)
    assert (answer.status_code, error_code(answer)) == (400, "FIELD_INVALID")
    assert _requests_stored(bank) == 0


def test_a_batch_signed_with_another_secret_is_refused_whole(bank: BankHarness) -> None:
    answer = bank.call("POST", CONTROL_BATCHES, _batch("B1", [control_body("C1", [freeze_item()])]),
                       secret="not-the-secret")
    assert (answer.status_code, error_code(answer)) == (401, "SIGNATURE_INVALID")
    assert _requests_stored(bank) == 0 and bank.account().available == 1_000_000


def test_batch_items_wait_for_the_processing_delay_like_single_requests(bank: BankHarness) -> None:
    bank.admin("PUT", "/_admin/bank/processing", {"delay": "2h"})
    bank.call("POST", CONTROL_BATCHES, _batch("B1", [control_body("C1", [freeze_item()])]))
    assert bank.feedback("C1")["status"] == "accepted"
    bank.advance("2h")
    assert bank.feedback("C1")["status"] == "completed"
    assert bank.account(ACCOUNT_NO).available == 500_000


def test_feedback_queries_answer_each_feedback_as_the_single_read_does(bank: BankHarness) -> None:
    bank.submit("queries", query_body("Q1"))
    bank.control("C1", [freeze_item()])
    answer = bank.call("POST", FEEDBACKS, {"request_nos": ["C1", "NOPE", "Q1"]})
    assert answer.status_code == 200 and bank.verify(answer, "POST", FEEDBACKS)
    control, missing, query = answer.get_json()["feedbacks"]
    assert control == bank.feedback("C1") and query == bank.feedback("Q1")
    assert (missing["request_no"], missing["error"]["code"]) == ("NOPE", "REQUEST_NOT_FOUND")


@pytest.mark.parametrize("body", [{"request_nos": []}, {"request_nos": "Q1"}, {"request_nos": ["Q1", 5]},
                                  {"request_nos": ["Q"] * 501}])
def test_a_malformed_feedback_query_is_refused(bank: BankHarness, body: dict[str, Any]) -> None:
    answer = bank.call("POST", FEEDBACKS, body)
    assert (answer.status_code, error_code(answer)) == (400, "FIELD_INVALID")


def test_an_unsigned_feedback_query_is_refused(bank: BankHarness) -> None:
    answer = bank.client.post(FEEDBACKS, json={"request_nos": ["Q1"]})
    assert (answer.status_code, error_code(answer)) == (401, "HEADER_MISSING")


def test_the_openapi_document_lists_the_batch_routes(bank: BankHarness) -> None:
    paths = bank.client.get("/openapi.json").get_json()["paths"]
    assert {QUERY_BATCHES, CONTROL_BATCHES, FEEDBACKS} <= set(paths)
