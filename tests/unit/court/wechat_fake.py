"""A WeChat v3 provider played by ``responses`` for the adapter's unit tests: signed answers, checked requests."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from datetime import date
from http.client import RemoteDisconnected
from typing import Any

import requests
import responses
from cryptography.hazmat.primitives.asymmetric import rsa
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError

from court_node.adapters.base import ProviderConfig
from court_node.adapters.types import ControlRequest, Court, Operation, QueryRequest, Subject
from court_node.adapters.wechat import WechatAdapter
from payment_mocks.signing import generate_rsa_key, private_pem, public_pem, rsa_sign
from payment_mocks.wechat.signing import parse_authorization, response_headers, verify_request_signature

BASE_URL = "http://wechat.test"
MCHID = "1900000109"
MERCHANT_SERIAL = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
PLATFORM_SERIAL = "PUB_KEY_ID_0114232134912410000000000000"
#: 2026-03-02 10:00 Beijing time, on the simulated clock both sides follow
NOW = 1772416800
OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
COURT = Court("京0101", "北京市东城区人民法院", "EA-京0101-001")
SUBJECT = Subject("李明", "resident_id", "11010519491231002X")


@functools.cache
def merchant_key() -> rsa.RSAPrivateKey:
    return generate_rsa_key()


@functools.cache
def platform_key() -> rsa.RSAPrivateKey:
    return generate_rsa_key()


def config(**options: Any) -> ProviderConfig:
    return ProviderConfig(
        name="wechat", adapter="wechat", base_url=BASE_URL, timeout_s=2.0,
        credentials={"mchid": MCHID, "serial_no": MERCHANT_SERIAL, "private_key_pem": private_pem(merchant_key()),
                     "platform_public_key_pem": public_pem(platform_key()), "platform_serial": PLATFORM_SERIAL},
        options={"retry_backoff_s": 0, **options},
    )


def adapter(now: float = NOW, **options: Any) -> WechatAdapter:
    return WechatAdapter(config(**options), now=lambda: now)


def signed(status: int, body: Mapping[str, Any] | bytes | None, *, timestamp: int = NOW,
           serial: str = PLATFORM_SERIAL, key: rsa.RSAPrivateKey | None = None) -> tuple[bytes, dict[str, str]]:
    """The body bytes and the Wechatpay-* headers the platform would send with them."""
    data = body if isinstance(body, bytes) else (
        b"" if body is None else json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode())
    signer = key or platform_key()
    headers = response_headers(lambda m: rsa_sign(signer, m), serial, data, timestamp=timestamp,
                               request_id="08F78BB5AF0D11E9AF0F")
    if data:
        headers["Content-Type"] = "application/json"
    return data, headers


def answer(rsps: responses.RequestsMock, method: str, path: str, status: int,
           body: Mapping[str, Any] | bytes | None = None, **signing: Any) -> None:
    """Queue one signed answer to ``method path`` (any query string); queued answers come in order."""
    data, headers = signed(status, body, **signing)
    rsps.add(method, BASE_URL + path, body=data, status=status, headers=headers)


def error(status: int, code: str, message: str = "refused", **detail: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if detail:
        body["detail"] = detail
    return body


def sent(rsps: responses.RequestsMock, index: int = -1) -> dict[str, Any]:
    """The JSON body of a call, after checking its Authorization with the provider's own verifier."""
    request = rsps.calls[index].request
    body = request.body or b""
    data = body if isinstance(body, bytes) else body.encode()
    auth = parse_authorization(request.headers["Authorization"])
    url = request.path_url
    assert auth.mchid == MCHID and auth.serial_no == MERCHANT_SERIAL and auth.timestamp == str(NOW)
    assert verify_request_signature(merchant_key().public_key(), auth, request.method or "", url, data)
    return json.loads(data) if data else {}


def nonce(rsps: responses.RequestsMock, index: int) -> str:
    return parse_authorization(rsps.calls[index].request.headers["Authorization"]).nonce_str


def query_request(request_no: str = "QRY-000001", **changes: Any) -> QueryRequest:
    fields: dict[str, Any] = {"request_no": request_no, "court": COURT, "judge": "王法官",
                              "case_no": "（2026）京0101执123号", "document_no": "（2026）京0101执123号之一",
                              "subject": SUBJECT, **changes}
    return QueryRequest(**fields)


def control_request(operation: Operation, request_no: str, **changes: Any) -> ControlRequest:
    fields: dict[str, Any] = {
        "request_no": request_no, "operation": operation, "court": COURT, "judge": "王法官",
        "case_no": "（2026）京0101执123号", "document_no": "（2026）京0101执123号之一", "subject": SUBJECT,
        "account_no": OPENID, **changes}
    return ControlRequest(**fields)


def freeze_request(request_no: str = "FRZ-000001", amount: int | None = 150_000, **changes: Any) -> ControlRequest:
    return control_request(Operation.FREEZE, request_no, **{"amount": amount, "end_date": date(2026, 12, 31),
                                                             **changes})


def on_freeze(operation: Operation, request_no: str, **changes: Any) -> ControlRequest:
    """A renewal, release or deduction of freeze FRZ-000001."""
    return control_request(operation, request_no, provider_ref="FRZ-000001", original_request_no="FRZ-000001",
                           **changes)


def money(fen: int) -> dict[str, Any]:
    return {"total": fen, "currency": "CNY"}


def freeze_answer(**changes: Any) -> dict[str, Any]:
    """A freeze as the provider shows it (POST /v3/judicial/freezes, renew, GET)."""
    body: dict[str, Any] = {
        "out_freeze_no": "FRZ-000001", "freeze_id": "WXF0000000002", "openid": OPENID,
        "court": {"code": COURT.code, "name": COURT.name}, "case_no": "（2026）京0101执123号",
        "document_no": "（2026）京0101执123号之一", "mode": "AMOUNT", "status": "FROZEN",
        "amount": money(150_000), "frozen_amount": money(70_000), "unfrozen_amount": money(80_000),
        "deducted_amount": money(0), "captures_credits": True, "term_days": 304,
        "start_date": "2026-03-02", "end_date": "2026-12-31", "renewals": 0,
        "measures": [{"freeze_id": "WXF0000000001", "court": {"code": "京0105", "name": "北京市朝阳区人民法院"},
                      "document_no": "（2026）京0105执123号之一", "mode": "AMOUNT", "status": "FROZEN",
                      "amount": money(30_000), "frozen_amount": money(30_000),
                      "start_date": "2026-03-02", "end_date": "2026-09-01"}],
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def deduction_answer(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "out_deduction_no": "DED-000001", "deduction_id": "WXD0000000001", "out_freeze_no": "FRZ-000001",
        "freeze_id": "WXF0000000002", "court_code": COURT.code, "document_no": "（2026）京0101执123号之一",
        "enforcement_account": COURT.enforcement_account, "amount": money(50_000),
        "remaining_frozen": money(20_000), "status": "SUCCESS", "success_time": "2026-03-02T10:00:00+08:00",
    }
    body.update(changes)
    return body


def refused() -> requests.ConnectionError:
    """What requests raises when nothing listens: the request never left."""
    reason = NewConnectionError(None, "Connection refused")  # type: ignore[arg-type]
    return requests.ConnectionError(MaxRetryError(None, BASE_URL, reason))  # type: ignore[arg-type]


def dropped() -> requests.ConnectionError:
    """What requests raises when the connection closes before an answer: the request was sent."""
    return requests.ConnectionError(ProtocolError("Connection aborted.", RemoteDisconnected("closed")))
