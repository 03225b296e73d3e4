"""The WeChat mock in-process, for tests: an app with a registered merchant, signed calls, and a WechatClient
served through ``responses`` so that its response verification runs against the real app."""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import responses
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask
from flask.testing import FlaskClient
from requests import PreparedRequest
from werkzeug.test import TestResponse
from werkzeug.urls import iri_to_uri

from payment_mocks.control.callers import Caller, CallerKind
from payment_mocks.runtime import EXTENSION_KEY, Provider
from payment_mocks.signing import generate_rsa_key, private_pem, public_pem
from payment_mocks.terms import beijing_date
from payment_mocks.wechat.app import create_app
from payment_mocks.wechat.client import WechatClient
from payment_mocks.wechat.signing import sign_request

MCHID = "1900000109"
MERCHANT_SERIAL = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
BASE_URL = "http://wechat.mock.test"

OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
DEBTOR = {"name": "李明", "id_type": "IDCARD", "id_number": "11010519491231002X"}
COURTS = {"京0101": "北京市东城区人民法院", "京0105": "北京市朝阳区人民法院", "浙0106": "杭州市西湖区人民法院"}

#: (status, headers, body) -> (status, headers, body): how a test alters a response on its way to the client
Tamper = Callable[[int, dict[str, str], bytes], tuple[int, dict[str, str], bytes]]


@functools.cache
def merchant_key() -> rsa.RSAPrivateKey:
    """One merchant key per process: RSA generation is slow."""
    return generate_rsa_key()


@functools.cache
def _platform_key_pem() -> str:
    return private_pem(generate_rsa_key())


def create_test_app(data_dir: Path, **config: Any) -> Flask:
    """An app on ``data_dir`` (platform key reused across tests) with merchant MCHID registered."""
    data_dir.mkdir(parents=True, exist_ok=True)
    key_path = data_dir / "platform-key.pem"
    if not key_path.exists():
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(_platform_key_pem())
    app = create_app({"data_dir": data_dir, **config})
    provider_of(app).callers.register(Caller(CallerKind.WECHAT_MCH, MCHID, name="test merchant",
                                             public_key_pem=public_pem(merchant_key()), serial=MERCHANT_SERIAL))
    return app


def provider_of(app: Flask) -> Provider:
    provider: Provider = app.extensions[EXTENSION_KEY]
    return provider


