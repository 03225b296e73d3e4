"""The debtor's channel: payments refused by freezes and restriction orders, transfers in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from payment_mocks.ledger.categories import EVERYDAY_CATEGORIES
from tests.integration.alipay_support import DEBTOR, NEIGHBOUR, Gateway, court, freeze, pay, transfer_in

TRANSFER = "alipay.fund.trans.uni.transfer"


@pytest.fixture
def gw(tmp_path: Path) -> Iterator[Gateway]:
    gateway = Gateway(tmp_path)
    yield gateway
    gateway.close()


def restrict(gw: Gateway, request_no: str = "X1", **extra: object) -> dict[str, object]:
    return gw.ok("alipay.judicial.restriction.create", court(request_no, subject=DEBTOR.subject(), **extra))


def test_payment_from_the_balance(gw: Gateway) -> None:
    node = pay(gw, "T1", "12.5")
    assert (node["code"], node["total_amount"], node["buyer_user_id"]) == ("10000", "12.50", DEBTOR.user_id)
    assert len(node["trade_no"]) == 28 and node["gmt_payment"].startswith(gw.today().isoformat())
    assert gw.view().balance == 98_750


def test_payment_beyond_what_a_freeze_leaves_is_refused(gw: Gateway) -> None:
    freeze(gw, "F1", "900.00")
    node = pay(gw, "T1", "100.01")
    assert (node["code"], node["sub_code"]) == ("40004", "ACQ.BUYER_BALANCE_NOT_ENOUGH")
    assert pay(gw, "T2", "100.00")["code"] == "10000"


def test_whole_account_freeze_refuses_even_a_small_payment(gw: Gateway) -> None:
    freeze(gw, "F1", None)
    node = pay(gw, "T1", "0.01")
    assert (node["code"], node["sub_code"]) == ("40004", "ACQ.BUYER_ENABLE_STATUS_FORBID")


def test_restriction_refuses_payments_in_restricted_categories(gw: Gateway) -> None:
    restrict(gw)
    node = pay(gw, "T1", "500.00", category="air_travel")
    assert (node["code"], node["sub_code"]) == ("40004", "ACQ.CONSUMPTION_RESTRICTED")
    assert gw.view().balance == 100_000


@pytest.mark.parametrize("category", sorted(EVERYDAY_CATEGORIES))
def test_restriction_leaves_everyday_categories_alone(gw: Gateway, category: str) -> None:
    restrict(gw)
    assert pay(gw, "T1", "10.00", category=category)["code"] == "10000"


def test_restriction_limited_to_some_categories(gw: Gateway) -> None:
    restrict(gw, categories=["golf"])
    assert pay(gw, "T1", "10.00", category="golf")["sub_code"] == "ACQ.CONSUMPTION_RESTRICTED"
    assert pay(gw, "T2", "10.00", category="air_travel")["code"] == "10000"


def test_restriction_binds_only_its_subject(gw: Gateway) -> None:
    restrict(gw)
    assert pay(gw, "T1", "10.00", category="air_travel", person=NEIGHBOUR)["code"] == "10000"


def test_cancelled_restriction_allows_payments_again(gw: Gateway) -> None:
    created = restrict(gw)
    gw.ok("alipay.judicial.restriction.cancel", court("X2", restriction_no=created["restriction_no"]))
    assert pay(gw, "T1", "10.00", category="air_travel")["code"] == "10000"


def test_payment_by_an_unknown_buyer_is_refused(gw: Gateway) -> None:
    node = gw.node("alipay.trade.pay", {"out_trade_no": "T1", "buyer_id": "2088999999999999",
                                        "total_amount": "1.00", "subject": "x", "merchant_category": "food"})
    assert node["sub_code"] == "ACQ.BUYER_NOT_EXIST"


def test_transfer_credits_the_balance(gw: Gateway) -> None:
    node = transfer_in(gw, "B1", "250.00")
    assert (node["code"], node["status"], node["out_biz_no"]) == ("10000", "SUCCESS", "B1")
    assert len(node["order_id"]) == 28
    assert gw.view().balance == 125_000


def test_transfer_into_a_frozen_account_is_allowed(gw: Gateway) -> None:
    freeze(gw, "F1", None)
    assert transfer_in(gw, "B1", "10.00")["code"] == "10000"
    assert gw.view().balance == 101_000


def test_transfer_to_an_unknown_payee_is_refused(gw: Gateway) -> None:
    node = gw.node(TRANSFER, {"out_biz_no": "B1", "trans_amount": "1.00",
                              "payee_info": {"identity": "2088999999999999", "identity_type": "ALIPAY_USER_ID"}})
    assert (node["code"], node["sub_code"]) == ("40004", "PAYEE_NOT_EXIST")


def test_transfer_with_a_wrong_payee_name_is_refused(gw: Gateway) -> None:
    node = gw.node(TRANSFER, {"out_biz_no": "B1", "trans_amount": "1.00", "payee_info": {
        "identity": DEBTOR.user_id, "identity_type": "ALIPAY_USER_ID", "name": "王五"}})
    assert node["sub_code"] == "PAYEE_USER_INFO_ERROR"
    assert gw.view().balance == 100_000


def test_transfer_by_logon_id_is_not_supported(gw: Gateway) -> None:
    node = gw.node(TRANSFER, {"out_biz_no": "B1", "trans_amount": "1.00",
                              "payee_info": {"identity": DEBTOR.user_id, "identity_type": "ALIPAY_LOGON_ID"}})
    assert (node["code"], node["sub_code"]) == ("40002", "isv.invalid-parameter")
    assert "payee_info.identity_type" in node["sub_msg"]
