"""An in-process bank for tests and experiments: a Flask test client that signs like a court node.

    bank = BankHarness.create(tmp_path)
    bank.seed_debtor(balance_fen=1_000_000)
    answer = bank.call("POST", "/judicial/v1/queries", query_body(request_no="Q1"))
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.test import TestResponse

from payment_mocks.bank.app import BankState, bank_state, create_app
from payment_mocks.bank.signing import request_target, signed_headers, verify_headers
from payment_mocks.clock import parse_duration
from payment_mocks.control.callers import Caller, CallerKind
from payment_mocks.ledger import AccountView
from payment_mocks.runtime import Provider

NODE_ID = "COURT-NODE-1"
NODE_SECRET = "court-node-1-shared-secret"
ADMIN_TOKEN = "bank-admin-token-for-tests"
COURT = {"code": "京0101", "name": "北京市东城区人民法院"}
OTHER_COURT = {"code": "京0105", "name": "北京市朝阳区人民法院"}
DEBTOR = {"name": "李明", "id_type": "resident_id", "id_number": "11010519491231002X"}
ACCOUNT_NO = "6222020200112233445"


def query_body(request_no: str, *, subject: dict[str, str] | None = None, court: dict[str, str] | None = None,
               **extra: Any) -> dict[str, Any]:
    """A valid query request; ``extra`` adds or replaces fields (``transactions``, ``callback_url``)."""
    return {"request_no": request_no, "court": court or COURT, "judge": "王法官", "case_no": "（2026）京0101执123号",
            "document_no": "（2026）京0101执123号之一", "subject": subject or DEBTOR, **extra}


def control_body(request_no: str, items: list[dict[str, Any]], *, subject: dict[str, str] | None = None,
                 court: dict[str, str] | None = None, **extra: Any) -> dict[str, Any]:
    """A valid control request around ``items``."""
    return {**query_body(request_no, subject=subject, court=court, **extra), "items": items}


def freeze_item(amount: str | None = "5000.00", *, seq: int = 1, account_no: str = ACCOUNT_NO,
                start: str = "2026-03-01", end: str = "2027-03-01") -> dict[str, Any]:
    """Operation 01: an amount freeze, or a whole-account freeze when ``amount`` is None."""
    item: dict[str, Any] = {"seq": seq, "operation": "01", "account_no": account_no, "currency": "156",
                            "content": "1" if amount is not None else "2", "start_date": start, "end_date": end}
    if amount is not None:
        item["amount"] = amount
    return item


def error_code(response: TestResponse) -> str:
    """The ``code`` of an error answer in the bank's shape."""
    return str(response.get_json()["error"]["code"])


def feedback_of(response: TestResponse) -> dict[str, Any]:
    data: dict[str, Any] = response.get_json()
    return data


class BankHarness:
    """A bank app on a data folder, one registered court node, a stopped simulated clock."""

    def __init__(self, app: Flask, node_id: str = NODE_ID, secret: str = NODE_SECRET) -> None:
        self.app = app
        self.node_id = node_id
        self.secret = secret
        self.client = app.test_client()

    @classmethod
    def create(cls, data_dir: Path, *, stop_clock: bool = True, **config: Any) -> BankHarness:
        settings = {"data_dir": data_dir, "admin_token": ADMIN_TOKEN, "background": False, **config}
        harness = cls(create_app(settings))
        harness.provider.callers.register(Caller(CallerKind.BANK_NODE, NODE_ID, secret=NODE_SECRET))
        if stop_clock:
            harness.provider.clock.stop()  # time moves only when a test says so
        return harness

    @property
    def state(self) -> BankState:
        return bank_state(self.app)

    @property
    def provider(self) -> Provider:
        return self.state.provider

    # ---- data ---------------------------------------------------------------------------------------
    def seed_debtor(self, *, balance_fen: int = 1_000_000, account_no: str = ACCOUNT_NO,
                    subject: dict[str, str] | None = None) -> AccountView:
        who = subject or DEBTOR
        with self.provider.ledger.transaction() as tx:
            tx.add_subject(who["name"], who["id_type"], who["id_number"])
            return tx.open_account(account_no, who["id_number"], balance_fen)

    def account(self, account_no: str = ACCOUNT_NO) -> AccountView:
        with self.provider.ledger.transaction() as tx:
            return tx.account_view(account_no)

    def advance(self, duration: str) -> None:
        """Move the simulated clock; due requests are processed at the next transaction."""
        self.provider.clock.advance(parse_duration(duration))

    def settle(self) -> None:
        self.provider.ledger.settle()

    # ---- the wire -----------------------------------------------------------------------------------
    def headers(self, method: str, target: str, body: bytes, *, node_id: str | None = None,
                secret: str | None = None, timestamp: int | None = None, nonce: str | None = None) -> dict[str, str]:
        stamp = self.provider.clock.now_us() // 1_000_000 if timestamp is None else timestamp
        return signed_headers(node_id or self.node_id, secret or self.secret, method, target, body, stamp, nonce)

    def call(self, method: str, path: str, payload: Any = None, *, raw: bytes | None = None,
             content_type: str = "application/json", extra_headers: dict[str, str] | None = None,
             **signing: Any) -> TestResponse:
        """A signed request; ``signing`` overrides node_id, secret, timestamp or nonce."""
        body = raw if raw is not None else (b"" if payload is None else json.dumps(payload).encode())
        path_only, _, query = path.partition("?")
        headers = self.headers(method, request_target(path_only, query), body, **signing)
        if body:
            headers["Content-Type"] = content_type
        headers.update(extra_headers or {})
        return self.client.open(path, method=method, data=body, headers=headers)

    def verify(self, response: TestResponse, method: str, path: str) -> bool:
        """True when the answer is signed by the bank with the node's secret for this request."""
        path_only, _, query = path.partition("?")
        return verify_headers(self.secret, method, request_target(path_only, query), response.get_data(),
                              dict(response.headers))

    def submit(self, kind: str, body: dict[str, Any]) -> TestResponse:
        """POST a query (``kind="queries"``) or control request (``"controls"``)."""
        return self.call("POST", f"/judicial/v1/{kind}", body)

    def feedback(self, request_no: str) -> dict[str, Any]:
        response = self.call("GET", f"/judicial/v1/requests/{request_no}/feedback")
        assert response.status_code == 200, response.get_data(as_text=True)
        return feedback_of(response)

    def control(self, request_no: str, items: list[dict[str, Any]], **body: Any) -> dict[str, Any]:
        """Submit a control request and return its feedback (processed now when there is no delay)."""
        response = self.submit("controls", control_body(request_no, items, **body))
        assert response.status_code == 202, response.get_data(as_text=True)
        return self.feedback(request_no)

    def admin(self, method: str, path: str, payload: Any = None) -> TestResponse:
        return self.client.open(path, method=method, json=payload,
                                headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})

    def close(self) -> None:
        self.state.worker.stop()
        self.provider.ledger.close()
