"""Test your own code against the mock providers.

Two ways in:

* **in-process** — ``in_process(app, "http://bank.test")`` serves a mock app through ``responses``: code
  that uses ``requests`` reaches it with no socket and no thread. Fast; faults that need a socket
  (dropped answers, refused connections) are not available there.
* **real servers** — ``start_mock("bank", data_dir)`` starts ``python -m payment_mocks.bank`` on a free
  loopback port and returns a ``MockProvider`` handle (admin calls, seeding, clock, a ready signed client,
  ``kill()`` and ``restart()``). The pytest fixtures ``bank_mock``, ``alipay_mock``, ``wechat_mock`` and the
  factory ``freezesim_mock`` do this and stop every process afterwards. This module is a pytest plugin
  (entry point ``freezesim_mocks``), so the fixtures are there as soon as freezesim is installed.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
import requests
import responses
from flask import Flask

if TYPE_CHECKING:
    from payment_mocks.alipay.client import AlipayClient
    from payment_mocks.bank.client import BankClient
    from payment_mocks.wechat.client import WechatClient

PROVIDER_NAMES = ("bank", "alipay", "wechat")
_METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD")


# ---- in-process ------------------------------------------------------------------------------------------
def in_process(app: Flask, base_url: str, rsps: responses.RequestsMock | None = None) -> responses.RequestsMock:
    """Route every ``requests`` call under ``base_url`` to ``app``; returns the (started) RequestsMock."""
    mock = rsps or responses.RequestsMock(assert_all_requests_are_fired=False)
    client = app.test_client()
    prefix = base_url.rstrip("/")

    def handle(request: Any) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(request.url)
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")}
        answer = client.open(parts.path, method=request.method, query_string=parts.query, data=body,
                             headers=headers)
        out = {k: v for k, v in answer.headers.items() if k.lower() not in ("content-length",)}
        return answer.status_code, out, answer.get_data()

    pattern = re.compile(re.escape(prefix) + r"(/.*)?$")
    for method in _METHODS:
        mock.add_callback(method, pattern, callback=handle)
    if rsps is None:
        mock.start()
    return mock


# ---- real servers ----------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class MockProvider:
    """A mock provider running as a real process on loopback, and the admin calls a test needs."""

    def __init__(self, name: str, data_dir: Path, port: int, *, server: str = "gunicorn", workers: int = 1,
                 threads: int = 8, profile: str | None = None, extra_args: tuple[str, ...] = ()) -> None:
        if name not in PROVIDER_NAMES:
            raise ValueError(f"unknown provider {name!r}; one of {', '.join(PROVIDER_NAMES)}")
        self.name, self.data_dir, self.port = name, Path(data_dir), port
        self.args = ["-m", f"payment_mocks.{name}", "--port", str(port), "--data-dir", str(self.data_dir),
                     "--server", server, "--workers", str(workers), "--threads", str(threads), *extra_args]
        if profile:
            self.args += ["--profile", profile]
        self.log_path = self.data_dir / f"{name}.log"
        self.process: subprocess.Popen[bytes] | None = None
        #: simulated minus real time, in seconds, as last moved through this handle
        self.offset_s = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def admin_token(self) -> str:
        return (self.data_dir / "admin-token").read_text().strip()

    # lifecycle
    def start(self, timeout: float = 30.0) -> MockProvider:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen([sys.executable, *self.args], stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} mock exited with {self.process.returncode}:\n{self.log_tail()}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(self.url + "/health", timeout=1).status_code == 200:
                    self.sync_clock()
                    return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.name} mock did not become healthy in {timeout}s:\n{self.log_tail()}")

    def stop(self) -> None:
        """SIGTERM the process group (gunicorn and its workers); SIGKILL what is left after 10 s."""
        self._signal(signal.SIGTERM, wait=10.0)

    def kill(self) -> None:
        """SIGKILL the whole process group at once: a crash, mid-request if one is running."""
        self._signal(signal.SIGKILL, wait=10.0)

    def restart(self) -> MockProvider:
        self.stop()
        return self.start()

    def _signal(self, sig: signal.Signals, wait: float) -> None:
        proc = self.process
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)

    def log_tail(self, lines: int = 30) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    # the control API
    def admin(self, method: str, path: str, json: Any = None, **params: Any) -> Any:
        """Call ``/_admin{path}``; raises for an error status; returns the JSON answer (None for 204)."""
        answer = requests.request(method, f"{self.url}/_admin{path}", json=json, params=params or None,
                                  headers={"Authorization": f"Bearer {self.admin_token}"}, timeout=30)
        if answer.status_code >= 400:
            raise AssertionError(f"{method} /_admin{path} -> {answer.status_code}: {answer.text}")
        return answer.json() if answer.content else None

    def seed(self, data: dict[str, Any]) -> Any:
        return self.admin("POST", "/seed", data)

    def reset(self) -> None:
        self.admin("POST", "/reset", {})
        self.offset_s = 0.0

    def advance(self, duration: str) -> Any:
        """Move this provider's simulated clock, e.g. ``advance("30d")``."""
        answer = self.admin("POST", "/clock", {"advance": duration})
        self.offset_s = float(answer["offset_seconds"])
        return answer

    def sync_clock(self) -> None:
        self.offset_s = float(self.admin("GET", "/clock")["offset_seconds"])

    def now(self) -> float:
        """The provider's simulated time as Unix seconds: what a client must sign with."""
        return time.time() + self.offset_s

    def invariants(self) -> list[dict[str, Any]]:
        answer = self.admin("GET", "/invariants")
        return list(answer["violations"])

    def platform_key(self) -> tuple[str, str]:
        keys = self.admin("GET", "/keys")
        return str(keys["public_key_pem"]), str(keys["serial"])

    # ready clients, each with a freshly registered caller
    def bank_client(self, node_id: str = "TEST-NODE") -> BankClient:
        from payment_mocks.bank.client import BankClient

        secret = secrets.token_urlsafe(24)
        self.admin("POST", "/callers", {"kind": "bank_node", "caller_id": node_id, "secret": secret})
        return BankClient(self.url, node_id, secret, clock=self.now)

    def alipay_client(self, app_id: str = "2021000000000001") -> AlipayClient:
        from datetime import UTC, datetime

        from payment_mocks.alipay.client import AlipayClient
        from payment_mocks.signing import generate_rsa_key, private_pem, public_pem

        key = generate_rsa_key()
        self.admin("POST", "/callers", {"kind": "alipay_app", "caller_id": app_id, "public_key_pem": public_pem(key)})
        platform_pem, _ = self.platform_key()
        return AlipayClient(self.url, app_id, private_pem(key), platform_pem,
                            now=lambda: datetime.fromtimestamp(self.now(), UTC))

    def wechat_client(self, mchid: str = "1900000109") -> WechatClient:
        from payment_mocks.signing import generate_rsa_key, private_pem, public_pem
        from payment_mocks.wechat.client import WechatClient

        key = generate_rsa_key()
        serial = secrets.token_hex(20).upper()
        self.admin("POST", "/callers", {"kind": "wechat_mch", "caller_id": mchid, "public_key_pem": public_pem(key),
                                        "serial": serial})
        platform_pem, platform_serial = self.platform_key()
        return WechatClient(self.url, mchid, serial, private_pem(key), platform_pem, platform_serial, now=self.now)


