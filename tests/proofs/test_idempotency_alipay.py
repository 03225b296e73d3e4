"""Every mutating method on the Alipay-like /gateway.do: the same out_request_no / out_trade_no / out_biz_no with
another body is refused in the gateway's own shape (code 40004 and the method's sub_code) and changes nothing;
the same body is answered byte for byte and moves nothing more."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.integration.alipay_support import DEBTOR, Gateway, court, freeze, freeze_biz

Bodies = tuple[dict[str, Any], dict[str, Any]]
CONFLICT = "JUDICIAL.REQUEST_NO_CONFLICT"


@dataclass(frozen=True)
class Call:
    method: str
    bodies: Callable[[Gateway], Bodies]
    sub_code: str = CONFLICT


def _renew(gw: Gateway) -> Bodies:
    no = freeze(gw, "F0")["freeze_no"]
    return (court("R1", freeze_no=no, new_end_date=gw.days_ahead(60)),
            court("R1", freeze_no=no, new_end_date=gw.days_ahead(90)))


def _unfreeze(gw: Gateway) -> Bodies:
    no = freeze(gw, "F0")["freeze_no"]
    return court("U1", freeze_no=no), court("U1", freeze_no=no, document_no="（2026）京0101执123号之九")


def _deduct(gw: Gateway) -> Bodies:
    no = freeze(gw, "F0", "500.00")["freeze_no"]
    return (court("D1", freeze_no=no, amount="100.00", enforcement_account="EA-京0101"),
            court("D1", freeze_no=no, amount="200.00", enforcement_account="EA-京0101"))


def _cancel(gw: Gateway) -> Bodies:
    numbers = [gw.ok("alipay.judicial.restriction.create", court(f"X{i}", subject=DEBTOR.subject()))["restriction_no"]
               for i in (1, 2)]
    return court("C1", restriction_no=numbers[0]), court("C1", restriction_no=numbers[1])


def _pay(amount: str) -> dict[str, Any]:
    return {"out_trade_no": "T1", "buyer_id": DEBTOR.user_id, "total_amount": amount, "subject": "一笔消费",
            "merchant_category": "food"}


def _transfer(amount: str) -> dict[str, Any]:
    return {"out_biz_no": "B1", "trans_amount": amount, "product_code": "TRANS_ACCOUNT_NO_PWD",
            "biz_scene": "DIRECT_TRANSFER", "order_title": "工资",
            "payee_info": {"identity": DEBTOR.user_id, "identity_type": "ALIPAY_USER_ID"}}


CALLS = (
    Call("alipay.judicial.account.query", lambda gw: (
        court("Q1", subject=DEBTOR.subject()), court("Q1", subject=DEBTOR.subject(), trans_start_date="2026-01-01"))),
    Call("alipay.judicial.fund.freeze", lambda gw: (freeze_biz(gw, "F1", "300.00"), freeze_biz(gw, "F1", "301.00"))),
    Call("alipay.judicial.fund.freeze.renew", _renew),
    Call("alipay.judicial.fund.unfreeze", _unfreeze),
    Call("alipay.judicial.fund.deduct", _deduct),
    Call("alipay.judicial.restriction.create", lambda gw: (
        court("X1", subject=DEBTOR.subject(), categories=["air_travel"]),
        court("X1", subject=DEBTOR.subject(), categories=["g_train"]))),
    Call("alipay.judicial.restriction.cancel", _cancel),
    Call("alipay.trade.pay", lambda gw: (_pay("10.00"), _pay("20.00")), "ACQ.CONTEXT_INCONSISTENT"),
    Call("alipay.fund.trans.uni.transfer", lambda gw: (_transfer("10.00"), _transfer("11.00")),
         "PAYMENT_INFO_INCONSISTENCY"),
)
IDS = [c.method for c in CALLS]


@pytest.fixture
def gw(tmp_path: Path) -> Iterator[Gateway]:
    gateway = Gateway(tmp_path)
    yield gateway
    gateway.close()


@pytest.mark.parametrize("call", CALLS, ids=IDS)
def test_a_replay_answers_the_same_bytes_and_moves_nothing_more(gw: Gateway, call: Call) -> None:
    body, _ = call.bodies(gw)
    first = gw.call(call.method, body)
    assert first.node["code"] == "10000", first.node
    after_first = gw.snapshot()
    again = gw.call(call.method, body)
    assert again.raw_node == first.raw_node
    assert gw.snapshot() == after_first


@pytest.mark.parametrize("call", CALLS, ids=IDS)
def test_the_same_number_with_another_body_is_refused_and_changes_nothing(gw: Gateway, call: Call) -> None:
    body, other = call.bodies(gw)
    assert gw.call(call.method, body).node["code"] == "10000"
    before = gw.snapshot()
    node = gw.node(call.method, other)
    assert (node["code"], node["sub_code"]) == ("40004", call.sub_code)
    assert gw.snapshot() == before