class WechatHarness:
    """Signed requests to an in-process app, and seeding through its ledger."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.provider = provider_of(app)
        self.http: FlaskClient = app.test_client()

    def now_s(self) -> float:
        return self.provider.clock.now().timestamp()

    def authorization(self, method: str, url: str, body: bytes, *, timestamp: int | None = None,
                      nonce: str | None = None, key: rsa.RSAPrivateKey | None = None, serial: str = MERCHANT_SERIAL,
                      mchid: str = MCHID) -> str:
        return sign_request(key or merchant_key(), mchid=mchid, serial_no=serial, method=method, url=url, body=body,
                            timestamp=int(self.now_s()) if timestamp is None else timestamp, nonce=nonce)

    def call(self, method: str, url: str, body: Mapping[str, Any] | bytes | None = None, *,
             headers: Mapping[str, str] | None = None, content_type: str | None = "application/json",
             **signing: Any) -> TestResponse:
        """Sign and send; ``signing`` overrides timestamp, nonce, key, serial or mchid.

        Characters outside ASCII are percent-encoded first: the signature covers the URL as sent.
        """
        url = iri_to_uri(url)
        data = body if isinstance(body, bytes) else (
            b"" if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8"))
        all_headers = {"Authorization": self.authorization(method, url, data, **signing)}
        if content_type is not None and method != "GET":
            all_headers["Content-Type"] = content_type
        all_headers.update(headers or {})
        path, _, query = url.partition("?")
        return self.http.open(path, method=method, query_string=query, data=data, headers=all_headers)

    def post(self, url: str, body: Mapping[str, Any] | bytes, **kwargs: Any) -> TestResponse:
        return self.call("POST", url, body, **kwargs)

    def get(self, url: str, **kwargs: Any) -> TestResponse:
        return self.call("GET", url, None, **kwargs)

    def date_in(self, days: int) -> str:
        """The Beijing date ``days`` from the simulated now, as yyyy-MM-dd."""
        return (beijing_date(self.provider.clock.now_us()) + timedelta(days=days)).isoformat()

    def open_wallet(self, openid: str, name: str, id_number: str, balance_fen: int,
                    id_type: str = "resident_id") -> None:
        with self.provider.ledger.transaction() as tx:
            tx.add_subject(name, id_type, id_number)
            tx.open_account(openid, id_number, balance_fen)

    def client(self, rsps: responses.RequestsMock, *, tamper: Tamper | None = None,
               now: Callable[[], float] | None = None, base_url: str = BASE_URL) -> WechatClient:
        """A WechatClient whose requests reach this app through ``rsps`` (optionally tampered with)."""
        pattern = re.compile(re.escape(base_url) + r"/.*")

        def forward(request: PreparedRequest) -> tuple[int, dict[str, str], bytes]:
            url = urlsplit(request.url or "")
            body = request.body if isinstance(request.body, bytes) else (request.body or "").encode()
            answer = self.http.open(url.path, method=request.method or "GET", query_string=url.query, data=body,
                                    headers=dict(request.headers))
            headers = {k: v for k, v in answer.headers.items() if k.lower() != "content-length"}
            result = (answer.status_code, headers, answer.get_data())
            return tamper(*result) if tamper else result

        for method in ("GET", "POST"):
            rsps.add_callback(method, pattern, callback=forward)
        return WechatClient(base_url, MCHID, MERCHANT_SERIAL, private_pem(merchant_key()),
                            self.provider.keys.public_pem, self.provider.keys.serial, now=now or self.now_s)


def court(code: str = "京0101") -> dict[str, str]:
    return {"code": code, "name": COURTS[code]}


def freeze_body(end_date: str, out_freeze_no: str = "FRZ-000001", *, court_code: str = "京0101",
                amount_fen: int | None = 100_000, mode: str = "AMOUNT", openid: str = OPENID,
                subject: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A freeze request with sensible defaults (an AMOUNT freeze of 1000.00 yuan by 京0101)."""
    body: dict[str, Any] = {
        "out_freeze_no": out_freeze_no, "court": court(court_code), "judge": "王法官",
        "case_no": f"（2026）{court_code}执123号", "document_no": f"（2026）{court_code}执123号之一",
        "subject": dict(subject or DEBTOR), "openid": openid, "mode": mode, "end_date": end_date,
    }
    if amount_fen is not None:
        body["amount"] = {"total": amount_fen, "currency": "CNY"}
    return body


def query_body(out_query_no: str = "QRY-000001", *, court_code: str = "京0101",
               subject: Mapping[str, str] | None = None, transactions: tuple[str, str] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "out_query_no": out_query_no, "court": court(court_code), "judge": "王法官",
        "case_no": f"（2026）{court_code}执123号", "document_no": f"（2026）{court_code}执123号之一",
        "subject": dict(subject or DEBTOR),
    }
    if transactions is not None:
        body["transactions"] = {"start_date": transactions[0], "end_date": transactions[1]}
    return body


def deduction_body(amount_fen: int, out_deduction_no: str = "DED-000001", *, out_freeze_no: str = "FRZ-000001",
                   court_code: str = "京0101") -> dict[str, Any]:
    return {
        "out_deduction_no": out_deduction_no, "court_code": court_code, "out_freeze_no": out_freeze_no,
        "amount": {"total": amount_fen, "currency": "CNY"}, "document_no": f"（2026）{court_code}执123号之二",
        "enforcement_account": f"EA-{court_code}-001",
    }


def payment_body(amount_fen: int, out_trade_no: str = "PAY-000001", *, category: str = "grocery",
                 openid: str = OPENID) -> dict[str, Any]:
    return {"out_trade_no": out_trade_no, "openid": openid, "amount": {"total": amount_fen, "currency": "CNY"},
            "description": "日用品", "merchant_category": category}


def restriction_body(out_restriction_no: str = "RST-000001", *, court_code: str = "京0101",
                     categories: list[str] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "out_restriction_no": out_restriction_no, "court": court(court_code), "judge": "王法官",
        "case_no": f"（2026）{court_code}执123号", "document_no": f"（2026）{court_code}执123号之三",
        "subject": dict(DEBTOR),
    }
    if categories is not None:
        body["categories"] = categories
    return body
