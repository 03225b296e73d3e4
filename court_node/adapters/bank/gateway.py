"""One signed exchange with the bank: sign, send with a timeout, retry what is safe to retry, verify the answer."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import requests
from urllib3.exceptions import MaxRetryError, NewConnectionError

from court_node.adapters.bank import signing
from court_node.adapters.base import AdapterError
from court_node.adapters.http_session import pooled_session

SIGNATURE_INVALID = "PROVIDER_SIGNATURE_INVALID"
AUTH_FAILED = "PROVIDER_AUTH_FAILED"  # the bank refused our credentials, timestamp or nonce (401)
PROTOCOL_ERROR = "PROVIDER_PROTOCOL_ERROR"  # a verified answer we cannot read


@dataclass(frozen=True)
class Answer:
    """A verified answer: its HTTP status and its JSON object."""

    status: int
    data: dict[str, Any]

    @property
    def error_code(self) -> str:
        error = self.data.get("error")
        return str(error.get("code", "")) if isinstance(error, dict) else ""

    @property
    def error_message(self) -> str:
        error = self.data.get("error")
        return str(error.get("message", "")) if isinstance(error, dict) else ""


class Unanswered(Exception):
    """No usable answer after every attempt; ``maybe_delivered`` when the bank may have received the request."""

    def __init__(self, detail: str, *, maybe_delivered: bool) -> None:
        super().__init__(detail)
        self.maybe_delivered = maybe_delivered


def _surely_unsent(exc: requests.RequestException) -> bool:
    """Connecting failed, so the bank never saw the request; anything later (read timeout, reset) may have."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    cause = exc.args[0] if exc.args else None
    return isinstance(cause, MaxRetryError) and isinstance(cause.reason, NewConnectionError)


class BankGateway:
    """Signs requests as ``node_id`` with the node's secret, on the simulated clock ``now`` (Unix seconds)."""

    def __init__(
        self, *, base_url: str, node_id: str, secret: str, bank_id: str, timeout_s: float,
        now: Callable[[], float], retries: int = 2, backoff_s: float = 0.2,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.node_id = node_id
        self.secret = secret
        self.bank_id = bank_id
        self.timeout_s = timeout_s
        self.now = now
        self.retries = retries
        self.backoff_s = backoff_s
        self.session = session or pooled_session()

    def close(self) -> None:
        self.session.close()

    def call(self, method: str, path: str, payload: Mapping[str, Any] | None = None) -> Answer:
        """Send one request, retrying connection errors and 5xx; the same body (and request number) each time."""
        body = b"" if payload is None else json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        maybe_delivered = False
        detail = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self._pause(attempt)
            prepared = self.session.prepare_request(requests.Request(method, self.base_url + path, data=body or None))
            target = signing.target_of(prepared.path_url)
            prepared.headers.update(
                signing.request_headers(self.node_id, self.secret, method, target, body, int(self.now()))
            )
            if body:
                prepared.headers["Content-Type"] = "application/json"
            try:
                response = self.session.send(prepared, timeout=self.timeout_s, allow_redirects=False)
            except requests.RequestException as exc:
                maybe_delivered = maybe_delivered or not _surely_unsent(exc)
                detail = f"{method} {path}: {type(exc).__name__}: {exc}"
                continue
            if response.status_code >= 500:
                maybe_delivered = True
                detail = f"{method} {path}: HTTP {response.status_code}"
                response.close()
                continue
            return self._verified(method, target, response)
        raise Unanswered(detail, maybe_delivered=maybe_delivered)

    def _pause(self, attempt: int) -> None:
        """Exponential backoff with jitter, so that many nodes retrying do not arrive together."""
        time.sleep(self.backoff_s * 2 ** (attempt - 1) * random.uniform(0.5, 1.5))

    def _verified(self, method: str, target: str, response: requests.Response) -> Answer:
        """Trust an answer only when the bank signed it for this request; 401s come before the bank knows us."""
        body = response.content
        status = response.status_code
        mutating = method.upper() != "GET"
        if status == 401 and not signing.is_signed(response.headers):
            raise AdapterError(f"the bank refused our authentication: {_error_text(body)}", code=AUTH_FAILED)
        problem = signing.signature_problem(
            self.secret, self.bank_id, method, target, body, response.headers, self.now()
        )
        if problem is not None:
            raise AdapterError(f"HTTP {status} answer to {method} {target} not trusted: {problem}",
                               code=SIGNATURE_INVALID, outcome_unknown=mutating)
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise AdapterError(f"HTTP {status} answer to {method} {target} is not a JSON object",
                               code=PROTOCOL_ERROR, outcome_unknown=mutating)
        return Answer(status, data)

    def verify_callback(self, method: str, url: str, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
        """A feedback the bank posted to our callback URL, once its signature and timestamp are checked."""
        problem = signing.signature_problem(
            self.secret, self.bank_id, method, signing.target_of(url), body, headers, self.now()
        )
        if problem is not None:
            raise AdapterError(f"callback to {url} not trusted: {problem}", code=SIGNATURE_INVALID)
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise AdapterError("the callback is not a JSON object", code=PROTOCOL_ERROR)
        return data

    def health(self) -> tuple[int, dict[str, Any]]:
        """``GET /health`` (unauthenticated and unsigned): status and JSON, or RequestException."""
        response = self.session.get(self.base_url + "/health", timeout=self.timeout_s)
        try:
            data = response.json()
        except ValueError:
            data = {}
        return response.status_code, data if isinstance(data, dict) else {}


def _error_text(body: bytes) -> str:
    try:
        error = json.loads(body).get("error", {})
        return f"{error.get('code')}: {error.get('message')}"
    except (ValueError, AttributeError):
        return body[:200].decode("utf-8", "replace")
