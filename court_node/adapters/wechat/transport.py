"""Signed v3 calls over one pooled session: retries with backoff and jitter, and only verified answers.

A POST is retried, under the same ``out_*_no``, when the connection could not be made and when the provider
answers 429 or 5xx. Once a POST may have reached the provider (a read timeout, a dropped connection) it is
not retried here: ``NoAnswer`` says its outcome is unknown, and the adapter resolves it by number. A GET
changes nothing, so every failure of one is retried.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import requests
from urllib3.exceptions import MaxRetryError, NewConnectionError

from court_node.adapters.base import AdapterError
from court_node.adapters.http_session import pooled_session
from court_node.adapters.wechat import wire
from court_node.adapters.wechat.errors import ErrorAnswer
from court_node.adapters.wechat.signing import (
    MerchantKey,
    PlatformKey,
    ResponseNotAuthentic,
    authorization,
    verify_response,
)

#: the longest pause between two attempts, whatever the backoff grows to
MAX_PAUSE_S = 5.0
_RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})


class NoAnswer(Exception):
    """A POST that may have reached the provider got no usable answer: its outcome is unknown."""


@dataclass(frozen=True)
class Answer:
    """A verified answer: 2xx with its body, or a business error."""

    status: int
    body: bytes
    error: ErrorAnswer | None = None

    def json(self) -> dict[str, Any]:
        return wire.decode(self.body)


def segment(value: str) -> str:
    """A path segment as sent and signed: every reserved character percent-encoded."""
    return quote(value, safe="")


def _never_sent(exc: requests.RequestException) -> bool:
    """True when the connection itself failed, so the provider cannot have seen the request."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    if not isinstance(exc, requests.ConnectionError):
        return False
    reason = exc.args[0] if exc.args else None
    if isinstance(reason, MaxRetryError):
        reason = reason.reason
    return isinstance(reason, NewConnectionError)


def _error_answer(status: int, body: bytes) -> ErrorAnswer:
    try:
        data = wire.decode(body)
    except wire.UnreadableAnswer:
        return ErrorAnswer(status, "", body[:200].decode("utf-8", "replace"))
    detail = data.get("detail")
    return ErrorAnswer(status, str(data.get("code", "")), str(data.get("message", "")),
                       detail if isinstance(detail, dict) else {})


class Transport:
    """Sends signed requests to one provider and returns only answers the platform key provably signed."""

    def __init__(self, base_url: str, merchant: MerchantKey, platform: PlatformKey, *, timeout_s: float,
                 now: Callable[[], float], attempts: int = 3, backoff_s: float = 0.2,
                 session: requests.Session | None = None, sleep: Callable[[float], None] = time.sleep) -> None:
        self.base_url = base_url.rstrip("/")
        # A base URL with a path: the provider sees (and checks the signature over) that prefix too.
        self._prefix = urlsplit(self.base_url).path
        self._origin = self.base_url[: len(self.base_url) - len(self._prefix)] if self._prefix else self.base_url
        self.merchant, self.platform = merchant, platform
        self.timeout_s, self.now = timeout_s, now
        self.attempts, self.backoff_s, self.sleep = max(1, attempts), backoff_s, sleep
        self.session = session or pooled_session()

    def close(self) -> None:
        self.session.close()

    def post(self, path: str, body: bytes) -> Answer:
        return self.call("POST", path, body=body)

    def get(self, path: str, query: Mapping[str, str] | None = None) -> Answer:
        return self.call("GET", path, query=query)

    def call(self, method: str, path: str, *, query: Mapping[str, str] | None = None, body: bytes = b"",
             signed: bool = True) -> Answer:
        """One logical call, attempted up to ``attempts`` times; raises NoAnswer or AdapterError."""
        url = self._prefix + path + ("?" + urlencode(query, quote_via=quote) if query else "")
        writes = method != "GET"
        problem, reached = "", False
        for attempt in range(self.attempts):
            if attempt:
                self.sleep(self._pause(attempt))
            try:
                response = self._send(method, url, body, signed)
            except requests.RequestException as exc:
                problem = f"{method} {path}: {exc.__class__.__name__}: {exc}"
                if writes and not _never_sent(exc):
                    raise NoAnswer(f"{problem}; it may have taken effect") from None
                continue
            if response.status_code in _RETRIED_STATUSES:
                problem = f"{method} {path} answered {response.status_code}"
                # 429 turns a request away unhandled; a 5xx may come from a request that was partly handled.
                reached = reached or response.status_code >= 500
                continue
            return self._verified(method, path, response)
        if writes and reached:
            raise NoAnswer(f"{problem} after {self.attempts} attempts; it may have taken effect")
        raise AdapterError(f"{problem} (after {self.attempts} attempts)", code="PROVIDER_UNAVAILABLE")

    def _pause(self, attempt: int) -> float:
        """Exponential backoff with full jitter, so that retrying callers do not arrive together."""
        pause: float = min(MAX_PAUSE_S, self.backoff_s * 2 ** (attempt - 1)) * random.uniform(0.5, 1.5)
        return pause

    def _send(self, method: str, url: str, body: bytes, signed: bool) -> requests.Response:
        headers = {"Accept": "application/json"}
        if signed:
            headers["Authorization"] = authorization(self.merchant, method, url, body, timestamp=int(self.now()))
        if body:
            headers["Content-Type"] = "application/json"
        return self.session.request(method, self._origin + url, data=body or None, headers=headers,
                                    timeout=self.timeout_s, allow_redirects=False)

    def _verified(self, method: str, path: str, response: requests.Response) -> Answer:
        body = response.content
        try:
            verify_response(response.headers, body, self.platform, self.now())
        except ResponseNotAuthentic as exc:
            message = f"{method} {path} answered {response.status_code}, not provably the platform's: {exc}"
            if response.status_code >= 400:
                # Not trusted, but it often says why (a clock out of step): worth showing to whoever reads the log.
                unverified = _error_answer(response.status_code, body)
                message += f" (unverified answer: {unverified.status} {unverified.code}: {unverified.message})"
            raise AdapterError(message, code="PROVIDER_SIGNATURE_INVALID", outcome_unknown=method != "GET") from None
        if 200 <= response.status_code < 300:
            return Answer(response.status_code, body)
        error = _error_answer(response.status_code, body)
        if response.status_code == 401:
            raise AdapterError(f"the provider refused our signature: {error.message}", code="PROVIDER_AUTH_FAILED")
        return Answer(response.status_code, body, error)
