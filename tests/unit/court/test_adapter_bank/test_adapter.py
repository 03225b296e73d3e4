"""The bank adapter's metadata, freeze status, restriction orders, health and callbacks."""

from __future__ import annotations

import json

import pytest
import requests

from court_node.adapters import registry
from court_node.adapters.bank import BankAdapter
from court_node.adapters.bank.gateway import SIGNATURE_INVALID
from court_node.adapters.base import AdapterError, ProviderConfig
from court_node.adapters.errors import RefusalCode
from court_node.adapters.types import Capabilities, FreezeState, Operation, OutcomeState
from payment_mocks.bank.signing import signed_headers
from tests.unit.court.test_adapter_bank.support import (
    BASE,
    COURT,
    DEBTOR,
    NOW,
    SECRET,
    FakeBank,
    accepted,
    account,
    adapter,
    control_request,
    error,
    feedback,
    measure,
    signed,
)

QUERIES = "/judicial/v1/queries"


def test_the_adapter_registers_as_bank_with_its_dialect() -> None:
    assert registry.adapter_class("bank") is BankAdapter
    assert (BankAdapter.dialect, BankAdapter.required_credentials) == ("bank-async-gateway", ("node_id", "secret"))


def test_the_registry_builds_it_from_a_config() -> None:
    config = ProviderConfig(name="icbc", adapter="bank", base_url=BASE,
                            credentials={"node_id": "N1", "secret": SECRET})
    built = registry.build(config)
    assert isinstance(built, BankAdapter) and built.name == "icbc"


def test_credentials_are_required() -> None:
    with pytest.raises(ValueError, match="secret"):
        BankAdapter(ProviderConfig(name="bank", adapter="bank", base_url=BASE, credentials={"node_id": "N1"}))


def test_a_bad_poll_option_fails_at_construction() -> None:
    with pytest.raises(ValueError, match="poll_interval_s"):
        adapter(poll_interval_s="fast")


def test_capabilities_are_those_of_an_asynchronous_bank() -> None:
    assert adapter().capabilities() == Capabilities(asynchronous=True, capture_credits=True, online_deduction=True,
                                                    whole_account_freeze=True, restrictions=True, batch=True)


def test_today_is_the_beijing_date_of_the_simulated_clock() -> None:
    late = ProviderConfig(name="bank", adapter="bank", base_url=BASE, credentials={"node_id": "N", "secret": SECRET})
    assert str(BankAdapter(late, now=lambda: 1_772_380_800.0).today()) == "2026-03-02"  # 00:00 Beijing


# ---- freeze status -----------------------------------------------------------------------------------
def own(**changes: object) -> dict[str, object]:
    return measure(authority_code=COURT.code, request_no="C0", **changes)


def test_freeze_status_asks_a_query_and_finds_the_freeze(bank: FakeBank) -> None:
    bank.reply("POST", QUERIES, 202, accepted("S1"))
    bank.reply("GET", "/judicial/v1/requests/S1/feedback", 200,
               feedback("S1", "query", results=[account(measures=[own(amount_frozen="5000.00")])]))
    outcome = adapter().freeze_status(control_request(Operation.RENEW, "S1"))
    assert (outcome.state, outcome.freeze_status, outcome.held, outcome.provider_ref) == (
        OutcomeState.COMPLETED, FreezeState.ACTIVE, 500_000, "C0")
    [query] = bank.bodies()
    assert (query["request_no"], query["court"]["code"], query["subject"]["id_number"]) == (
        "S1", COURT.code, DEBTOR.id_number)


def test_freeze_status_waits_for_the_bank_then_answers(bank: FakeBank) -> None:
    bank.reply("POST", QUERIES, 202, accepted("S1"))
    pending = lambda request: signed(request, 200, feedback("S1", "query", "accepted"))  # noqa: E731
    done = lambda request: signed(request, 200, feedback("S1", "query", results=[account(measures=[own()])]))  # noqa: E731
    bank.on("GET", "/judicial/v1/requests/S1/feedback", pending, done)
    outcome = adapter(status_wait_s=5).freeze_status(control_request(Operation.RENEW, "S1"))
    assert outcome.freeze_status is FreezeState.ACTIVE


def test_freeze_status_is_pending_when_the_bank_takes_longer(bank: FakeBank) -> None:
    bank.reply("POST", QUERIES, 202, accepted("S1"))
    bank.reply("GET", "/judicial/v1/requests/S1/feedback", 200, feedback("S1", "query", "accepted"))
    outcome = adapter(status_wait_s=0).freeze_status(control_request(Operation.RENEW, "S1"))
    assert outcome.state is OutcomeState.PENDING


def test_freeze_status_of_an_expired_freeze(bank: FakeBank) -> None:
    bank.reply("POST", QUERIES, 202, accepted("S1"))
    bank.reply("GET", "/judicial/v1/requests/S1/feedback", 200, feedback("S1", "query", results=[
        account(measures=[], ended_measures=[own(status="expired", ended_date="2026-08-28")])]))
    outcome = adapter().freeze_status(control_request(Operation.RENEW, "S1"))
    assert outcome.freeze_status is FreezeState.EXPIRED


