"""Every outbound session keeps its connections alive: many calls share few TCP connections, none thrown away."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from requests.adapters import HTTPAdapter

from court_node.adapters.alipay.gateway import Gateway, RetryPolicy
from court_node.adapters.bank import BankAdapter
from court_node.adapters.base import ProviderConfig
from court_node.adapters.http_session import POOL_SIZE, pooled_session
from court_node.adapters.wechat.signing import MerchantKey, PlatformKey
from court_node.adapters.wechat.transport import Transport
from court_node.client import CourtClient
from payment_mocks.alipay.client import AlipayClient
from payment_mocks.bank.client import BankClient
from payment_mocks.bank.signing import signed_headers, target_of_url
from payment_mocks.signing import generate_rsa_key, private_pem, public_pem
from payment_mocks.wechat.client import WechatClient

SECRET = "court-node-1-shared-secret"
NOW = 1_772_330_400.0
NODE_PARALLELISM = 16


@dataclass
class PortRecorder:
    """A local HTTP/1.1 server answering as the bank does, remembering the client port of every request."""

    url: str
    ports: list[int] = field(default_factory=list)
    delay_s: float = 0.0


def _handler(recorder: PortRecorder) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            recorder.ports.append(self.client_address[1])
            time.sleep(recorder.delay_s)
            number = self.path.rstrip("/").split("/")[-2]
            body = json.dumps({"request_no": number, "kind": "query", "status": "accepted",
                               "accepted_at": "2026-03-01T10:00:00+08:00", "completed_at": None,
                               "accounts": []}).encode()
            headers = signed_headers("BANK", SECRET, "GET", target_of_url(self.path), body, int(NOW))
            self.send_response(200)
            for name, value in {**headers, "Content-Type": "application/json",
                                "Content-Length": str(len(body))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def server() -> Iterator[PortRecorder]:
    recorder = PortRecorder("")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(recorder))
    httpd.daemon_threads = True
    recorder.url = f"http://127.0.0.1:{httpd.server_port}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)


@pytest.fixture
def adapter(server: PortRecorder) -> Iterator[BankAdapter]:
    config = ProviderConfig(name="bank", adapter="bank", base_url=server.url,
                            credentials={"node_id": "COURT-NODE-1", "secret": SECRET}, timeout_s=5.0,
                            options={"retries": 0})
    built = BankAdapter(config, now=lambda: NOW)
    yield built
    built.close()


def test_twenty_calls_in_a_row_use_one_connection(server: PortRecorder, adapter: BankAdapter) -> None:
    for n in range(20):
        adapter.query_result(f"Q{n}")
    assert len(server.ports) == 20 and len(set(server.ports)) == 1


def test_sixteen_calls_at_once_use_at_most_sixteen_connections_and_keep_them(
        server: PortRecorder, adapter: BankAdapter, caplog: pytest.LogCaptureFixture) -> None:
    server.delay_s = 0.2
    start = threading.Barrier(NODE_PARALLELISM)

    def call(n: int) -> None:
        start.wait()
        adapter.query_result(f"Q{n}")

    with caplog.at_level(logging.WARNING, logger="urllib3"):
        for _ in range(2):  # the second round finds every connection of the first in the pool
            threads = [threading.Thread(target=call, args=(n,)) for n in range(NODE_PARALLELISM)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(10)
    assert len(server.ports) == 2 * NODE_PARALLELISM
    assert len(set(server.ports)) <= NODE_PARALLELISM
    assert not [r for r in caplog.records if "pool is full" in r.getMessage()]


def test_the_court_client_reuses_its_connection(server: PortRecorder) -> None:
    client = CourtClient(server.url, "token", retries=0)
    for n in range(5):
        client.session.get(f"{server.url}/judicial/v1/requests/Q{n}/feedback", timeout=5)
    client.session.close()
    assert len(set(server.ports)) == 1


def _pool_size(session: requests.Session) -> int:
    adapter = session.get_adapter("http://127.0.0.1/")
    assert isinstance(adapter, HTTPAdapter)
    return int(adapter._pool_maxsize)  # type: ignore[attr-defined]


def _sessions() -> dict[str, requests.Session]:
    key = generate_rsa_key()
    key_pem, public = private_pem(key), public_pem(key)
    url = "http://127.0.0.1:9"
    return {
        "alipay gateway": Gateway(url, "app", key, key.public_key(), timeout_s=1, now=time.time,
                                  retry=RetryPolicy()).session,
        "wechat transport": Transport(url, MerchantKey("m", "S1", key), PlatformKey("PUB_KEY_ID_1", key.public_key()),
                                      timeout_s=1, now=time.time).session,
        "court client": CourtClient(url, "token").session,
        "bank client": BankClient(url, "node", "secret").session,
        "alipay client": AlipayClient(url, "app", key_pem, public).session,
        "wechat client": WechatClient(url, "m", "S1", key_pem, public, "PUB_KEY_ID_1").session,
    }


def test_the_shared_pool_holds_at_least_the_nodes_parallelism() -> None:
    assert POOL_SIZE >= NODE_PARALLELISM and _pool_size(pooled_session()) == POOL_SIZE


def test_every_outbound_session_is_pooled() -> None:
    sessions = _sessions()
    assert {name: _pool_size(s) >= NODE_PARALLELISM for name, s in sessions.items()} == dict.fromkeys(sessions, True)
    for session in sessions.values():
        session.close()
