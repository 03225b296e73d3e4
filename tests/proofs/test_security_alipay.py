"""Replay at the Alipay-like gateway, which (like the real one) carries no nonce: a captured signed request sent
again within the 15-minute window is answered as the first and moves nothing, and after the window it is
refused as stale and moves nothing. (Unsigned, tampered, wrong-key and stale requests: test_alipay_signature.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.integration.alipay_support import DEBTOR, Gateway, freeze_biz

PAY = {"out_trade_no": "T1", "buyer_id": DEBTOR.user_id, "total_amount": "10.00", "subject": "一笔消费",
       "merchant_category": "food"}


@pytest.fixture
def gw(tmp_path: Path) -> Iterator[Gateway]:
    gateway = Gateway(tmp_path)
    yield gateway
    gateway.close()


@pytest.mark.parametrize("method", ["alipay.trade.pay", "alipay.judicial.fund.freeze"])
def test_a_captured_request_replayed_within_the_window_moves_nothing_more(gw: Gateway, method: str) -> None:
    captured = gw.params(method, PAY if method == "alipay.trade.pay" else freeze_biz(gw, "F1", "100.00"))
    first = gw.send(captured)
    assert first.node["code"] == "10000", first.node
    after_first = gw.snapshot()
    gw.advance(timedelta(minutes=10))
    assert gw.send(captured).raw_node == first.raw_node
    assert gw.snapshot() == after_first


def test_a_captured_request_replayed_after_the_window_is_refused_as_stale(gw: Gateway) -> None:
    captured = gw.params("alipay.trade.pay", PAY)
    gw.advance(timedelta(minutes=16))
    before = gw.snapshot()
    node = gw.send(captured).node
    assert (node["code"], node["sub_code"]) == ("40002", "isv.invalid-timestamp")
    assert gw.snapshot() == before
