"""The adapter's exchanges with the bank: submissions, feedback, signatures, retries and lost answers."""

from __future__ import annotations

import json

import pytest
import requests

from court_node.adapters.bank.gateway import AUTH_FAILED, PROTOCOL_ERROR, SIGNATURE_INVALID
from court_node.adapters.base import AdapterError
from court_node.adapters.errors import RefusalCode
from court_node.adapters.types import FreezeState, Operation, OutcomeState
from tests.unit.court.test_adapter_bank.support import (
    NOW,
    SECRET,
    FakeBank,
    accepted,
    adapter,
    body_of,
    control_request,
    error,
    feedback,
    item,
    query_request,
    signed,
)

QUERIES = "/judicial/v1/queries"
CONTROLS = "/judicial/v1/controls"


def feedback_path(request_no: str) -> str:
    return f"/judicial/v1/requests/{request_no}/feedback"


def test_a_query_accepted_by_the_bank_is_pending(bank: FakeBank) -> None:
    bank.reply("POST", QUERIES, 202, accepted("Q1"))
    outcome = adapter().query(query_request("Q1"))
    assert (outcome.request_no, outcome.state) == ("Q1", OutcomeState.PENDING)
    assert bank.bodies()[0]["request_no"] == "Q1"


def test_requests_are_sent_as_signed_json(bank: FakeBank) -> None:
    bank.reply("POST", QUERIES, 202, accepted("Q1"))
    adapter().query(query_request("Q1"))
    [sent] = bank.seen
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.headers["X-Node-Id"] == "COURT-NODE-1" and sent.headers["X-Timestamp"] == str(int(NOW))


def test_the_callback_url_goes_with_every_submission(bank: FakeBank) -> None:
    bank.reply("POST", QUERIES, 202, accepted("Q1"))
    bank.reply("POST", CONTROLS, 202, accepted("C1"))
    bank_adapter = adapter(callback_url="http://127.0.0.1:8000/bank/feedback")
    bank_adapter.query(query_request("Q1"))
    bank_adapter.control(control_request())
    assert [b["callback_url"] for b in bank.bodies()] == ["http://127.0.0.1:8000/bank/feedback"] * 2


def test_query_result_reads_the_feedback(bank: FakeBank) -> None:
    bank.reply("GET", feedback_path("Q1"), 200, feedback("Q1", "query", results=[]))
    outcome = adapter().query_result("Q1")
    assert (outcome.state, outcome.accounts) == (OutcomeState.COMPLETED, [])


def test_a_number_the_bank_never_received_is_not_found(bank: FakeBank) -> None:
    bank.reply("GET", feedback_path("Q9"), 404, error("REQUEST_NOT_FOUND"))
    assert adapter().query_result("Q9").state is OutcomeState.NOT_FOUND
    assert adapter().control_result(control_request(request_no="Q9")).state is OutcomeState.NOT_FOUND


def test_a_request_number_is_escaped_in_the_feedback_path(bank: FakeBank) -> None:
    bank.reply("GET", feedback_path("Q.1_a-b"), 200, feedback("Q.1_a-b", "query"))
    assert adapter().query_result("Q.1_a-b").state is OutcomeState.COMPLETED


def test_a_control_request_is_one_item_and_pending_once_accepted(bank: FakeBank) -> None:
    bank.reply("POST", CONTROLS, 202, accepted("C1"))
    outcome = adapter().control(control_request())
    assert (outcome.state, outcome.provider_ref) == (OutcomeState.PENDING, "C1")
    [body] = bank.bodies()
    assert [i["operation"] for i in body["items"]] == ["01"]


def test_control_result_maps_the_items_feedback(bank: FakeBank) -> None:
    bank.reply("GET", feedback_path("C1"), 200, feedback("C1", "control", results=[item()]))
    outcome = adapter().control_result(control_request())
    assert (outcome.state, outcome.succeeded, outcome.freeze_status, outcome.held) == (
        OutcomeState.COMPLETED, True, FreezeState.ACTIVE, 1_770_000)


