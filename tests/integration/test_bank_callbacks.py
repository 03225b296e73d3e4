"""Feedback callbacks: signed, posted to the node's loopback URL after completion, retried with backoff."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from payment_mocks.bank import callbacks
from payment_mocks.bank.client import BankClient, BankSignatureError
from payment_mocks.bank.testing import (
    COURT,
    DEBTOR,
    NODE_ID,
    NODE_SECRET,
    BankHarness,
    control_body,
    freeze_item,
    query_body,
)
from payment_mocks.serving import serve_in_thread


class Receiver:
    """A node's feedback endpoint on a free loopback port: records every POST, answers the next status."""

    def __init__(self) -> None:
        self.received: list[tuple[str, dict[str, str], bytes]] = []
        self.statuses: list[int] = []
        self.arrived = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.received.append((self.path, dict(self.headers.items()), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                if status == 200:
                    receiver.arrived.set()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
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
    node = Receiver()
    yield node
    node.stop()


@pytest.fixture
def bank(tmp_path: Path) -> Iterator[BankHarness]:
    harness = BankHarness.create(tmp_path / "bank")
    harness.seed_debtor(balance_fen=1_000_000)
    yield harness
    harness.close()


def node_client(bank: BankHarness) -> BankClient:
    return BankClient("http://127.0.0.1:9", NODE_ID, NODE_SECRET, clock=lambda: bank.provider.clock.now_us() / 1e6)


def callback_state(bank: BankHarness, request_no: str) -> tuple[str, int]:
    with bank.provider.ledger.transaction() as tx:
        row = tx.conn.execute("SELECT callback_status, callback_attempts FROM bank_requests WHERE request_no = ?",
                              (request_no,)).fetchone()
    return str(row[0]), int(row[1])


def test_the_feedback_is_posted_to_the_callback_url_once_completed(bank: BankHarness, receiver: Receiver) -> None:
    bank.submit("controls", control_body("C1", [freeze_item("3000.00")], callback_url=receiver.url))
    assert bank.state.worker.run_once() == 1
    [(path, headers, body)] = receiver.received
    with node_client(bank) as client:
        feedback = client.verify_callback("POST", path, headers, body)
    assert path == "/bank/feedback" and headers["X-Node-Id"] == "BANK"
    assert feedback == bank.feedback("C1") and feedback["items"][0]["amount_frozen"] == "3000.00"
    assert callback_state(bank, "C1") == ("delivered", 1)


def test_a_callback_waits_for_the_processing_delay(bank: BankHarness, receiver: Receiver) -> None:
    bank.admin("PUT", "/_admin/bank/processing", {"delay": "1h"})
    bank.submit("queries", query_body("Q1", callback_url=receiver.url))
    assert bank.state.worker.run_once() == 0 and receiver.received == []
    bank.advance("1h")
    assert bank.state.worker.run_once() == 1


def test_a_delivered_callback_is_not_posted_again(bank: BankHarness, receiver: Receiver) -> None:
    bank.submit("queries", query_body("Q1", callback_url=receiver.url))
    bank.state.worker.run_once()
    bank.state.worker.run_once()
    assert len(receiver.received) == 1


def test_a_failed_delivery_is_retried(bank: BankHarness, receiver: Receiver, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(callbacks, "RETRY_DELAYS", (0.0, 0.0, 0.0, 0.0))
    receiver.statuses = [500, 503]
    bank.submit("queries", query_body("Q1", callback_url=receiver.url))
    for _ in range(3):
        bank.state.worker.run_once()
    assert len(receiver.received) == 3
    assert callback_state(bank, "Q1") == ("delivered", 3)


def test_the_next_attempt_waits_for_the_backoff(bank: BankHarness, receiver: Receiver) -> None:
    receiver.statuses = [500]
    bank.submit("queries", query_body("Q1", callback_url=receiver.url))
    bank.state.worker.run_once()
    bank.state.worker.run_once()
    assert len(receiver.received) == 1 and callback_state(bank, "Q1") == ("pending", 1)


def test_delivery_is_given_up_after_the_last_attempt(
    bank: BankHarness, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(callbacks, "RETRY_DELAYS", (0.0, 0.0))
    receiver.statuses = [500] * 10
    bank.submit("queries", query_body("Q1", callback_url=receiver.url))
    for _ in range(5):
        bank.state.worker.run_once()
    assert len(receiver.received) == 3 and callback_state(bank, "Q1") == ("failed", 3)


def test_an_unreachable_callback_url_counts_as_a_failed_attempt(bank: BankHarness) -> None:
    bank.submit("queries", query_body("Q1", callback_url="http://127.0.0.1:9/feedback"))
    assert bank.state.worker.run_once() == 0
    assert callback_state(bank, "Q1") == ("pending", 1)


def test_a_request_without_a_callback_url_has_nothing_to_deliver(bank: BankHarness) -> None:
    bank.submit("queries", query_body("Q1"))
    bank.state.worker.run_once()
    assert callback_state(bank, "Q1") == ("none", 0)


def test_a_forged_callback_is_refused_by_the_client(bank: BankHarness, receiver: Receiver) -> None:
    bank.submit("queries", query_body("Q1", callback_url=receiver.url))
    bank.state.worker.run_once()
    [(path, headers, body)] = receiver.received
    with node_client(bank) as client, pytest.raises(BankSignatureError):
        client.verify_callback("POST", path, headers, body.replace(b"completed", b"rejected!"))


def test_the_background_thread_completes_and_delivers_without_polling(tmp_path: Path, receiver: Receiver) -> None:
    bank = BankHarness.create(tmp_path / "bank", background=True, stop_clock=False)
    try:
        bank.seed_debtor()
        assert bank.state.worker.running
        with serve_in_thread(bank.app) as server, BankClient(server.url, NODE_ID, NODE_SECRET) as client:
            client.submit_control(request_no="C1", court=COURT, judge="王法官", case_no="（2026）京0101执1号",
                                  document_no="（2026）京0101执1号之一", subject=DEBTOR,
                                  items=[freeze_item("100.00")], callback_url=receiver.url)
            assert receiver.arrived.wait(10)
        assert bank.account().available == 1_000_000 - 10_000
    finally:
        bank.close()
    assert not bank.state.worker.running


def test_the_worker_stops_promptly(tmp_path: Path) -> None:
    bank = BankHarness.create(tmp_path / "bank", background=True)
    started = time.monotonic()
    bank.close()
    assert time.monotonic() - started < 2 and not bank.state.worker.running
