"""The gateway over real HTTP on loopback: the client's URL-encoding, Chinese text and signatures survive the wire."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from payment_mocks.alipay.client import AlipayClient
from payment_mocks.serving import RunningServer, serve_in_thread
from payment_mocks.signing import private_pem, public_pem
from tests.integration.alipay_support import APP_ID, APP_KEY, DEBTOR, PLATFORM_KEY, Gateway, court


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Gateway, RunningServer]]:
    gateway = Gateway(tmp_path)
    server = serve_in_thread(gateway.app)
    yield gateway, server
    server.stop()
    gateway.close()


def client(gw: Gateway, server: RunningServer) -> AlipayClient:
    return AlipayClient(server.url, APP_ID, private_pem(APP_KEY), public_pem(PLATFORM_KEY), timeout=10.0, now=gw.now)


@pytest.mark.parametrize("http_method", ["POST", "GET"])
def test_freeze_and_query_over_http(served: tuple[Gateway, RunningServer], http_method: str) -> None:
    gw, server = served
    sdk = client(gw, server)
    frozen = sdk.execute("alipay.judicial.fund.freeze", {
        **court("F1"), "subject": DEBTOR.subject(), "user_id": DEBTOR.user_id, "freeze_type": "AMOUNT",
        "freeze_amount": "250.00", "freeze_end_date": gw.days_ahead(90)}, http_method=http_method)
    assert (frozen["code"], frozen["frozen_amount"]) == ("10000", "250.00")
    queried = sdk.execute("alipay.judicial.account.query", {**court("Q1"), "subject": DEBTOR.subject()},
                          http_method=http_method)
    account = queried["accounts"][0]
    assert (account["account_name"], account["available_amount"]) == ("张三", "750.00")
    assert account["judicial_measures"][0]["court_name"] == "北京市东城区人民法院"
