"""Every out_*_no is an idempotency key: the same request gets the same answer, another body is refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from payment_mocks.control.callers import Caller, CallerKind
from payment_mocks.signing import generate_rsa_key, public_pem
from payment_mocks.wechat.testkit import (
    DEBTOR,
    OPENID,
    WechatHarness,
    create_test_app,
    freeze_body,
    payment_body,
    query_body,
)

PAYMENTS = "/v3/wallet/payments"
SECOND_KEY = generate_rsa_key()


@pytest.fixture
def wx(tmp_path: Path) -> Iterator[WechatHarness]:
    harness = WechatHarness(create_test_app(tmp_path / "wechat"))
    harness.provider.clock.stop()
    harness.open_wallet(OPENID, DEBTOR["name"], DEBTOR["id_number"], 100_000)
    yield harness
    harness.provider.ledger.close()


def _balance(wx: WechatHarness) -> int:
    with wx.provider.ledger.transaction() as tx:
        return tx.account_view(OPENID).balance


def test_replayed_payment_answers_the_same_bytes_and_pays_once(wx: WechatHarness) -> None:
    first = wx.post(PAYMENTS, payment_body(1_000))
    second = wx.post(PAYMENTS, payment_body(1_000))
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.get_data() == second.get_data()
    assert first.headers["Request-ID"] != second.headers["Request-ID"]
    assert first.headers["Wechatpay-Signature"] != second.headers["Wechatpay-Signature"]
    assert _balance(wx) == 99_000


def test_replay_ignores_key_order_and_spacing(wx: WechatHarness) -> None:
    body = payment_body(1_000)
    first = wx.post(PAYMENTS, body)
    second = wx.post(PAYMENTS, dict(reversed(list(body.items()))))
    assert first.get_data() == second.get_data()
    assert _balance(wx) == 99_000


def test_same_key_with_another_body_is_refused_and_changes_nothing(wx: WechatHarness) -> None:
    wx.post(PAYMENTS, payment_body(1_000))
    response = wx.post(PAYMENTS, payment_body(2_000))
    assert response.status_code == 400
    body = response.get_json()
    assert body["code"] == "INVALID_REQUEST"
    assert body["detail"]["field"] == "/out_trade_no"
    assert body["detail"]["issue"] == "REQUEST_NO_CONFLICT"
    assert _balance(wx) == 99_000


def test_a_refusal_is_replayed_as_first_given(wx: WechatHarness) -> None:
    refused = wx.post(PAYMENTS, payment_body(150_000))
    wx.post("/v3/wallet/transfers-in", {"out_bill_no": "BILL-000001", "openid": OPENID, "amount": {"total": 90_000}})
    again = wx.post(PAYMENTS, payment_body(150_000))
    assert (refused.status_code, again.status_code) == (403, 403)
    assert refused.get_data() == again.get_data()
    assert _balance(wx) == 190_000


def test_replayed_freeze_answers_its_creation(wx: WechatHarness) -> None:
    body = freeze_body(wx.date_in(30), amount_fen=150_000)
    created = wx.post("/v3/judicial/freezes", body)
    wx.post("/v3/wallet/transfers-in", {"out_bill_no": "BILL-000001", "openid": OPENID, "amount": {"total": 90_000}})
    replayed = wx.post("/v3/judicial/freezes", body)
    assert replayed.get_data() == created.get_data()
    assert replayed.get_json()["unfrozen_amount"]["total"] == 50_000  # as created, before the capture
    with wx.provider.ledger.transaction() as tx:
        assert len(tx.freezes_on(OPENID)) == 1


def test_replayed_release_answers_204_again(wx: WechatHarness) -> None:
    wx.post("/v3/judicial/freezes", freeze_body(wx.date_in(30)))
    release = {"out_release_no": "REL-000001", "court_code": "京0101", "document_no": "d"}
    first = wx.post("/v3/judicial/freezes/out-freeze-no/FRZ-000001/release", release)
    second = wx.post("/v3/judicial/freezes/out-freeze-no/FRZ-000001/release", release)
    assert (first.status_code, second.status_code) == (204, 204)
    assert second.get_data() == b""


def test_release_number_reused_for_another_freeze_is_refused(wx: WechatHarness) -> None:
    wx.post("/v3/judicial/freezes", freeze_body(wx.date_in(30), amount_fen=1_000))
    wx.post("/v3/judicial/freezes", freeze_body(wx.date_in(30), "FRZ-000002", amount_fen=1_000))
    release = {"out_release_no": "REL-000001", "court_code": "京0101", "document_no": "d"}
    wx.post("/v3/judicial/freezes/out-freeze-no/FRZ-000001/release", release)
    response = wx.post("/v3/judicial/freezes/out-freeze-no/FRZ-000002/release", release)
    assert (response.status_code, response.get_json()["code"]) == (400, "INVALID_REQUEST")


def test_replayed_query_answers_the_first_snapshot(wx: WechatHarness) -> None:
    first = wx.post("/v3/judicial/account-queries", query_body())
    wx.post(PAYMENTS, payment_body(1_000))
    assert wx.post("/v3/judicial/account-queries", query_body()).get_data() == first.get_data()
    fresh = wx.post("/v3/judicial/account-queries", query_body("QRY-000002")).get_json()
    assert fresh["accounts"][0]["balance"]["total"] == 99_000


def test_keys_are_scoped_by_kind(wx: WechatHarness) -> None:
    assert wx.post(PAYMENTS, payment_body(1_000, "SAME-000001")).status_code == 200
    credit = wx.post("/v3/wallet/transfers-in", {"out_bill_no": "SAME-000001", "openid": OPENID,
                                                 "amount": {"total": 5_000}})
    assert credit.status_code == 200
    assert _balance(wx) == 104_000


def test_keys_are_scoped_by_merchant(wx: WechatHarness) -> None:
    wx.provider.callers.register(Caller(CallerKind.WECHAT_MCH, "1900000110", public_key_pem=public_pem(SECOND_KEY),
                                        serial="SECOND0000000000000000000000000000000001"))
    wx.post(PAYMENTS, payment_body(1_000))
    other = wx.post(PAYMENTS, payment_body(2_000), mchid="1900000110", key=SECOND_KEY,
                    serial="SECOND0000000000000000000000000000000001")
    assert other.status_code == 200
    assert other.get_json()["mchid"] == "1900000110"
    assert _balance(wx) == 97_000


def test_malformed_request_stores_nothing_for_its_key(wx: WechatHarness) -> None:
    bad = payment_body(1_000)
    bad["amount"]["total"] = "1000"
    assert wx.post(PAYMENTS, bad).status_code == 400
    assert wx.post(PAYMENTS, payment_body(2_000)).status_code == 200
    assert _balance(wx) == 98_000
