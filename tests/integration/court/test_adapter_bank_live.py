"""The bank adapter against a real bank mock process: delays, lost answers, freeze status, orders, callbacks."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from court_node.adapters.bank import BankAdapter
from court_node.adapters.bank.gateway import AUTH_FAILED, SIGNATURE_INVALID
from court_node.adapters.base import AdapterError, ProviderConfig
from court_node.adapters.errors import RefusalCode
from court_node.adapters.types import (
    ControlOutcome,
    ControlRequest,
    Court,
    FreezeState,
    Operation,
    OutcomeState,
    QueryRequest,
    Subject,
)
from court_node.clock import BEIJING
from payment_mocks.testing import MockProvider

pytestmark = pytest.mark.slow

NODE_ID = "COURT-NODE-1"
COURT = Court("京0101", "北京市东城区人民法院", "11001010100052512345")
DEBTOR = Subject("李明", "resident_id", "11010519491231002X")
ACCOUNT = "6222020200112233445"


@pytest.fixture
def secret(bank_mock: MockProvider) -> str:
    value = secrets.token_urlsafe(24)
    bank_mock.admin("POST", "/callers", {"kind": "bank_node", "caller_id": NODE_ID, "secret": value})
    bank_mock.seed({"subjects": [{"name": DEBTOR.name, "id_type": DEBTOR.id_type, "id_number": DEBTOR.id_number,
                                  "accounts": [{"account_no": ACCOUNT, "balance": "10000.00"}]}]})
    return value


def make_adapter(mock: MockProvider, secret: str, **options: Any) -> BankAdapter:
    config = ProviderConfig(name="bank", adapter="bank", base_url=mock.url,
                            credentials={"node_id": NODE_ID, "secret": secret}, timeout_s=5.0,
                            options={"backoff_s": 0.05, **options})
    return BankAdapter(config, now=mock.now)


@pytest.fixture
def adapter(bank_mock: MockProvider, secret: str) -> Iterator[BankAdapter]:
    built = make_adapter(bank_mock, secret)
    yield built
    built.close()


def today(mock: MockProvider) -> date:
    return datetime.fromtimestamp(mock.now(), BEIJING).date()


def request(mock: MockProvider, operation: Operation, request_no: str, **changes: Any) -> ControlRequest:
    fields: dict[str, Any] = {"request_no": request_no, "operation": operation, "court": COURT, "judge": "王法官",
                              "case_no": "（2026）京0101执123号", "document_no": "（2026）京0101执123号之一",
                              "subject": DEBTOR, "account_no": ACCOUNT}
    if operation is Operation.FREEZE:
        fields.update(amount=500_000, start_date=today(mock), end_date=today(mock) + timedelta(days=30))
    fields.update(changes)
    return ControlRequest(**fields)


def settled(adapter: BankAdapter, sent: ControlRequest, timeout: float = 10.0) -> ControlOutcome:
    deadline = time.monotonic() + timeout
    while True:
        outcome = adapter.control_result(sent)
        if outcome.state is not OutcomeState.PENDING or time.monotonic() > deadline:
            return outcome
        time.sleep(0.05)


def freeze(mock: MockProvider, adapter: BankAdapter, request_no: str, **changes: Any) -> ControlOutcome:
    sent = request(mock, Operation.FREEZE, request_no, **changes)
    assert adapter.control(sent).state is OutcomeState.PENDING
    return settled(adapter, sent)


def test_a_query_is_pending_then_answered(bank_mock: MockProvider, adapter: BankAdapter) -> None:
    asked = QueryRequest("Q1", COURT, "王法官", "（2026）京0101执123号", "（2026）京0101执123号之一", DEBTOR)
    assert adapter.query(asked).state is OutcomeState.PENDING
    outcome = adapter.query_result("Q1")
    assert outcome.state is OutcomeState.COMPLETED
    assert [(a.account_no, a.balance, a.available) for a in outcome.accounts] == [(ACCOUNT, 1_000_000, 1_000_000)]


def test_the_processing_delay_runs_on_the_simulated_clock(bank_mock: MockProvider, adapter: BankAdapter) -> None:
    bank_mock.admin("PUT", "/bank/processing", {"delay": "2h"})
    sent = request(bank_mock, Operation.FREEZE, "C1")
    adapter.control(sent)
    assert adapter.control_result(sent).state is OutcomeState.PENDING
    bank_mock.advance("2h")
    outcome = adapter.control_result(sent)
    assert (outcome.state, outcome.freeze_status, outcome.held) == (OutcomeState.COMPLETED, FreezeState.ACTIVE,
                                                                    500_000)


def test_a_dropped_answer_is_unknown_and_resolved_by_the_same_number(
        bank_mock: MockProvider, adapter: BankAdapter) -> None:
    bank_mock.admin("PUT", "/faults", {"error_rate": 1.0, "error_kind": "drop", "paths": ["/judicial/v1/controls"]})
    sent = request(bank_mock, Operation.FREEZE, "C1")
    assert adapter.control(sent).state is OutcomeState.UNKNOWN
    bank_mock.admin("DELETE", "/faults")
    outcome = settled(adapter, sent)
    assert (outcome.state, outcome.held) == (OutcomeState.COMPLETED, 500_000)
    assert len(bank_mock.admin("GET", "/freezes", account_no=ACCOUNT)["freezes"]) == 1
    assert bank_mock.invariants() == []


def test_a_request_refused_by_a_fault_is_unknown_then_not_found(bank_mock: MockProvider, adapter: BankAdapter) -> None:
    bank_mock.admin("PUT", "/faults", {"error_rate": 1.0, "error_kind": "error", "paths": ["/judicial/v1/controls"]})
    sent = request(bank_mock, Operation.FREEZE, "C1")
    assert adapter.control(sent).state is OutcomeState.UNKNOWN
    assert adapter.control_result(sent).state is OutcomeState.NOT_FOUND


def test_a_retry_after_a_transient_fault_gets_through_with_the_same_number(
        bank_mock: MockProvider, secret: str) -> None:
    bank_mock.admin("PUT", "/faults", {"seed": 7, "error_rate": 0.5, "error_kind": "error",
                                       "paths": ["/judicial/v1/"]})
    patient = make_adapter(bank_mock, secret, retries=8)
    try:
        outcomes = [freeze(bank_mock, patient, f"C{n}", amount=10_000) for n in range(4)]
    finally:
        patient.close()
    assert [o.state for o in outcomes] == [OutcomeState.COMPLETED] * 4
    assert len(bank_mock.admin("GET", "/freezes", account_no=ACCOUNT)["freezes"]) == 4


def test_a_read_timeout_is_unknown(bank_mock: MockProvider, secret: str) -> None:
    bank_mock.admin("PUT", "/faults", {"error_rate": 1.0, "error_kind": "timeout", "timeout_s": 1,
                                       "paths": ["/judicial/v1/controls"]})
    config = ProviderConfig(name="bank", adapter="bank", base_url=bank_mock.url,
                            credentials={"node_id": NODE_ID, "secret": secret}, timeout_s=0.3,
                            options={"retries": 0})
    hasty = BankAdapter(config, now=bank_mock.now)
    try:
        assert hasty.control(request(bank_mock, Operation.FREEZE, "C1")).state is OutcomeState.UNKNOWN
    finally:
        hasty.close()


def test_freeze_status_follows_the_freeze_to_its_expiry(bank_mock: MockProvider, adapter: BankAdapter) -> None:
    freeze(bank_mock, adapter, "C1", end_date=today(bank_mock) + timedelta(days=1))
    ask = request(bank_mock, Operation.RENEW, "S1", original_request_no="C1", provider_ref="C1")
    assert adapter.freeze_status(ask).freeze_status is FreezeState.ACTIVE
    bank_mock.advance("2d")
    later = adapter.freeze_status(request(bank_mock, Operation.RENEW, "S2", original_request_no="C1"))
    assert (later.state, later.succeeded, later.freeze_status) == (OutcomeState.COMPLETED, True,
                                                                   FreezeState.EXPIRED)


def test_freeze_status_after_a_release_and_a_full_deduction(bank_mock: MockProvider, adapter: BankAdapter) -> None:
    freeze(bank_mock, adapter, "C1", amount=100_000)
    freeze(bank_mock, adapter, "C2", amount=100_000)
    released = request(bank_mock, Operation.RELEASE, "C3", original_request_no="C1")
    adapter.control(released)
    deducted = request(bank_mock, Operation.DEDUCT, "C4", original_request_no="C2", amount=100_000)
    adapter.control(deducted)
    assert settled(adapter, released).freeze_status is FreezeState.RELEASED
    assert settled(adapter, deducted).deducted == 100_000
    first = adapter.freeze_status(request(bank_mock, Operation.RENEW, "S1", original_request_no="C1"))
    second = adapter.freeze_status(request(bank_mock, Operation.RENEW, "S2", original_request_no="C2"))
    assert (first.freeze_status, second.freeze_status) == (FreezeState.RELEASED, FreezeState.DEDUCTED)


def test_freeze_status_of_a_number_that_froze_nothing(bank_mock: MockProvider, adapter: BankAdapter) -> None:
    outcome = adapter.freeze_status(request(bank_mock, Operation.RENEW, "S1", original_request_no="C9"))
    assert (outcome.state, outcome.succeeded, outcome.error_code) == (OutcomeState.COMPLETED, False,
                                                                      RefusalCode.FREEZE_NOT_FOUND)


def test_an_identity_mismatch_rejects_a_control_request(bank_mock: MockProvider, adapter: BankAdapter) -> None:
    outcome = freeze(bank_mock, adapter, "C1", subject=Subject("王芳", "resident_id", DEBTOR.id_number))
    assert (outcome.state, outcome.error_code) == (OutcomeState.REJECTED, RefusalCode.IDENTITY_NOT_MATCH)


def test_a_wrong_secret_is_an_authentication_error(bank_mock: MockProvider, secret: str) -> None:
    wrong = make_adapter(bank_mock, "not-the-registered-secret")
    with pytest.raises(AdapterError) as caught:
        wrong.query_result("Q1")
    assert caught.value.code == AUTH_FAILED
    wrong.close()


def test_answers_from_another_bank_id_are_not_trusted(bank_mock: MockProvider, secret: str) -> None:
    other = make_adapter(bank_mock, secret, bank_id="ANOTHER-BANK")
    with pytest.raises(AdapterError) as caught:
        other.query_result("Q1")
    assert caught.value.code == SIGNATURE_INVALID
    other.close()


def test_a_restriction_order_is_published_and_lifted(bank_mock: MockProvider, adapter: BankAdapter) -> None:
    reference = adapter.restrict("L1", COURT, "（2026）京0101执123号", "（2026）京0101执123号限消", DEBTOR)
    [order] = bank_mock.admin("GET", "/restrictions", id_number=DEBTOR.id_number)["restrictions"]
    assert str(order["id"]) == reference and order["lifted_at"] is None
    adapter.lift_restriction("L2", COURT, reference)
    [lifted] = bank_mock.admin("GET", "/restrictions", id_number=DEBTOR.id_number)["restrictions"]
    assert lifted["lifted_at"] is not None


def test_a_restriction_for_the_wrong_person_is_refused(bank_mock: MockProvider, adapter: BankAdapter) -> None:
    with pytest.raises(AdapterError) as caught:
        adapter.restrict("L1", COURT, "case", "doc", Subject("王芳", "resident_id", DEBTOR.id_number))
    assert caught.value.code == RefusalCode.IDENTITY_NOT_MATCH


def test_health_reports_the_bank(adapter: BankAdapter) -> None:
    health = adapter.health()
    assert health.reachable and health.detail.startswith("bank")


class Receiver:
    """The node's feedback endpoint: records the first callback."""

    def __init__(self) -> None:
        self.arrived = threading.Event()
        self.received: list[tuple[str, dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.received.append((self.path, dict(self.headers.items()), body))
                self.send_response(204)
                self.end_headers()
                receiver.arrived.set()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/bank/feedback"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver()
    yield running
    running.stop()


def test_a_callback_is_verified_and_carries_the_feedback(
        bank_mock: MockProvider, secret: str, receiver: Receiver) -> None:
    calling = make_adapter(bank_mock, secret, callback_url=receiver.url)
    try:
        calling.control(request(bank_mock, Operation.FREEZE, "C1"))
        assert receiver.arrived.wait(10), "the bank did not post the feedback"
        path, headers, body = receiver.received[0]
        data = calling.verify_callback(receiver.url, headers, body)
        assert (path, data["request_no"], data["items"][0]["freeze_status"]) == ("/bank/feedback", "C1", "active")
        with pytest.raises(AdapterError):
            calling.verify_callback(receiver.url, headers, body.replace(b"active", b"waiting"))
    finally:
        calling.close()
