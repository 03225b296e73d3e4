"""A Python client for the bank gateway: signs every request and verifies every answer's signature.

Usable by the court node's adapter and by tests. It imports nothing of Flask or of the mock's runtime.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

import requests

from payment_mocks.bank.signing import (
    NODE_HEADER,
    SIGNED_HEADERS,
    TIMESTAMP_HEADER,
    WINDOW_SECONDS,
    header,
    signed_headers,
    target_of_url,
    verify_headers,
)
from payment_mocks.http_session import pooled_session

_RETRY_STATUSES = (502, 503, 504)


class BankError(Exception):
    """The bank refused a request (or could not be reached: status 0)."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(f"{status} {code}: {message}" + (f" ({field})" if field else ""))
        self.status = status
        self.code = code
        self.message = message
        self.field = field


class BankSignatureError(BankError):
    """An answer (or a callback) whose signature is missing or does not verify: its content is not trusted."""


def _segment(value: str) -> str:
    return quote(value, safe="")


class BankClient:
    """One court node talking to the bank: ``node_id`` and ``secret`` are the node's registered credentials.

    ``clock`` returns Unix seconds for X-Timestamp; pass the simulated clock's when it runs away from real time.
    Connection errors and 502/503/504 are retried ``retries`` times with backoff: every mutating call carries a
    request number, so a retry never applies twice.
    """

    def __init__(
        self, base_url: str, node_id: str, secret: str, timeout: float = 10.0, *,
        clock: Callable[[], float] | None = None, retries: int = 2, bank_id: str | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.node_id = node_id
        self.secret = secret
        self.timeout = timeout
        self.clock = clock or time.time
        self.retries = retries
        self.bank_id = bank_id
        self.session = session or pooled_session()

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> BankClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- judicial ----------------------------------------------------------------------------------
    def submit_query(
        self, *, request_no: str, court: Mapping[str, str], judge: str, case_no: str, document_no: str,
        subject: Mapping[str, str], transactions: Mapping[str, str] | None = None, callback_url: str | None = None,
    ) -> dict[str, Any]:
        """Submit a query; answers ``{"request_no", "status": "accepted", "accepted_at"}``."""
        body: dict[str, Any] = {"request_no": request_no, "court": dict(court), "judge": judge, "case_no": case_no,
                                "document_no": document_no, "subject": dict(subject)}
        if transactions is not None:
            body["transactions"] = dict(transactions)
        if callback_url is not None:
            body["callback_url"] = callback_url
        return self.call("POST", "/judicial/v1/queries", body)

    def submit_control(
        self, *, request_no: str, court: Mapping[str, str], judge: str, case_no: str, document_no: str,
        subject: Mapping[str, str], items: list[Mapping[str, Any]], callback_url: str | None = None,
    ) -> dict[str, Any]:
        """Submit a control request (items with operation 01 freeze, 02 renew, 04 unfreeze, 06 deduct)."""
        body: dict[str, Any] = {"request_no": request_no, "court": dict(court), "judge": judge, "case_no": case_no,
                                "document_no": document_no, "subject": dict(subject),
                                "items": [dict(item) for item in items]}
        if callback_url is not None:
            body["callback_url"] = callback_url
        return self.call("POST", "/judicial/v1/controls", body)

    def submit_query_batch(self, batch_no: str, requests_: list[Mapping[str, Any]]) -> dict[str, Any]:
        """Submit up to 500 query bodies at once; answers ``{"batch_no", "accepted_at", "items"}`` in order."""
        return self.call("POST", "/judicial/v1/query-batches",
                         {"batch_no": batch_no, "requests": [dict(r) for r in requests_]})

    def submit_control_batch(self, batch_no: str, requests_: list[Mapping[str, Any]]) -> dict[str, Any]:
        """Submit up to 500 control request bodies at once; each item accepted or refused on its own."""
        return self.call("POST", "/judicial/v1/control-batches",
                         {"batch_no": batch_no, "requests": [dict(r) for r in requests_]})

    def feedbacks(self, request_nos: list[str]) -> list[dict[str, Any]]:
        """Up to 500 requests' feedback in one call, in the order asked (``{"request_no", "error"}`` if unknown)."""
        answer = self.call("POST", "/judicial/v1/feedback-queries", {"request_nos": list(request_nos)})
        feedbacks: list[dict[str, Any]] = answer["feedbacks"]
        return feedbacks

    def feedback(self, request_no: str) -> dict[str, Any]:
        return self.call("GET", f"/judicial/v1/requests/{_segment(request_no)}/feedback")

    def wait_for_feedback(self, request_no: str, timeout: float = 30.0, interval: float = 0.2) -> dict[str, Any]:
        """Poll until the request is ``completed`` or ``rejected``; TimeoutError after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            answer = self.feedback(request_no)
            if answer.get("status") != "accepted":
                return answer
            if time.monotonic() >= deadline:
                raise TimeoutError(f"request {request_no} still accepted after {timeout} s")
            time.sleep(interval)

    def restrict(
        self, *, request_no: str, court: Mapping[str, str], case_no: str, document_no: str,
        subject: Mapping[str, str], categories: list[str] | None = None, judge: str | None = None,
    ) -> dict[str, Any]:
        """Publish a consumption restriction order (synchronous, 201)."""
        body: dict[str, Any] = {"request_no": request_no, "court": dict(court), "case_no": case_no,
                                "document_no": document_no, "subject": dict(subject)}
        if categories is not None:
            body["categories"] = list(categories)
        if judge is not None:
            body["judge"] = judge
        return self.call("POST", "/judicial/v1/restrictions", body)

    def lift_restriction(self, restriction_id: int, *, court: Mapping[str, str]) -> dict[str, Any]:
        return self.call("POST", f"/judicial/v1/restrictions/{int(restriction_id)}/lift", {"court": dict(court)})

    # ---- retail --------------------------------------------------------------------------------------
    def account(self, account_no: str) -> dict[str, Any]:
        return self.call("GET", f"/retail/v1/accounts/{_segment(account_no)}")

    def debit(self, account_no: str, *, request_no: str, amount: str, merchant: str, category: str) -> dict[str, Any]:
        """The debtor pays ``amount`` (a yuan string) to a merchant of ``category``."""
        body = {"request_no": request_no, "amount": amount, "merchant": merchant, "category": category}
        return self.call("POST", f"/retail/v1/accounts/{_segment(account_no)}/debits", body)

    def credit(self, account_no: str, *, request_no: str, amount: str, counterparty: str) -> dict[str, Any]:
        body = {"request_no": request_no, "amount": amount, "counterparty": counterparty}
        return self.call("POST", f"/retail/v1/accounts/{_segment(account_no)}/credits", body)

    # ---- callbacks -----------------------------------------------------------------------------------
    def verify_callback(self, method: str, url: str, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
        """Check a feedback callback the bank posted to this node; returns the feedback it carries."""
        if not verify_headers(self.secret, method, target_of_url(url), body, headers):
            raise BankSignatureError(0, "CALLBACK_SIGNATURE_INVALID", "the callback's signature does not verify")
        if abs(int(header(headers, TIMESTAMP_HEADER)) - self.clock()) > WINDOW_SECONDS:
            raise BankSignatureError(0, "CALLBACK_TIMESTAMP_EXPIRED", "the callback's timestamp is stale")
        data: dict[str, Any] = json.loads(body)
        return data

    # ---- the wire ------------------------------------------------------------------------------------
    def call(self, method: str, path: str, payload: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Send one signed request (retrying transient failures) and return the verified JSON answer."""
        body = b"" if payload is None else json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        attempt = 0
        while True:
            prepared = self.session.prepare_request(requests.Request(method, self.base_url + path, data=body or None))
            target = target_of_url(prepared.path_url)
            prepared.headers.update(
                signed_headers(self.node_id, self.secret, method, target, body, int(self.clock()))
            )
            if body:
                prepared.headers["Content-Type"] = "application/json"
            try:
                answer = self.session.send(prepared, timeout=self.timeout, allow_redirects=False)
            except (requests.ConnectionError, requests.Timeout) as exc:
                if attempt >= self.retries:
                    raise BankError(0, "CONNECTION_FAILED", str(exc)) from exc
            else:
                if answer.status_code not in _RETRY_STATUSES or attempt >= self.retries:
                    return self._verified(method, target, answer)
                answer.close()
            self._pause(attempt)
            attempt += 1

    def _pause(self, attempt: int) -> None:
        time.sleep(0.2 * 2**attempt * (0.5 + random.random()))

    def _verified(self, method: str, target: str, answer: requests.Response) -> dict[str, Any]:
        """Trust an answer only when signed by the bank for this request; refusals before authentication
        (401) and failures in front of the gateway are unsigned and raised as plain BankErrors."""
        body = answer.content
        signed = any(answer.headers.get(name) for name in SIGNED_HEADERS)
        if signed or answer.ok:
            if not verify_headers(self.secret, method, target, body, answer.headers):
                raise BankSignatureError(answer.status_code, "RESPONSE_SIGNATURE_INVALID",
                                         "the answer's signature is missing or does not verify")
            if self.bank_id is not None and answer.headers.get(NODE_HEADER) != self.bank_id:
                raise BankSignatureError(answer.status_code, "RESPONSE_SIGNATURE_INVALID",
                                         f"the answer is signed by {answer.headers.get(NODE_HEADER)!r}")
        try:
            data = json.loads(body)
        except ValueError:
            raise BankError(answer.status_code, "MALFORMED_RESPONSE", body[:200].decode("utf-8", "replace")) from None
        if not isinstance(data, dict):
            raise BankError(answer.status_code, "MALFORMED_RESPONSE", "the answer is not a JSON object")
        if not answer.ok:
            raw_error = data.get("error")
            error: dict[str, Any] = raw_error if isinstance(raw_error, dict) else {}
            raise BankError(answer.status_code, str(error.get("code", "UNKNOWN")), str(error.get("message", "")),
                            error.get("field"))
        return data
