"""The mock refuses any /v3 request whose WECHATPAY2-SHA256-RSA2048 signature does not hold."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from werkzeug.test import TestResponse

from payment_mocks.signing import generate_rsa_key, rsa_sign
from payment_mocks.wechat.signing import SCHEMA, request_message, response_message, verify_response
from payment_mocks.wechat.testkit import (
    DEBTOR,
    MCHID,
    MERCHANT_SERIAL,
    OPENID,
    WechatHarness,
    create_test_app,
    merchant_key,
)

OTHER_KEY = generate_rsa_key()
BALANCE = f"/v3/wallet/balances/{OPENID}"


@pytest.fixture
def wx(tmp_path: Path) -> Iterator[WechatHarness]:
    harness = WechatHarness(create_test_app(tmp_path / "wechat"))
    harness.provider.clock.stop()
    harness.open_wallet(OPENID, DEBTOR["name"], DEBTOR["id_number"], 100_000)
    yield harness
    harness.provider.ledger.close()


def _header(fields: dict[str, str], sep: str = ",") -> str:
    return SCHEMA + " " + sep.join(f'{k}="{v}"' for k, v in fields.items())


def _signed_fields(wx: WechatHarness, method: str, url: str, body: bytes) -> dict[str, str]:
    timestamp, nonce = str(int(wx.now_s())), "A1B2C3D4E5F60718293A4B5C6D7E8F90"
    return {"mchid": MCHID, "nonce_str": nonce, "timestamp": timestamp, "serial_no": MERCHANT_SERIAL,
            "signature": rsa_sign(merchant_key(), request_message(method, url, timestamp, nonce, body))}


def _assert_sign_error(response: TestResponse, fragment: str) -> None:
    assert response.status_code == 401
    body = json.loads(response.get_data())
    assert body["code"] == "SIGN_ERROR"
    assert fragment in body["message"]


def test_valid_signature_is_accepted(wx: WechatHarness) -> None:
    assert wx.get(BALANCE).status_code == 200


def test_fields_in_another_order_with_spaces_are_accepted(wx: WechatHarness) -> None:
    fields = _signed_fields(wx, "GET", BALANCE, b"")
    reordered = {k: fields[k] for k in ("signature", "timestamp", "serial_no", "mchid", "nonce_str")}
    response = wx.http.get(BALANCE, headers={"Authorization": _header(reordered, sep=", ")})
    assert response.status_code == 200


def test_missing_authorization_is_refused(wx: WechatHarness) -> None:
    _assert_sign_error(wx.http.get(BALANCE), "missing")


def test_garbled_authorization_is_refused(wx: WechatHarness) -> None:
    _assert_sign_error(wx.http.get(BALANCE, headers={"Authorization": SCHEMA + " mchid=1900000109"}),
                       "key=\"value\"")


def test_other_scheme_is_refused(wx: WechatHarness) -> None:
    _assert_sign_error(wx.http.get(BALANCE, headers={"Authorization": "Bearer abc"}), SCHEMA)


def test_tampered_body_is_refused_and_changes_nothing(wx: WechatHarness) -> None:
    body = json.dumps({"out_trade_no": "PAY-000001", "openid": OPENID, "amount": {"total": 100},
                       "description": "x", "merchant_category": "grocery"}).encode()
    auth = wx.authorization("POST", "/v3/wallet/payments", body)
    tampered = body.replace(b'"total": 100', b'"total": 90000')
    response = wx.http.post("/v3/wallet/payments", data=tampered,
                            headers={"Authorization": auth, "Content-Type": "application/json"})
    _assert_sign_error(response, "does not verify")
    with wx.provider.ledger.transaction() as tx:
        assert tx.account_view(OPENID).balance == 100_000


def test_signature_over_another_path_is_refused(wx: WechatHarness) -> None:
    auth = wx.authorization("GET", "/v3/wallet/balances/oOtherOpenid000000000000", b"")
    _assert_sign_error(wx.http.get(BALANCE, headers={"Authorization": auth}), "does not verify")


def test_wrong_key_is_refused(wx: WechatHarness) -> None:
    _assert_sign_error(wx.get(BALANCE, key=OTHER_KEY), "does not verify")


def test_wrong_serial_is_refused(wx: WechatHarness) -> None:
    _assert_sign_error(wx.get(BALANCE, serial="1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C"), "serial_no")


def test_unknown_mchid_is_refused(wx: WechatHarness) -> None:
    _assert_sign_error(wx.get(BALANCE, mchid="1230000109"), "not a registered merchant")


@pytest.mark.parametrize("skew", [-300, 300, -3600])
def test_stale_timestamp_is_refused(wx: WechatHarness, skew: int) -> None:
    _assert_sign_error(wx.get(BALANCE, timestamp=int(wx.now_s()) + skew), "timestamp")


def test_timestamp_inside_the_window_is_accepted(wx: WechatHarness) -> None:
    assert wx.get(BALANCE, timestamp=int(wx.now_s()) - 299).status_code == 200


def test_timestamp_is_judged_by_the_simulated_clock(wx: WechatHarness) -> None:
    real_now = int(wx.now_s())
    wx.provider.clock.advance(timedelta(days=30))
    _assert_sign_error(wx.get(BALANCE, timestamp=real_now), "timestamp")
    assert wx.get(BALANCE).status_code == 200


def test_replayed_nonce_is_refused(wx: WechatHarness) -> None:
    assert wx.get(BALANCE, nonce="REPLAYED0000000000000000000000AA").status_code == 200
    _assert_sign_error(wx.get(BALANCE, nonce="REPLAYED0000000000000000000000AA"), "replay")


def test_nonce_may_return_after_the_window(wx: WechatHarness) -> None:
    assert wx.get(BALANCE, nonce="LATER000000000000000000000000000").status_code == 200
    wx.provider.clock.advance(timedelta(seconds=301))
    assert wx.get(BALANCE, nonce="LATER000000000000000000000000000").status_code == 200


def test_query_string_is_part_of_the_signed_url(wx: WechatHarness) -> None:
    url = "/v3/judicial/freezes/out-freeze-no/FRZ-000001?court_code=%E4%BA%AC0101"
    auth = wx.authorization("GET", url.replace("0101", "0105"), b"")
    _assert_sign_error(wx.http.get(url, headers={"Authorization": auth}), "does not verify")


def test_percent_encoded_path_is_signed_as_sent(wx: WechatHarness) -> None:
    response = wx.get("/v3/judicial/freezes/out-freeze-no/FRZ%7C000001?court_code=%E4%BA%AC0101")
    assert response.status_code == 404  # signature accepted; there is no such freeze
    assert json.loads(response.get_data())["code"] == "RESOURCE_NOT_EXISTS"


def test_success_response_is_signed_by_the_platform(wx: WechatHarness) -> None:
    response = wx.get(BALANCE)
    assert response.headers["Request-ID"]
    verify_response(response.headers, response.get_data(), public_key=wx.provider.keys.private_key.public_key(),
                    serial=wx.provider.keys.serial, now_s=wx.now_s())
    assert wx.provider.keys.serial.startswith("PUB_KEY_ID_")


def test_error_response_is_signed_too(wx: WechatHarness) -> None:
    response = wx.http.get(BALANCE)
    headers = response.headers
    message = response_message(headers["Wechatpay-Timestamp"], headers["Wechatpay-Nonce"], response.get_data())
    assert response.status_code == 401
    assert wx.provider.keys.sign(message) == headers["Wechatpay-Signature"]


def test_control_api_responses_are_left_alone(wx: WechatHarness) -> None:
    assert "Wechatpay-Signature" not in wx.http.get("/_admin/nothing-here").headers