@pytest.mark.parametrize(("status", "code", "expected"), [
    (400, "FIELD_INVALID", RefusalCode.INVALID_REQUEST),
    (400, "MALFORMED_JSON", RefusalCode.INVALID_REQUEST),
    (409, "REQUEST_NO_CONFLICT", RefusalCode.REQUEST_CONFLICT),
    (413, "BODY_TOO_LARGE", RefusalCode.INVALID_REQUEST),
    (415, "UNSUPPORTED_MEDIA_TYPE", RefusalCode.INVALID_REQUEST),
])
def test_a_refused_submission_is_rejected_with_the_mapped_code(
        bank: FakeBank, status: int, code: str, expected: RefusalCode) -> None:
    bank.reply("POST", CONTROLS, status, error(code, "bad item", "/items/0/amount"))
    bank.reply("POST", QUERIES, status, error(code, "bad item", "/items/0/amount"))
    control = adapter().control(control_request())
    query = adapter().query(query_request())
    assert (control.state, control.error_code) == (OutcomeState.REJECTED, expected)
    assert (query.state, query.error_code) == (OutcomeState.REJECTED, expected)
    assert code in control.error_message


@pytest.mark.parametrize("code", ["UNKNOWN_NODE", "SIGNATURE_INVALID", "TIMESTAMP_EXPIRED", "NONCE_REPLAYED"])
def test_an_authentication_refusal_is_an_adapter_error(bank: FakeBank, code: str) -> None:
    bank.on("POST", CONTROLS, (401, {"Content-Type": "application/json"}, json.dumps(error(code)).encode()))
    with pytest.raises(AdapterError) as caught:
        adapter().control(control_request())
    assert (caught.value.code, caught.value.outcome_unknown) == (AUTH_FAILED, False)
    assert code in str(caught.value)


