"""The debtor's wallet: payments refused by freezes and restriction orders, allowed otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from payment_mocks.wechat.testkit import (
    DEBTOR,
    OPENID,
    WechatHarness,
    create_test_app,
    freeze_body,
    payment_body,
    restriction_body,
)

PAYMENTS = "/v3/wallet/payments"
RESTRICTIONS = "/v3/judicial/restrictions"


@pytest.fixture
def wx(tmp_path: Path) -> Iterator[WechatHarness]:
    harness = WechatHarness(create_test_app(tmp_path / "wechat"))
    harness.provider.clock.stop()
    harness.open_wallet(OPENID, DEBTOR["name"], DEBTOR["id_number"], 100_000)
    yield harness
    harness.provider.ledger.close()


def _available(wx: WechatHarness) -> int:
    body = wx.get(f"/v3/wallet/balances/{OPENID}").get_json()
    total: int = body["available"]["total"]
    return total


def test_payment_without_measures_succeeds(wx: WechatHarness) -> None:
    response = wx.post(PAYMENTS, payment_body(2_500))
    assert response.status_code == 200
    body = response.get_json()
    assert body["trade_state"] == "SUCCESS"
    assert body["amount"] == {"total": 2_500, "payer_total": 2_500, "currency": "CNY", "payer_currency": "CNY"}
    assert len(body["transaction_id"]) == 28 and body["transaction_id"].isdigit()
    assert _available(wx) == 97_500


def test_payment_beyond_the_unfrozen_money_is_refused(wx: WechatHarness) -> None:
    wx.post("/v3/judicial/freezes", freeze_body(wx.date_in(30), amount_fen=90_000))
    response = wx.post(PAYMENTS, payment_body(10_001))
    assert response.status_code == 403
    assert (response.get_json()["code"], response.get_json()["detail"]["issue"]) == ("NOT_ENOUGH",
                                                                                     "BALANCE_NOT_ENOUGH")
    assert wx.post(PAYMENTS, payment_body(10_000, "PAY-000002")).status_code == 200


def test_payment_from_a_whole_frozen_account_is_refused(wx: WechatHarness) -> None:
    wx.post("/v3/judicial/freezes", freeze_body(wx.date_in(30), mode="ACCOUNT", amount_fen=None))
    response = wx.post(PAYMENTS, payment_body(1))
    assert (response.status_code, response.get_json()["code"]) == (403, "RULE_LIMIT")
    assert response.get_json()["detail"]["issue"] == "ACCOUNT_FROZEN"


def test_restriction_order_refuses_restricted_categories(wx: WechatHarness) -> None:
    published = wx.post(RESTRICTIONS, restriction_body())
    assert published.status_code == 200
    assert published.get_json()["restriction_id"].startswith("WXR")
    response = wx.post(PAYMENTS, payment_body(50_000, category="air_travel"))
    assert response.status_code == 403
    body = response.get_json()
    assert (body["code"], body["detail"]["issue"]) == ("RULE_LIMIT", "CONSUMPTION_RESTRICTED")
    assert "consumption restriction" in body["message"]
    assert _available(wx) == 100_000


def test_restriction_order_leaves_everyday_spending(wx: WechatHarness) -> None:
    wx.post(RESTRICTIONS, restriction_body())
    assert wx.post(PAYMENTS, payment_body(3_000, category="grocery")).status_code == 200


def test_restriction_limited_to_some_categories(wx: WechatHarness) -> None:
    wx.post(RESTRICTIONS, restriction_body(categories=["golf"]))
    assert wx.post(PAYMENTS, payment_body(3_000, category="air_travel")).status_code == 200
    assert wx.post(PAYMENTS, payment_body(3_000, "PAY-000002", category="golf")).status_code == 403


def test_lifted_restriction_allows_the_category_again(wx: WechatHarness) -> None:
    order = wx.post(RESTRICTIONS, restriction_body()).get_json()
    lifted = wx.post(f"{RESTRICTIONS}/{order['restriction_id']}/lift",
                     {"out_lift_no": "LFT-000001", "court_code": "京0101"})
    assert (lifted.status_code, lifted.get_json()["status"]) == (200, "LIFTED")
    assert wx.post(PAYMENTS, payment_body(3_000, category="air_travel")).status_code == 200


def test_only_the_issuing_court_may_lift(wx: WechatHarness) -> None:
    order = wx.post(RESTRICTIONS, restriction_body()).get_json()
    response = wx.post(f"{RESTRICTIONS}/{order['restriction_id']}/lift",
                       {"out_lift_no": "LFT-000001", "court_code": "京0105"})
    assert (response.status_code, response.get_json()["code"]) == (403, "NO_AUTH")
    assert wx.post(PAYMENTS, payment_body(3_000, category="air_travel")).status_code == 403


def test_lifting_an_unknown_order_is_not_found(wx: WechatHarness) -> None:
    response = wx.post(f"{RESTRICTIONS}/WXR0000000099/lift", {"out_lift_no": "LFT-000001", "court_code": "京0101"})
    assert (response.status_code, response.get_json()["code"]) == (404, "RESOURCE_NOT_EXISTS")


def test_restriction_needs_a_matching_identity(wx: WechatHarness) -> None:
    body = restriction_body()
    body["subject"]["name"] = "李四"
    assert wx.post(RESTRICTIONS, body).status_code == 403


def test_transfer_in_credits_the_wallet(wx: WechatHarness) -> None:
    response = wx.post("/v3/wallet/transfers-in", {"out_bill_no": "BILL-000001", "openid": OPENID,
                                                   "amount": {"total": 8_800}, "remark": "工资"})
    assert response.status_code == 200
    body = response.get_json()
    assert (body["state"], body["balance"]["total"], body["captured_by_freezes"]["total"]) == (
        "SUCCESS", 108_800, 0)


def test_balance_of_an_unknown_wallet_is_not_found(wx: WechatHarness) -> None:
    response = wx.get("/v3/wallet/balances/oNoSuchWallet00000000000001")
    assert (response.status_code, response.get_json()["code"]) == (404, "RESOURCE_NOT_EXISTS")


def test_payment_from_an_unknown_wallet_is_not_found(wx: WechatHarness) -> None:
    response = wx.post(PAYMENTS, payment_body(1, openid="oNoSuchWallet00000000000001"))
    assert (response.status_code, response.get_json()["detail"]["field"]) == (404, "/openid")
