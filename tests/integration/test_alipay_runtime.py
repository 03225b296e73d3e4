"""The gateway inside the shared runtime: injected faults look like Alipay's 20000, the journal names the call."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from payment_mocks.signing import public_pem
from tests.integration.alipay_support import PLATFORM_KEY, Gateway, freeze_biz

ADMIN = {"Authorization": "Bearer alipay-test-admin-token"}
FREEZE = "alipay.judicial.fund.freeze"


@pytest.fixture
def gw(tmp_path: Path) -> Iterator[Gateway]:
    gateway = Gateway(tmp_path)
    yield gateway
    gateway.close()


def test_injected_error_is_a_signed_20000_and_a_retry_goes_through(gw: Gateway) -> None:
    assert gw.client.put("/_admin/faults", json={"error_rate": 1.0, "seed": 7}, headers=ADMIN).status_code == 200
    before = gw.snapshot()
    biz = freeze_biz(gw, "F1", "100.00")
    failed = gw.call(FREEZE, biz)
    assert (failed.status, failed.key, failed.node["code"], failed.node["sub_code"]) == (
        200, "alipay_judicial_fund_freeze_response", "20000", "isp.unknow-error")
    assert failed.signed_by(public_pem(PLATFORM_KEY))
    assert gw.snapshot() == before
    gw.client.delete("/_admin/faults", headers=ADMIN)
    assert gw.node(FREEZE, biz)["status"] == "FROZEN"


def test_journal_records_the_app_and_the_request_number(gw: Gateway) -> None:
    gw.ok(FREEZE, freeze_biz(gw, "F1"))
    entries = gw.client.get("/_admin/journal?limit=1", headers=ADMIN).get_json()["entries"]
    assert (entries[0]["caller"], entries[0]["request_no"], entries[0]["path"]) == (
        "2021000000000001", "F1", "/gateway.do")


def test_health_is_served_by_the_runtime(gw: Gateway) -> None:
    assert gw.client.get("/health").status_code == 200