def test_a_tampered_answer_is_refused(bank: FakeBank) -> None:
    def tampered(request: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        status, headers, body = signed(request, 200, feedback("C1", "control", results=[item()]))
        return status, headers, body.replace(b"17700.00", b"97700.00")

    bank.on("GET", feedback_path("C1"), tampered)
    with pytest.raises(AdapterError) as caught:
        adapter().control_result(control_request())
    assert caught.value.code == SIGNATURE_INVALID


def test_an_unsigned_answer_is_refused(bank: FakeBank) -> None:
    body = json.dumps(accepted("C1")).encode()
    bank.on("POST", CONTROLS, (202, {"Content-Type": "application/json"}, body))
    with pytest.raises(AdapterError) as caught:
        adapter().control(control_request())
    assert (caught.value.code, caught.value.outcome_unknown) == (SIGNATURE_INVALID, True)


def test_an_unsigned_refusal_other_than_401_is_refused(bank: FakeBank) -> None:
    body = json.dumps(error("REQUEST_NOT_FOUND")).encode()
    bank.on("GET", feedback_path("C1"), (404, {"Content-Type": "application/json"}, body))
    with pytest.raises(AdapterError) as caught:
        adapter().control_result(control_request())
    assert caught.value.code == SIGNATURE_INVALID


def test_an_answer_signed_with_another_secret_is_refused(bank: FakeBank) -> None:
    bank.reply("POST", QUERIES, 202, accepted("Q1"), secret="someone-elses-secret-000")
    with pytest.raises(AdapterError) as caught:
        adapter().query(query_request())
    assert caught.value.code == SIGNATURE_INVALID


def test_an_answer_signed_by_another_bank_id_is_refused(bank: FakeBank) -> None:
    bank.reply("POST", QUERIES, 202, accepted("Q1"), signer="OTHER")
    with pytest.raises(AdapterError) as caught:
        adapter().query(query_request())
    assert caught.value.code == SIGNATURE_INVALID


def test_the_bank_id_is_configurable(bank: FakeBank) -> None:
    bank.reply("POST", QUERIES, 202, accepted("Q1"), signer="ICBC-GW")
    assert adapter(bank_id="ICBC-GW").query(query_request()).state is OutcomeState.PENDING


def test_a_replayed_old_answer_is_refused(bank: FakeBank) -> None:
    bank.reply("GET", feedback_path("C1"), 200, feedback("C1", "control", "accepted"), timestamp=NOW - 3600)
    with pytest.raises(AdapterError) as caught:
        adapter().control_result(control_request())
    assert caught.value.code == SIGNATURE_INVALID


def test_a_signed_answer_that_is_not_json_is_a_protocol_error(bank: FakeBank) -> None:
    def garbage(request: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        from payment_mocks.bank.signing import signed_headers, target_of_url

        headers = signed_headers("BANK", SECRET, "GET", target_of_url(request.path_url), b"<html>", int(NOW))
        return 200, headers, b"<html>"

    bank.on("GET", feedback_path("C1"), garbage)
    with pytest.raises(AdapterError) as caught:
        adapter().control_result(control_request())
    assert caught.value.code == PROTOCOL_ERROR


def test_a_feedback_missing_fields_is_a_protocol_error(bank: FakeBank) -> None:
    bank.reply("GET", feedback_path("C1"), 200, {"request_no": "C1", "kind": "control"})
    with pytest.raises(AdapterError) as caught:
        adapter().control_result(control_request())
    assert caught.value.code == PROTOCOL_ERROR


def test_a_5xx_is_retried_under_the_same_request_number(bank: FakeBank) -> None:
    unavailable = (503, {"Content-Type": "application/json"}, json.dumps(error("SERVICE_UNAVAILABLE")).encode())
    bank.on("POST", CONTROLS, unavailable, lambda request: signed(request, 202, accepted("C1")))
    outcome = adapter().control(control_request(request_no="C1"))
    assert outcome.state is OutcomeState.PENDING
    assert [b["request_no"] for b in bank.bodies()] == ["C1", "C1"]
    assert body_of(bank.seen[0]) == body_of(bank.seen[1])
    assert bank.seen[0].headers["X-Nonce"] != bank.seen[1].headers["X-Nonce"]


def test_a_dropped_connection_is_retried_under_the_same_request_number(bank: FakeBank) -> None:
    dropped = requests.ConnectionError("Connection aborted: RemoteDisconnected")
    bank.on("POST", CONTROLS, dropped, lambda request: signed(request, 202, accepted("C1")))
    assert adapter().control(control_request()).state is OutcomeState.PENDING
    assert len(bank.seen) == 2


def test_a_lost_answer_after_sending_makes_the_outcome_unknown(bank: FakeBank) -> None:
    bank.on("POST", CONTROLS, requests.ReadTimeout("read timed out"))
    outcome = adapter(retries=2).control(control_request())
    assert outcome.state is OutcomeState.UNKNOWN
    assert len(bank.seen) == 3 and {b["request_no"] for b in bank.bodies()} == {"C1"}


def test_a_query_whose_answer_was_lost_is_unknown(bank: FakeBank) -> None:
    bank.on("POST", QUERIES, requests.ReadTimeout("read timed out"))
    assert adapter(retries=0).query(query_request()).state is OutcomeState.UNKNOWN


def test_repeated_5xx_make_the_outcome_unknown(bank: FakeBank) -> None:
    bank.on("POST", CONTROLS, (502, {}, b"bad gateway"))
    assert adapter(retries=1).control(control_request()).state is OutcomeState.UNKNOWN
    assert len(bank.seen) == 2


def test_a_connection_never_made_is_an_error_with_a_known_outcome(bank: FakeBank) -> None:
    bank.on("POST", CONTROLS, requests.ConnectTimeout("connect timed out"))
    with pytest.raises(AdapterError) as caught:
        adapter(retries=1).control(control_request())
    assert (caught.value.code, caught.value.outcome_unknown) == ("PROVIDER_UNAVAILABLE", False)
    assert len(bank.seen) == 2


def test_a_feedback_read_that_fails_is_an_adapter_error(bank: FakeBank) -> None:
    bank.on("GET", feedback_path("C1"), requests.ReadTimeout("read timed out"))
    with pytest.raises(AdapterError) as caught:
        adapter(retries=0).control_result(control_request())
    assert caught.value.outcome_unknown is False


def test_the_simulated_clock_signs_requests(bank: FakeBank) -> None:
    from court_node.adapters.bank import BankAdapter
    from court_node.adapters.base import ProviderConfig

    bank.reply("POST", QUERIES, 202, accepted("Q1"), timestamp=NOW + 86_400)
    config = ProviderConfig(name="bank", adapter="bank", base_url="http://bank.test",
                            credentials={"node_id": "COURT-NODE-1", "secret": SECRET})
    BankAdapter(config, now=lambda: NOW + 86_400).query(query_request())
    assert bank.seen[0].headers["X-Timestamp"] == str(int(NOW) + 86_400)


def test_renewal_and_release_name_the_freeze_by_its_original_request(bank: FakeBank) -> None:
    bank.reply("POST", CONTROLS, 202, accepted("C2"))
    outcome = adapter().control(control_request(Operation.RELEASE, "C2"))
    assert outcome.provider_ref == "C0"
    assert bank.bodies()[0]["items"][0]["original_request_no"] == "C0"