def test_freeze_status_refused_for_identity_is_rejected(bank: FakeBank) -> None:
    bank.reply("POST", QUERIES, 202, accepted("S1"))
    bank.reply("GET", "/judicial/v1/requests/S1/feedback", 200,
               feedback("S1", "query", "rejected", reason_code="IDENTITY_NOT_MATCH"))
    outcome = adapter().freeze_status(control_request(Operation.RENEW, "S1"))
    assert (outcome.state, outcome.error_code) == (OutcomeState.REJECTED, RefusalCode.IDENTITY_NOT_MATCH)


def test_freeze_status_when_the_bank_cannot_be_reached_is_an_error(bank: FakeBank) -> None:
    bank.on("POST", QUERIES, requests.ReadTimeout("read timed out"))
    with pytest.raises(AdapterError):
        adapter(retries=0).freeze_status(control_request(Operation.RENEW, "S1"))


# ---- restriction orders ------------------------------------------------------------------------------
def test_a_restriction_order_returns_the_banks_order_id(bank: FakeBank) -> None:
    bank.reply("POST", "/judicial/v1/restrictions", 201, {"request_no": "L1", "restriction_id": 7,
                                                           "status": "in_force"})
    assert adapter().restrict("L1", COURT, "（2026）京0101执123号", "（2026）京0101执123号限消", DEBTOR) == "7"
    [body] = bank.bodies()
    assert (body["request_no"], body["subject"]["name"], "categories" in body) == ("L1", "李明", False)


def test_a_restriction_for_the_wrong_person_is_refused_with_identity_not_match(bank: FakeBank) -> None:
    bank.reply("POST", "/judicial/v1/restrictions", 422, error("IDENTITY_NOT_MATCH"))
    with pytest.raises(AdapterError) as caught:
        adapter().restrict("L1", COURT, "case", "doc", DEBTOR)
    assert caught.value.code == RefusalCode.IDENTITY_NOT_MATCH


def test_a_restriction_whose_answer_was_lost_is_unknown(bank: FakeBank) -> None:
    bank.on("POST", "/judicial/v1/restrictions", requests.ReadTimeout("read timed out"))
    with pytest.raises(AdapterError) as caught:
        adapter(retries=0).restrict("L1", COURT, "case", "doc", DEBTOR)
    assert caught.value.outcome_unknown is True


def test_lifting_an_order_posts_the_court(bank: FakeBank) -> None:
    bank.reply("POST", "/judicial/v1/restrictions/7/lift", 200, {"restriction_id": 7, "status": "lifted"})
    adapter().lift_restriction("L2", COURT, "7")
    assert bank.bodies() == [{"court": {"code": "京0101", "name": "北京市东城区人民法院"}, "request_no": "L2"}]


def test_lifting_another_courts_order_is_refused(bank: FakeBank) -> None:
    bank.reply("POST", "/judicial/v1/restrictions/7/lift", 403, error("NOT_RESTRICTION_OWNER"))
    with pytest.raises(AdapterError) as caught:
        adapter().lift_restriction("L2", COURT, "7")
    assert caught.value.code == RefusalCode.PROVIDER_ERROR and "NOT_RESTRICTION_OWNER" in str(caught.value)


def test_a_restriction_reference_is_a_number() -> None:
    with pytest.raises(ValueError, match="numbers"):
        adapter().lift_restriction("L2", COURT, "../7")


# ---- health ------------------------------------------------------------------------------------------
def test_health_reads_the_banks_health(bank: FakeBank) -> None:
    bank.on("GET", "/health", (200, {"Content-Type": "application/json"},
                               b'{"status": "ok", "provider": "bank", "version": "0.1.0", "profile": "current"}'))
    health = adapter().health()
    assert health.reachable and health.detail == "bank 0.1.0 profile current"
    assert health.latency_ms is not None


def test_an_unreachable_bank_is_not_healthy(bank: FakeBank) -> None:
    bank.on("GET", "/health", requests.ConnectionError("refused"))
    health = adapter().health()
    assert not health.reachable and "refused" in health.detail


def test_a_bank_answering_an_error_is_not_healthy(bank: FakeBank) -> None:
    bank.on("GET", "/health", (503, {}, b"{}"))
    assert adapter().health().reachable is False


# ---- callbacks ---------------------------------------------------------------------------------------
CALLBACK = "http://127.0.0.1:8000/bank/feedback"


def test_a_signed_callback_gives_its_feedback() -> None:
    body = json.dumps(feedback("C1", "control")).encode()
    headers = signed_headers("BANK", SECRET, "POST", "/bank/feedback", body, int(NOW))
    assert adapter().verify_callback(CALLBACK, headers, body)["request_no"] == "C1"


def test_a_tampered_callback_is_refused() -> None:
    body = json.dumps(feedback("C1", "control")).encode()
    headers = signed_headers("BANK", SECRET, "POST", "/bank/feedback", body, int(NOW))
    with pytest.raises(AdapterError) as caught:
        adapter().verify_callback(CALLBACK, headers, body.replace(b"C1", b"C2"))
    assert caught.value.code == SIGNATURE_INVALID


def test_a_stale_callback_is_refused() -> None:
    body = json.dumps(feedback("C1", "control")).encode()
    headers = signed_headers("BANK", SECRET, "POST", "/bank/feedback", body, int(NOW) - 600)
    with pytest.raises(AdapterError):
        adapter().verify_callback(CALLBACK, headers, body)