def start_mock(name: str, data_dir: Path, *, port: int | None = None, **options: Any) -> MockProvider:
    """Start a mock provider process on a free loopback port and wait until it is healthy."""
    return MockProvider(name, data_dir, port or free_port(), **options).start()


# ---- pytest fixtures -------------------------------------------------------------------------------------
@pytest.fixture
def freezesim_mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., MockProvider]]:
    """Factory: ``freezesim_mock("bank", workers=2)`` starts a real mock; every one is stopped afterwards."""
    started: list[MockProvider] = []

    def make(name: str, **options: Any) -> MockProvider:
        mock = start_mock(name, tmp_path_factory.mktemp(f"{name}-mock"), **options)
        started.append(mock)
        return mock

    yield make
    for mock in started:
        mock.stop()


@pytest.fixture
def bank_mock(freezesim_mock: Callable[..., MockProvider]) -> MockProvider:
    """A real bank mock on a free port, with an empty ledger."""
    return freezesim_mock("bank")


@pytest.fixture
def alipay_mock(freezesim_mock: Callable[..., MockProvider]) -> MockProvider:
    """A real Alipay-like mock on a free port, with an empty ledger."""
    return freezesim_mock("alipay")


@pytest.fixture
def wechat_mock(freezesim_mock: Callable[..., MockProvider]) -> MockProvider:
    """A real WeChat-like mock on a free port, with an empty ledger."""
    return freezesim_mock("wechat")
