"""Idempotency keys (out_request_no, out_trade_no, out_biz_no): replay, conflict, money moved once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from payment_mocks.control.callers import Caller, CallerKind
from payment_mocks.signing import public_pem
from tests.integration.alipay_support import (
    APP_KEY,
    PLATFORM_KEY,
    STRANGER_KEY,
    Gateway,
    court,
    freeze,
    freeze_biz,
    transfer_in,
)

FREEZE = "alipay.judicial.fund.freeze"
DEDUCT = "alipay.judicial.fund.deduct"


@pytest.fixture
def gw(tmp_path: Path) -> Iterator[Gateway]:
    gateway = Gateway(tmp_path)
    yield gateway
    gateway.close()


def test_same_request_replays_the_same_node_bytes(gw: Gateway) -> None:
    biz = freeze_biz(gw, "F1", "300.00")
    first = gw.call(FREEZE, biz)
    gw.advance(timedelta(minutes=5))
    second = gw.call(FREEZE, biz)
    assert second.raw_node == first.raw_node
    assert second.signed_by(public_pem(PLATFORM_KEY))
    assert gw.view().available == 70_000


def test_replay_is_answered_even_after_the_account_changed(gw: Gateway) -> None:
    biz = freeze_biz(gw, "F1", "300.00")
    first = gw.call(FREEZE, biz)
    transfer_in(gw, "B1", "50.00")
    assert gw.call(FREEZE, biz).raw_node == first.raw_node


def test_same_request_number_with_other_content_is_a_conflict(gw: Gateway) -> None:
    gw.ok(FREEZE, freeze_biz(gw, "F1", "300.00"))
    before = gw.snapshot()
    node = gw.node(FREEZE, freeze_biz(gw, "F1", "301.00"))
    assert (node["code"], node["sub_code"]) == ("40004", "JUDICIAL.REQUEST_NO_CONFLICT")
    assert gw.snapshot() == before


def test_request_number_is_shared_by_every_judicial_method(gw: Gateway) -> None:
    placed = freeze(gw, "F1")
    node = gw.node("alipay.judicial.fund.unfreeze", court("F1", freeze_no=placed["freeze_no"]))
    assert node["sub_code"] == "JUDICIAL.REQUEST_NO_CONFLICT"


def test_retried_deduct_moves_money_once(gw: Gateway) -> None:
    placed = freeze(gw, "F1", "500.00")
    biz = court("D1", freeze_no=placed["freeze_no"], amount="200.00", enforcement_account="EA-京0101")
    first = gw.call(DEDUCT, biz)
    second = gw.call(DEDUCT, biz)
    assert first.node["code"] == "10000" and second.raw_node == first.raw_node
    assert gw.view().balance == 80_000
    with gw.provider.ledger.transaction() as tx:
        assert [p.amount for p in tx.payouts()] == [20_000]


def test_business_refusal_is_replayed_too(gw: Gateway) -> None:
    biz = freeze_biz(gw, "F1", user_id="2088999999999999")
    first = gw.call(FREEZE, biz)
    assert first.node["sub_code"] == "JUDICIAL.ACCOUNT_NOT_EXIST"
    assert gw.call(FREEZE, biz).raw_node == first.raw_node


def test_request_refused_before_the_business_layer_is_not_remembered(gw: Gateway) -> None:
    biz = freeze_biz(gw, "F1", "300.00")
    refused = gw.call(FREEZE, biz, key=STRANGER_KEY)
    assert refused.node["sub_code"] == "isv.invalid-signature"
    assert gw.node(FREEZE, biz)["code"] == "10000"


def test_request_numbers_are_scoped_by_app(gw: Gateway) -> None:
    gw.provider.callers.register(Caller(CallerKind.ALIPAY_APP, "2021000000000002", public_key_pem=public_pem(APP_KEY)))
    gw.ok("alipay.judicial.account.query", court("Q1", subject={"name": "张三", "cert_type": "IDENTITY_CARD",
                                                             "cert_no": "11010519491231002X"}))
    node = gw.node("alipay.judicial.order.query", {"out_request_no": "Q1"}, app_id="2021000000000002")
    assert node["sub_code"] == "JUDICIAL.ORDER_NOT_EXIST"


def test_retried_payment_is_charged_once(gw: Gateway) -> None:
    biz = {"out_trade_no": "T1", "buyer_id": "2088000000000001", "total_amount": "10.00", "subject": "x",
           "merchant_category": "food"}
    first = gw.call("alipay.trade.pay", biz)
    assert gw.call("alipay.trade.pay", biz).raw_node == first.raw_node
    assert gw.view().balance == 99_000


def test_payment_number_reused_for_another_amount_is_inconsistent(gw: Gateway) -> None:
    biz = {"out_trade_no": "T1", "buyer_id": "2088000000000001", "total_amount": "10.00", "subject": "x",
           "merchant_category": "food"}
    gw.ok("alipay.trade.pay", biz)
    node = gw.node("alipay.trade.pay", {**biz, "total_amount": "20.00"})
    assert (node["code"], node["sub_code"]) == ("40004", "ACQ.CONTEXT_INCONSISTENT")
    assert gw.view().balance == 99_000


def test_retried_transfer_credits_once_and_a_changed_one_is_inconsistent(gw: Gateway) -> None:
    assert transfer_in(gw, "B1", "10.00")["code"] == "10000"
    assert transfer_in(gw, "B1", "10.00")["code"] == "10000"
    assert transfer_in(gw, "B1", "11.00")["sub_code"] == "PAYMENT_INFO_INCONSISTENCY"
    assert gw.view().balance == 101_000
