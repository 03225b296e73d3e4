"""WSGI wrappers that sign a generated request exactly as the provider will read it, so that fuzzing reaches the
business layer behind each dialect's signature check."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from flask import Flask

from payment_mocks.alipay.client import beijing_timestamp
from payment_mocks.alipay.signing import sign_params
from payment_mocks.bank.signing import request_target, signed_headers
from payment_mocks.bank.testing import NODE_ID, NODE_SECRET
from payment_mocks.wechat.signing import sign_request
from payment_mocks.wechat.testkit import MCHID, MERCHANT_SERIAL, merchant_key
from tests.fuzz.provider_state import provider_of

Environ = dict[str, Any]
StartResponse = Callable[..., Any]


def _read_body(environ: Environ) -> bytes:
    """Read the body once and put it back, so that the app reads the same bytes."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body: bytes = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(body)
    return body


def _set_header(environ: Environ, name: str, value: str) -> None:
    environ["HTTP_" + name.upper().replace("-", "_")] = value


class Signed:
    """``app`` behind a signer: ``sign(app, environ, body)`` adds the dialect's authentication to the environ."""

    def __init__(self, app: Flask, sign: Callable[[Flask, Environ, bytes], None]) -> None:
        self.app = app
        self.sign = sign

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        self.sign(self.app, environ, _read_body(environ))
        return self.app(environ, start_response)


def _now_s(app: Flask) -> int:
    return int(provider_of(app).clock.now().timestamp())


def sign_bank(app: Flask, environ: Environ, body: bytes) -> None:
    """X-Node-Id, X-Timestamp, X-Nonce and X-Signature (HMAC-SHA256) as the bank's gate checks them."""
    target = request_target(environ.get("PATH_INFO", "/"), environ.get("QUERY_STRING", ""))
    for name, value in signed_headers(NODE_ID, NODE_SECRET, environ["REQUEST_METHOD"], target, body,
                                      _now_s(app)).items():
        _set_header(environ, name, value)


def sign_wechat(app: Flask, environ: Environ, body: bytes) -> None:
    """A WECHATPAY2-SHA256-RSA2048 Authorization over the URL exactly as sent."""
    raw = str(environ.get("RAW_URI") or environ.get("REQUEST_URI") or environ.get("PATH_INFO", "/"))
    query = environ.get("QUERY_STRING", "")
    url = raw.split("?", 1)[0] + (f"?{query}" if query else "")
    _set_header(environ, "Authorization", sign_request(
        merchant_key(), mchid=MCHID, serial_no=MERCHANT_SERIAL, method=environ["REQUEST_METHOD"], url=url,
        body=body, timestamp=_now_s(app)))


def alipay_signer(app_id: str, key: Any) -> Callable[[Flask, Environ, bytes], None]:
    """Sign whatever parameters were generated, as the registered app ``app_id`` with ``key`` (RSA2)."""

    def sign(app: Flask, environ: Environ, body: bytes) -> None:
        query = dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
        form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)) if body else {}
        query.update({"app_id": app_id, "sign_type": "RSA2", "charset": "utf-8",
                      "timestamp": beijing_timestamp(provider_of(app).clock.now())})
        query.pop("sign", None)
        query["sign"] = sign_params({**form, **query}, key)
        environ["QUERY_STRING"] = urlencode(query)

    return sign
