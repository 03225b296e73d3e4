"""WechatClient signs its requests and trusts only responses that carry a valid platform signature."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import responses

from payment_mocks.signing import generate_rsa_key, rsa_sign
from payment_mocks.wechat.client import Court, Subject, WechatClient, WechatError, WechatSignatureError
from payment_mocks.wechat.signing import response_message
from payment_mocks.wechat.testkit import (
    DEBTOR,
    OPENID,
    Tamper,
    WechatHarness,
    create_test_app,
)

OTHER_KEY = generate_rsa_key()
SUBJECT: Subject = {"name": DEBTOR["name"], "id_type": DEBTOR["id_type"], "id_number": DEBTOR["id_number"]}
COURT: Court = {"code": "京0101", "name": "北京市东城区人民法院"}


@pytest.fixture
def wx(tmp_path: Path) -> Iterator[WechatHarness]:
    harness = WechatHarness(create_test_app(tmp_path / "wechat"))
    harness.provider.clock.stop()
    harness.open_wallet(OPENID, DEBTOR["name"], DEBTOR["id_number"], 100_000)
    yield harness
    harness.provider.ledger.close()


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def _balance_via(wx: WechatHarness, rsps: responses.RequestsMock, tamper: Tamper) -> None:
    wx.client(rsps, tamper=tamper).balance(OPENID)


def test_client_round_trip_verifies_the_response(wx: WechatHarness, rsps: responses.RequestsMock) -> None:
    assert wx.client(rsps).balance(OPENID)["balance"] == {"total": 100_000, "currency": "CNY"}


def test_client_signs_bodies_and_paths_the_server_accepts(wx: WechatHarness, rsps: responses.RequestsMock) -> None:
    client = wx.client(rsps)
    created = _create_freeze(client, wx, 5_000, "FRZ|0001*")
    assert created["status"] == "FROZEN"
    assert client.get_freeze("FRZ|0001*", "京0101")["freeze_id"] == created["freeze_id"]


def test_client_accepts_headers_in_any_order_and_case(wx: WechatHarness, rsps: responses.RequestsMock) -> None:
    def shuffle(status: int, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        return status, {k.lower(): v for k, v in reversed(list(headers.items()))}, body

    _balance_via(wx, rsps, shuffle)


def test_client_refuses_a_tampered_body(wx: WechatHarness, rsps: responses.RequestsMock) -> None:
    def tamper(status: int, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        return status, headers, body.replace(b"100000", b"999999")

    with pytest.raises(WechatSignatureError, match="does not verify"):
        _balance_via(wx, rsps, tamper)


def test_client_refuses_a_reordered_body(wx: WechatHarness, rsps: responses.RequestsMock) -> None:
    def reorder(status: int, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        data = json.loads(body)
        return status, headers, json.dumps(dict(reversed(list(data.items())))).encode()

    with pytest.raises(WechatSignatureError):
        _balance_via(wx, rsps, reorder)


def test_client_refuses_a_response_signed_by_another_key(wx: WechatHarness, rsps: responses.RequestsMock) -> None:
    def resign(status: int, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        message = response_message(headers["Wechatpay-Timestamp"], headers["Wechatpay-Nonce"], body)
        return status, headers | {"Wechatpay-Signature": rsa_sign(OTHER_KEY, message)}, body

    with pytest.raises(WechatSignatureError, match="does not verify"):
        _balance_via(wx, rsps, resign)


def test_client_refuses_another_serial(wx: WechatHarness, rsps: responses.RequestsMock) -> None:
    def reserial(status: int, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        return status, headers | {"Wechatpay-Serial": "PUB_KEY_ID_SOMEONE_ELSE"}, body

    with pytest.raises(WechatSignatureError, match="Wechatpay-Serial"):
        _balance_via(wx, rsps, reserial)


@pytest.mark.parametrize("header", ["Wechatpay-Signature", "Wechatpay-Timestamp", "Wechatpay-Nonce",
                                    "Wechatpay-Serial", "Wechatpay-Signature-Type"])
def test_client_refuses_a_response_missing_a_header(wx: WechatHarness, rsps: responses.RequestsMock,
                                                    header: str) -> None:
    def strip(status: int, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        return status, {k: v for k, v in headers.items() if k != header}, body

    with pytest.raises(WechatSignatureError, match=header):
        _balance_via(wx, rsps, strip)


def test_client_refuses_an_unsigned_success(wx: WechatHarness, rsps: responses.RequestsMock) -> None:
    def unsign(status: int, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        return status, {"Content-Type": "application/json"}, body

    with pytest.raises(WechatSignatureError):
        _balance_via(wx, rsps, unsign)


@pytest.mark.parametrize("skew", [300, -300])
def test_client_refuses_a_stale_response(wx: WechatHarness, rsps: responses.RequestsMock, skew: int) -> None:
    def stale(status: int, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        timestamp = str(int(headers["Wechatpay-Timestamp"]) + skew)
        message = response_message(timestamp, headers["Wechatpay-Nonce"], body)
        signature = wx.provider.keys.sign(message)  # a genuine signature, just too old or too new
        return status, headers | {"Wechatpay-Timestamp": timestamp, "Wechatpay-Signature": signature}, body

    with pytest.raises(WechatSignatureError, match="300 s"):
        _balance_via(wx, rsps, stale)


def test_client_clock_is_injectable(wx: WechatHarness, rsps: responses.RequestsMock) -> None:
    wx.provider.clock.advance(timedelta(days=30))
    assert wx.client(rsps, now=wx.now_s).balance(OPENID)["openid"] == OPENID


def test_client_on_another_clock_is_told_why(wx: WechatHarness, rsps: responses.RequestsMock) -> None:
    client = wx.client(rsps, now=lambda: wx.now_s() + 400)
    with pytest.raises(WechatSignatureError, match="unverified answer: 401 SIGN_ERROR: timestamp"):
        client.balance(OPENID)


def test_client_raises_wechat_error_with_detail(wx: WechatHarness, rsps: responses.RequestsMock) -> None:
    with pytest.raises(WechatError) as caught:
        _create_freeze(wx.client(rsps), wx, 0)
    error = caught.value
    assert (error.status, error.code) == (400, "PARAM_ERROR")
    assert error.detail["field"] == "/amount/total"
    assert error.detail["value"] == 0


def test_client_refuses_a_tampered_error(wx: WechatHarness, rsps: responses.RequestsMock) -> None:
    def tamper(status: int, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        return status, headers, body.replace(b"RESOURCE_NOT_EXISTS", b"SYSTEM_ERROR")

    with pytest.raises(WechatSignatureError):
        wx.client(rsps, tamper=tamper).balance("oNobody0000000000000000000000")


def test_release_returns_none_for_a_signed_204(wx: WechatHarness, rsps: responses.RequestsMock) -> None:
    client = wx.client(rsps)
    _create_freeze(client, wx, 1_000)
    client.release_freeze("FRZ-000001", out_release_no="REL-000001", court_code="京0101",
                          document_no="（2026）京0101执123号之三")
    assert client.get_freeze("FRZ-000001", "京0101")["status"] == "RELEASED"


def _create_freeze(client: WechatClient, wx: WechatHarness, amount_fen: int,
                   out_freeze_no: str = "FRZ-000001") -> dict[str, Any]:
    return client.create_freeze(out_freeze_no=out_freeze_no, court=COURT, judge="王法官",
                                case_no="（2026）京0101执123号", document_no="（2026）京0101执123号之一",
                                subject=SUBJECT, openid=OPENID, end_date=wx.date_in(30), amount_fen=amount_fen)
