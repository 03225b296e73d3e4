"""BankClient: it signs every request and trusts an answer only when the bank's signature verifies."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
import responses

from payment_mocks.bank.client import BankClient, BankError, BankSignatureError
from payment_mocks.bank.testing import (
    ACCOUNT_NO,
    COURT,
    DEBTOR,
    NODE_ID,
    NODE_SECRET,
    BankHarness,
    freeze_item,
)
from payment_mocks.serving import serve_in_thread

BASE = "http://bank.test"
Answer = tuple[int, dict[str, str], bytes]
CASE: dict[str, Any] = {"court": COURT, "judge": "王法官", "case_no": "（2026）京0101执123号",
                        "document_no": "（2026）京0101执123号之一", "subject": DEBTOR}


@pytest.fixture
def bank(tmp_path: Path) -> Iterator[BankHarness]:
    harness = BankHarness.create(tmp_path / "bank")
    harness.seed_debtor(balance_fen=1_000_000)
    yield harness
    harness.close()


def make_client(bank: BankHarness, base_url: str = BASE, secret: str = NODE_SECRET, retries: int = 0) -> BankClient:
    return BankClient(base_url, NODE_ID, secret, timeout=5.0, retries=retries, bank_id="BANK",
                      clock=lambda: bank.provider.clock.now_us() / 1_000_000)


def forward(bank: BankHarness, tamper: Callable[[Answer], Answer] = lambda a: a) -> Callable[..., Answer]:
    """Answer a request intercepted by ``responses`` with the in-process bank, optionally altered."""

    def handle(request: requests.PreparedRequest) -> Answer:
        url = urlsplit(request.url or "")
        body = request.body if isinstance(request.body, bytes) else (request.body or "").encode()
        answer = bank.client.open(url.path + (f"?{url.query}" if url.query else ""), method=request.method,
                                  headers=dict(request.headers), data=body)
        headers = {k: v for k, v in answer.headers.items() if k.lower() != "content-length"}
        return tamper((answer.status_code, headers, answer.get_data()))

    return handle


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def route(mocked: responses.RequestsMock, handler: Callable[..., Answer]) -> None:
    for method in ("GET", "POST"):
        mocked.add_callback(method, re.compile(re.escape(BASE) + r"/.*"), callback=handler)


def test_a_query_round_trip_through_the_client(bank: BankHarness, mocked: responses.RequestsMock) -> None:
    route(mocked, forward(bank))
    with make_client(bank) as client:
        accepted = client.submit_query(request_no="Q1", **CASE)
        answer = client.wait_for_feedback("Q1", timeout=2)
    assert accepted["status"] == "accepted"
    assert (answer["status"], answer["accounts"][0]["balance"]) == ("completed", "10000.00")


def test_a_control_round_trip_through_the_client(bank: BankHarness, mocked: responses.RequestsMock) -> None:
    route(mocked, forward(bank))
    with make_client(bank) as client:
        client.submit_control(request_no="C1", items=[freeze_item("2500.00")], **CASE)
        item = client.wait_for_feedback("C1", timeout=2)["items"][0]
        account = client.account(ACCOUNT_NO)
    assert item["amount_frozen"] == "2500.00" and account["available_balance"] == "7500.00"


def test_a_tampered_answer_is_refused(bank: BankHarness, mocked: responses.RequestsMock) -> None:
    def richer(answer: Answer) -> Answer:
        status, headers, body = answer
        return status, headers, body.replace(b"10000.00", b"99999.00")

    route(mocked, forward(bank, richer))
    with make_client(bank) as client, pytest.raises(BankSignatureError) as caught:
        client.account(ACCOUNT_NO)
    assert caught.value.code == "RESPONSE_SIGNATURE_INVALID"


def test_an_answer_without_a_signature_is_refused(bank: BankHarness, mocked: responses.RequestsMock) -> None:
    def unsigned(answer: Answer) -> Answer:
        status, headers, body = answer
        return status, {k: v for k, v in headers.items() if k != "X-Signature"}, body

    route(mocked, forward(bank, unsigned))
    with make_client(bank) as client, pytest.raises(BankSignatureError):
        client.account(ACCOUNT_NO)


def test_an_answer_signed_for_another_request_is_refused(bank: BankHarness, mocked: responses.RequestsMock) -> None:
    other = bank.call("GET", f"/retail/v1/accounts/{ACCOUNT_NO}")
    mocked.add(responses.GET, f"{BASE}/judicial/v1/requests/Q1/feedback", body=other.get_data(), status=200,
               headers={k: other.headers[k] for k in ("X-Node-Id", "X-Timestamp", "X-Nonce", "X-Signature")})
    with make_client(bank) as client, pytest.raises(BankSignatureError):
        client.feedback("Q1")


def test_a_refusal_is_raised_with_its_code_and_field(bank: BankHarness, mocked: responses.RequestsMock) -> None:
    route(mocked, forward(bank))
    with make_client(bank) as client, pytest.raises(BankError) as caught:
        client.debit(ACCOUNT_NO, request_no="P1", amount="1.234", merchant="shop", category="grocery")
    assert (caught.value.status, caught.value.code, caught.value.field) == (400, "FIELD_INVALID", "/amount")


def test_a_business_refusal_is_raised_with_the_ledger_code(bank: BankHarness, mocked: responses.RequestsMock) -> None:
    route(mocked, forward(bank))
    with make_client(bank) as client, pytest.raises(BankError) as caught:
        client.debit(ACCOUNT_NO, request_no="P1", amount="20000.00", merchant="shop", category="grocery")
    assert (caught.value.status, caught.value.code) == (422, "BALANCE_NOT_ENOUGH")


def test_the_bank_refusing_a_wrong_secret_is_an_unsigned_401(bank: BankHarness, mocked: responses.RequestsMock) -> None:
    route(mocked, forward(bank))
    with make_client(bank, secret="not-the-node-secret-123") as client, pytest.raises(BankError) as caught:
        client.feedback("Q1")
    assert not isinstance(caught.value, BankSignatureError)
    assert (caught.value.status, caught.value.code) == (401, "SIGNATURE_INVALID")


def test_a_503_is_retried_with_the_same_request_number(bank: BankHarness, mocked: responses.RequestsMock) -> None:
    calls: list[int] = []
    bank_answer = forward(bank)

    def flaky(request: requests.PreparedRequest) -> Answer:
        calls.append(1)
        if len(calls) == 1:
            return 503, {"Content-Type": "application/json"}, b'{"error": {"code": "SERVICE_UNAVAILABLE"}}'
        return bank_answer(request)

    route(mocked, flaky)
    with make_client(bank, retries=2) as client:
        answer = client.credit(ACCOUNT_NO, request_no="S1", amount="10.00", counterparty="employer")
    assert len(calls) == 2 and answer["balance"] == "10010.00"


def test_debit_and_credit_through_the_client(bank: BankHarness, mocked: responses.RequestsMock) -> None:
    route(mocked, forward(bank))
    with make_client(bank) as client:
        client.credit(ACCOUNT_NO, request_no="S1", amount="500.00", counterparty="employer")
        paid = client.debit(ACCOUNT_NO, request_no="P1", amount="20.00", merchant="shop", category="food")
    assert (paid["movement"]["amount"], paid["balance"]) == ("20.00", "10480.00")


def test_restrictions_through_the_client(bank: BankHarness, mocked: responses.RequestsMock) -> None:
    route(mocked, forward(bank))
    with make_client(bank) as client:
        order = client.restrict(request_no="L1", court=COURT, case_no=CASE["case_no"],
                                document_no="限消", subject=DEBTOR, categories=["golf"])
        lifted = client.lift_restriction(order["restriction_id"], court=COURT)
    assert (order["status"], lifted["status"]) == ("in_force", "lifted")


def test_the_client_against_a_real_server(bank: BankHarness) -> None:
    with serve_in_thread(bank.app) as server, make_client(bank, server.url) as client:
        client.submit_control(request_no="C1", items=[freeze_item(None)], **CASE)
        item = client.wait_for_feedback("C1", timeout=5)["items"][0]
        with pytest.raises(BankError) as caught:
            client.debit(ACCOUNT_NO, request_no="P1", amount="1.00", merchant="shop", category="grocery")
    assert item["freeze_status"] == "active" and caught.value.code == "ACCOUNT_FROZEN"


def test_an_unreachable_bank_is_a_connection_failure(bank: BankHarness) -> None:
    with serve_in_thread(bank.app) as server:
        url = server.url
    with make_client(bank, url, retries=1) as client, pytest.raises(BankError) as caught:
        client.feedback("Q1")
    assert (caught.value.status, caught.value.code) == (0, "CONNECTION_FAILED")


def test_waiting_for_feedback_gives_up_after_the_timeout(bank: BankHarness, mocked: responses.RequestsMock) -> None:
    route(mocked, forward(bank))
    bank.admin("PUT", "/_admin/bank/processing", {"delay": "1d"})
    with make_client(bank) as client:
        client.submit_query(request_no="Q1", **CASE)
        with pytest.raises(TimeoutError):
            client.wait_for_feedback("Q1", timeout=0.3, interval=0.1)


def test_batches_and_feedbacks_round_trip_through_the_client(bank: BankHarness, mocked: responses.RequestsMock) -> None:
    route(mocked, forward(bank))
    with make_client(bank) as client:
        queries = client.submit_query_batch("B1", [{"request_no": "Q1", **CASE}])
        controls = client.submit_control_batch("B2", [{"request_no": "C1", "items": [freeze_item("100.00")], **CASE}])
        feedbacks = client.feedbacks(["Q1", "C1"])
    assert [queries["items"][0]["status"], controls["items"][0]["status"]] == ["accepted", "accepted"]
    assert [f["status"] for f in feedbacks] == ["completed", "completed"]
