"""The bank's HMAC gate on requests it receives, and the signature on every answer to a node."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from payment_mocks.bank.testing import ACCOUNT_NO, BankHarness, error_code, query_body

FEEDBACK = "/judicial/v1/requests/Q1/feedback"


@pytest.fixture
def bank(tmp_path: Path) -> Iterator[BankHarness]:
    harness = BankHarness.create(tmp_path / "bank")
    harness.seed_debtor()
    yield harness
    harness.close()


def test_a_signed_request_is_accepted(bank: BankHarness) -> None:
    assert bank.call("POST", "/judicial/v1/queries", query_body("Q1")).status_code == 202


def test_the_answer_is_signed_by_the_bank_with_the_node_secret(bank: BankHarness) -> None:
    response = bank.call("POST", "/judicial/v1/queries", query_body("Q1"))
    assert response.headers["X-Node-Id"] == "BANK"
    assert bank.verify(response, "POST", "/judicial/v1/queries")


def test_an_error_answer_to_an_authenticated_node_is_signed_too(bank: BankHarness) -> None:
    response = bank.call("GET", FEEDBACK)
    assert response.status_code == 404 and bank.verify(response, "GET", FEEDBACK)


def test_every_answer_carries_a_request_id(bank: BankHarness) -> None:
    assert bank.call("GET", FEEDBACK).headers["X-Request-Id"]
    assert bank.client.get(FEEDBACK).headers["X-Request-Id"]


def test_a_tampered_body_is_refused(bank: BankHarness) -> None:
    body = b'{"request_no": "Q1"}'
    headers = bank.headers("POST", "/judicial/v1/queries", body)
    headers["Content-Type"] = "application/json"
    response = bank.client.post("/judicial/v1/queries", data=b'{"request_no": "Q2"}', headers=headers)
    assert (response.status_code, error_code(response)) == (401, "SIGNATURE_INVALID")


def test_a_signature_under_another_secret_is_refused(bank: BankHarness) -> None:
    response = bank.call("POST", "/judicial/v1/queries", query_body("Q1"), secret="not-the-node-secret-123")
    assert (response.status_code, error_code(response)) == (401, "SIGNATURE_INVALID")


def test_a_signature_over_another_path_is_refused(bank: BankHarness) -> None:
    headers = bank.headers("GET", "/judicial/v1/requests/OTHER/feedback", b"")
    response = bank.client.get(FEEDBACK, headers=headers)
    assert error_code(response) == "SIGNATURE_INVALID"


def test_the_query_string_is_part_of_the_signature(bank: BankHarness) -> None:
    headers = bank.headers("GET", FEEDBACK, b"")
    response = bank.client.get(FEEDBACK + "?verbose=1", headers=headers)
    assert error_code(response) == "SIGNATURE_INVALID"
    assert bank.call("GET", FEEDBACK + "?verbose=1").status_code == 404  # signed with it: authenticated


def test_a_timestamp_more_than_300_seconds_off_is_refused(bank: BankHarness) -> None:
    now = bank.provider.clock.now_us() // 1_000_000
    stale = bank.call("POST", "/judicial/v1/queries", query_body("Q1"), timestamp=now - 301)
    future = bank.call("POST", "/judicial/v1/queries", query_body("Q2"), timestamp=now + 301)
    assert error_code(stale) == error_code(future) == "TIMESTAMP_EXPIRED"
    assert bank.call("POST", "/judicial/v1/queries", query_body("Q3"), timestamp=now - 299).status_code == 202


def test_the_timestamp_is_judged_on_the_simulated_clock(bank: BankHarness) -> None:
    real_now = bank.provider.clock.now_us() // 1_000_000
    bank.advance("30d")
    response = bank.call("POST", "/judicial/v1/queries", query_body("Q1"), timestamp=real_now)
    assert error_code(response) == "TIMESTAMP_EXPIRED"
    assert bank.call("POST", "/judicial/v1/queries", query_body("Q2")).status_code == 202


def test_a_replayed_nonce_is_refused(bank: BankHarness) -> None:
    first = bank.call("GET", FEEDBACK, nonce="nonce-0001")
    again = bank.call("GET", FEEDBACK, nonce="nonce-0001")
    assert first.status_code == 404
    assert (again.status_code, error_code(again)) == (401, "NONCE_REPLAYED")


def test_a_nonce_may_come_again_after_the_window(bank: BankHarness) -> None:
    bank.call("GET", FEEDBACK, nonce="nonce-0001")
    bank.advance("301s")
    assert bank.call("GET", FEEDBACK, nonce="nonce-0001").status_code == 404


def test_an_unknown_node_is_refused(bank: BankHarness) -> None:
    response = bank.call("GET", FEEDBACK, node_id="COURT-NODE-9")
    assert (response.status_code, error_code(response)) == (401, "UNKNOWN_NODE")


def test_a_missing_header_is_refused_by_name(bank: BankHarness) -> None:
    headers = bank.headers("GET", FEEDBACK, b"")
    del headers["X-Nonce"]
    response = bank.client.get(FEEDBACK, headers=headers)
    assert (response.status_code, error_code(response)) == (401, "HEADER_MISSING")
    assert "X-Nonce" in response.get_json()["error"]["message"]


def test_a_malformed_timestamp_is_refused(bank: BankHarness) -> None:
    headers = bank.headers("GET", FEEDBACK, b"")
    headers["X-Timestamp"] = "2026-03-01T10:00:00"
    assert error_code(bank.client.get(FEEDBACK, headers=headers)) == "HEADER_INVALID"


def test_refusals_before_authentication_are_not_signed(bank: BankHarness) -> None:
    response = bank.call("GET", FEEDBACK, secret="not-the-node-secret-123")
    assert "X-Signature" not in response.headers


def test_retail_routes_need_the_same_signature(bank: BankHarness) -> None:
    path = f"/retail/v1/accounts/{ACCOUNT_NO}"
    assert bank.client.get(path).status_code == 401
    assert bank.call("GET", path).status_code == 200


def test_a_refused_request_changes_nothing(bank: BankHarness) -> None:
    bank.call("POST", "/judicial/v1/queries", query_body("Q1"), secret="not-the-node-secret-123")
    assert bank.call("GET", FEEDBACK).status_code == 404
