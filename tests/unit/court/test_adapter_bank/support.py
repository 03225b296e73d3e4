"""A bank that answers through ``responses``, signing its answers with the mock's own signing code."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import requests
import responses

from court_node.adapters.bank import BankAdapter
from court_node.adapters.base import ProviderConfig
from court_node.adapters.types import ControlRequest, Court, Operation, QueryRequest, Subject
from payment_mocks.bank.signing import signed_headers, target_of_url, verify_headers

BASE = "http://bank.test"
NODE_ID = "COURT-NODE-1"
SECRET = "court-node-1-shared-secret"
NOW = 1_772_330_400.0  # 2026-03-01 10:00 Beijing
TODAY = date(2026, 3, 1)
COURT = Court("京0101", "北京市东城区人民法院", "11001010100052512345")
DEBTOR = Subject("李明", "resident_id", "11010519491231002X")
ACCOUNT = "6222020200112233445"
CASE = "（2026）京0101执123号"
DOCUMENT = "（2026）京0101执123号之一"

Answer = tuple[int, dict[str, str], bytes]
Responder = Callable[[requests.PreparedRequest], Answer]


def adapter(**options: Any) -> BankAdapter:
    """A bank adapter for ``BASE`` on a clock stopped at ``NOW``; no pause between retries."""
    config = ProviderConfig(name="bank", adapter="bank", base_url=BASE,
                            credentials={"node_id": NODE_ID, "secret": SECRET}, timeout_s=2.0,
                            options={"backoff_s": 0, "poll_interval_s": 0, "status_wait_s": 0, **options})
    return BankAdapter(config, now=lambda: NOW)


def query_request(request_no: str = "Q1", **changes: Any) -> QueryRequest:
    fields: dict[str, Any] = {"request_no": request_no, "court": COURT, "judge": "王法官", "case_no": CASE,
                              "document_no": DOCUMENT, "subject": DEBTOR, **changes}
    return QueryRequest(**fields)


def control_request(operation: Operation = Operation.FREEZE, request_no: str = "C1", **changes: Any) -> ControlRequest:
    fields: dict[str, Any] = {"request_no": request_no, "operation": operation, "court": COURT, "judge": "王法官",
                              "case_no": CASE, "document_no": DOCUMENT, "subject": DEBTOR, "account_no": ACCOUNT}
    if operation is Operation.FREEZE:
        fields.update(amount=500_000, start_date=TODAY, end_date=date(2026, 9, 1))
    elif operation is Operation.RENEW:
        fields.update(original_request_no="C0", provider_ref="C0", end_date=date(2027, 3, 1))
    elif operation is Operation.DEDUCT:
        fields.update(original_request_no="C0", provider_ref="C0", amount=100_000)
    else:
        fields.update(original_request_no="C0", provider_ref="C0")
    fields.update(changes)
    return ControlRequest(**fields)


def body_of(request: requests.PreparedRequest) -> bytes:
    raw = request.body or b""
    return raw.encode() if isinstance(raw, str) else raw


def signed(request: requests.PreparedRequest, status: int, payload: dict[str, Any], *, signer: str = "BANK",
           secret: str = SECRET, timestamp: float = NOW) -> Answer:
    """An answer signed the way the bank signs it: the request's method and target, the answer's body."""
    body = json.dumps(payload, ensure_ascii=False).encode()
    target = target_of_url(request.path_url)
    headers = signed_headers(signer, secret, str(request.method), target, body, int(timestamp))
    return status, {"Content-Type": "application/json", **headers}, body


def accepted(request_no: str) -> dict[str, Any]:
    return {"request_no": request_no, "status": "accepted", "accepted_at": "2026-03-01T10:00:00+08:00"}


def error(code: str, message: str = "refused", field: str | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "field": field}}


def feedback(request_no: str, kind: str, status: str = "completed", *, results: list[dict[str, Any]] | None = None,
             reason_code: str | None = None) -> dict[str, Any]:
    key = "accounts" if kind == "query" else "items"
    return {"request_no": request_no, "kind": kind, "status": status, "reason_code": reason_code,
            "reason": "why" if reason_code else None, "accepted_at": "2026-03-01T10:00:00+08:00",
            "completed_at": None if status == "accepted" else "2026-03-01T10:00:00+08:00", key: results or []}


def measure(**changes: Any) -> dict[str, Any]:
    data = {"freeze_no": "BKF0000000001", "authority_code": "京0105", "authority_name": "北京市朝阳区人民法院",
            "document_no": "（2025）京0105执888号", "mode": "amount", "amount": "2000.00",
            "amount_frozen": "2000.00", "amount_unfrozen": "0.00", "start_date": "2026-03-01",
            "end_date": "2026-08-28", "status": "active", "queue_position": None}
    data.update(changes)
    return data


def account(**changes: Any) -> dict[str, Any]:
    data = {"account_no": ACCOUNT, "name": "李明", "currency": "156", "balance": "19700.00",
            "available_balance": "17700.00", "whole_account_frozen": False, "measures": [measure()],
            "ended_measures": []}
    data.update(changes)
    return data


def item(**changes: Any) -> dict[str, Any]:
    data = {"seq": 1, "operation": "01", "account_no": ACCOUNT, "controlled": True, "balance": "19700.00",
            "available_balance": "0.00", "freeze_no": "BKF0000000002", "amount_frozen": "17700.00",
            "amount_unfrozen": "7300.00", "amount_deducted": "0.00", "start_date": "2026-03-01",
            "end_date": "2026-09-01", "freeze_status": "active", "queue_position": None, "reason_code": None,
            "reason": None, "measures": [measure()]}
    data.update(changes)
    return data


@dataclass
class FakeBank:
    """Routes ``method path`` to responders and remembers every request it saw."""

    rsps: responses.RequestsMock
    seen: list[requests.PreparedRequest] = field(default_factory=list)

    def on(self, method: str, path: str, *answers: Responder | Answer | BaseException) -> None:
        """Answer successive calls with ``answers`` in turn (the last one repeats)."""
        queue = list(answers)
        authenticated = path != "/health"

        def respond(request: requests.PreparedRequest) -> Answer:
            self.seen.append(request)
            target = target_of_url(request.path_url)
            assert not authenticated or verify_headers(SECRET, str(request.method), target, body_of(request),
                                                       request.headers), "the adapter's request signature must verify"
            answer = queue.pop(0) if len(queue) > 1 else queue[0]
            if isinstance(answer, BaseException):
                raise answer
            return answer(request) if callable(answer) else answer

        self.rsps.add_callback(method, BASE + path, callback=respond)

    def reply(self, method: str, path: str, status: int, payload: dict[str, Any], **signing: Any) -> None:
        self.on(method, path, lambda request: signed(request, status, payload, **signing))

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(body_of(r)) for r in self.seen if body_of(r)]

    def paths(self) -> list[str]:
        return [urlsplit(str(r.url)).path for r in self.seen]
