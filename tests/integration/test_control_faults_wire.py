"""Each fault kind over a real socket (werkzeug in a thread): what the caller sees, and what was committed."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask

from payment_mocks.serving import RunningServer, serve_in_thread
from tests.integration.control_generic import ACCOUNT, admin_headers, close_app, make_app, provider_of, seed_debtor


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = make_app(tmp_path / "generic")
    seed_debtor(app)
    yield app
    close_app(app)


@pytest.fixture
def server(app: Flask) -> Iterator[RunningServer]:
    with serve_in_thread(app) as running:
        yield running


def set_faults(server: RunningServer, body: Any) -> None:
    response = requests.put(f"{server.url}/_admin/faults", json=body, headers=admin_headers(), timeout=5)
    assert response.status_code == 200, response.text


def credit(server: RunningServer, request_no: str = "R-1", timeout: float = 5) -> requests.Response:
    return requests.post(f"{server.url}/generic/v1/credit", timeout=timeout,
                         json={"account_no": ACCOUNT, "amount_fen": 100, "request_no": request_no})


def balance(app: Flask) -> int:
    with provider_of(app).ledger.transaction() as tx:
        return tx.account_view(ACCOUNT).balance


def test_the_server_answers_on_its_url(server: RunningServer) -> None:
    assert server.url == f"http://127.0.0.1:{server.port}"
    assert requests.get(f"{server.url}/health", timeout=5).json()["status"] == "ok"


def test_an_error_reaches_the_caller_as_the_dialects_failure(app: Flask, server: RunningServer) -> None:
    set_faults(server, {"error_rate": 1})
    response = credit(server)
    assert response.status_code == 500 and response.json()["error"]["code"] == "SYSTEM_ERROR"
    assert balance(app) == 1_000_000


def test_a_drop_commits_but_the_caller_sees_a_connection_error(app: Flask, server: RunningServer) -> None:
    set_faults(server, {"error_rate": 1, "error_kind": "drop"})
    with pytest.raises(requests.ConnectionError):
        credit(server)
    assert balance(app) == 1_000_100
    entries = requests.get(f"{server.url}/_admin/journal", headers=admin_headers(), timeout=5).json()["entries"]
    assert entries[0]["status"] == 200 and entries[0]["fault"]["kind"] == "drop"


def test_a_timeout_outlasts_the_caller_and_then_commits(app: Flask, server: RunningServer) -> None:
    set_faults(server, {"error_rate": 1, "error_kind": "timeout", "timeout_s": 0.6})
    with pytest.raises(requests.Timeout):
        credit(server, timeout=0.2)
    deadline = time.monotonic() + 5
    while balance(app) == 1_000_000 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert balance(app) == 1_000_100


def test_a_refusal_closes_connections_unhandled_until_the_window_ends(app: Flask, server: RunningServer) -> None:
    set_faults(server, {"refuse_for_s": 0.5})
    with pytest.raises(requests.ConnectionError):
        credit(server)
    assert balance(app) == 1_000_000
    assert requests.get(f"{server.url}/health", timeout=5).status_code == 200  # the control side still answers
    time.sleep(0.55)
    assert credit(server).status_code == 200
    assert balance(app) == 1_000_100


def test_latency_is_felt_over_the_wire(server: RunningServer) -> None:
    set_faults(server, {"latency_ms": 200, "latency_jitter_ms": 50})
    started = time.monotonic()
    assert credit(server).status_code == 200
    assert 0.2 <= time.monotonic() - started < 2


def test_stopping_the_server_frees_its_port(app: Flask) -> None:
    running = serve_in_thread(app)
    port = running.port
    running.stop()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))
