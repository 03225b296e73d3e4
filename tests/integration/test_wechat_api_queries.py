"""Account queries: wallets, balances, prior measures and transaction records of a debtor."""

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
    query_body,
    restriction_body,
)

QUERIES = "/v3/judicial/account-queries"
COMPANY = {"name": "北京某某科技有限公司", "id_type": "USCC", "id_number": "91110000600037341L"}


@pytest.fixture
def wx(tmp_path: Path) -> Iterator[WechatHarness]:
    harness = WechatHarness(create_test_app(tmp_path / "wechat"))
    harness.provider.clock.stop()
    harness.open_wallet(OPENID, DEBTOR["name"], DEBTOR["id_number"], 100_000)
    yield harness
    harness.provider.ledger.close()


def test_query_reports_balance_and_measures_of_other_courts(wx: WechatHarness) -> None:
    assert wx.post("/v3/judicial/freezes", freeze_body(wx.date_in(90), court_code="京0105", amount_fen=30_000)
                   ).status_code == 200
    response = wx.post(QUERIES, query_body())
    assert response.status_code == 200
    [account] = response.get_json()["accounts"]
    assert account["openid"] == OPENID
    assert account["holder_name"] == DEBTOR["name"]
    assert account["balance"] == {"total": 100_000, "currency": "CNY"}
    assert account["available"] == {"total": 70_000, "currency": "CNY"}
    assert account["freeze_state"] == "AMOUNT_FROZEN"
    [measure] = account["measures"]
    assert measure["court"] == {"code": "京0105", "name": "北京市朝阳区人民法院"}
    assert measure["frozen_amount"]["total"] == 30_000
    assert measure["end_date"] == wx.date_in(90)
    assert measure["status"] == "FROZEN"
    assert "transactions" not in account


def test_query_returns_transaction_records_for_the_dates_named(wx: WechatHarness) -> None:
    wx.post("/v3/wallet/transfers-in", {"out_bill_no": "BILL-000001", "openid": OPENID,
                                        "amount": {"total": 5_000}, "remark": "工资"})
    wx.post("/v3/wallet/payments", payment_body(1_200))
    today = wx.date_in(0)
    [account] = wx.post(QUERIES, query_body(transactions=(today, today))).get_json()["accounts"]
    records = account["transactions"]
    assert [(r["type"], r["direction"], r["amount"]["total"]) for r in records] == [
        ("SEED", "IN", 100_000), ("CREDIT", "IN", 5_000), ("PAYMENT", "OUT", 1_200)]
    assert records[-1]["balance_after"] == {"total": 103_800, "currency": "CNY"}
    assert records[-1]["merchant_category"] == "grocery"
    assert records[1]["memo"] == "工资"
    assert records[0]["time"].endswith("+08:00")


def test_query_outside_the_dates_has_no_records(wx: WechatHarness) -> None:
    [account] = wx.post(QUERIES, query_body(transactions=(wx.date_in(-30), wx.date_in(-1)))).get_json()["accounts"]
    assert account["transactions"] == []


def test_query_for_someone_without_a_wallet_is_empty(wx: WechatHarness) -> None:
    subject = {"name": "张三", "id_type": "IDCARD", "id_number": "440524188001010014"}
    body = wx.post(QUERIES, query_body(subject=subject)).get_json()
    assert body == {"out_query_no": "QRY-000001", "accounts": [], "restrictions": []}


def test_query_with_a_wrong_name_is_refused(wx: WechatHarness) -> None:
    response = wx.post(QUERIES, query_body(subject=DEBTOR | {"name": "李四"}))
    assert response.status_code == 403
    body = response.get_json()
    assert body["code"] == "RULE_LIMIT"
    assert "does not match" in body["message"]
    assert body["detail"]["issue"] == "IDENTITY_NOT_MATCH"


def test_query_finds_a_company_by_its_credit_code(wx: WechatHarness) -> None:
    wx.open_wallet("oCompanyWallet0000000000001", COMPANY["name"], COMPANY["id_number"], 9_900, id_type="uscc")
    [account] = wx.post(QUERIES, query_body(subject=COMPANY)).get_json()["accounts"]
    assert account["balance"]["total"] == 9_900


def test_query_lists_restriction_orders(wx: WechatHarness) -> None:
    wx.post("/v3/judicial/restrictions", restriction_body(categories=["air_travel"]))
    [order] = wx.post(QUERIES, query_body()).get_json()["restrictions"]
    assert order["categories"] == ["air_travel"]
    assert order["status"] == "ACTIVE"


def test_query_dates_must_be_in_order(wx: WechatHarness) -> None:
    response = wx.post(QUERIES, query_body(transactions=(wx.date_in(0), wx.date_in(-1))))
    assert response.status_code == 400
    assert response.get_json()["detail"]["field"] == "/transactions/end_date"
