"""Deductions: bounded by what the freeze holds, only by the freezing court, once per out_deduction_no."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from payment_mocks.wechat.testkit import (
    DEBTOR,
    OPENID,
    WechatHarness,
    create_test_app,
    deduction_body,
    freeze_body,
)

DEDUCTIONS = "/v3/judicial/deductions"


@pytest.fixture
def wx(tmp_path: Path) -> Iterator[WechatHarness]:
    harness = WechatHarness(create_test_app(tmp_path / "wechat"))
    harness.provider.clock.stop()
    harness.open_wallet(OPENID, DEBTOR["name"], DEBTOR["id_number"], 100_000)
    yield harness
    harness.provider.ledger.close()


@pytest.fixture
def frozen(wx: WechatHarness) -> WechatHarness:
    assert wx.post("/v3/judicial/freezes", freeze_body(wx.date_in(30), amount_fen=80_000)).status_code == 200
    return wx


def _balance(wx: WechatHarness) -> int:
    with wx.provider.ledger.transaction() as tx:
        return tx.account_view(OPENID).balance


def _paid_out(wx: WechatHarness) -> int:
    with wx.provider.ledger.transaction() as tx:
        return sum(p.amount for p in tx.payouts())


def test_partial_deduction_moves_money_to_the_enforcement_account(frozen: WechatHarness) -> None:
    response = frozen.post(DEDUCTIONS, deduction_body(30_000))
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "SUCCESS"
    assert body["amount"] == {"total": 30_000, "currency": "CNY"}
    assert body["remaining_frozen"] == {"total": 50_000, "currency": "CNY"}
    assert body["deduction_id"].startswith("WXD")
    assert body["enforcement_account"] == "EA-京0101-001"
    assert (_balance(frozen), _paid_out(frozen)) == (70_000, 30_000)


def test_deduction_beyond_what_is_held_is_refused(frozen: WechatHarness) -> None:
    response = frozen.post(DEDUCTIONS, deduction_body(80_001))
    assert response.status_code == 403
    body = response.get_json()
    assert (body["code"], body["detail"]["issue"], body["detail"]["field"]) == (
        "NOT_ENOUGH", "DEDUCT_EXCEED_FROZEN", "/amount/total")
    assert (_balance(frozen), _paid_out(frozen)) == (100_000, 0)


def test_deduction_of_everything_held_ends_the_freeze(frozen: WechatHarness) -> None:
    assert frozen.post(DEDUCTIONS, deduction_body(80_000)).get_json()["remaining_frozen"]["total"] == 0
    freeze = frozen.get("/v3/judicial/freezes/out-freeze-no/FRZ-000001?court_code=京0101").get_json()
    assert (freeze["status"], freeze["deducted_amount"]["total"]) == ("DEDUCTED", 80_000)


def test_another_court_cannot_deduct(frozen: WechatHarness) -> None:
    response = frozen.post(DEDUCTIONS, deduction_body(10_000, court_code="京0105"))
    assert (response.status_code, response.get_json()["code"]) == (404, "RESOURCE_NOT_EXISTS")
    assert _paid_out(frozen) == 0


def test_deduction_from_an_unknown_freeze_is_not_found(frozen: WechatHarness) -> None:
    response = frozen.post(DEDUCTIONS, deduction_body(10_000, out_freeze_no="FRZ-999999"))
    assert (response.status_code, response.get_json()["code"]) == (404, "RESOURCE_NOT_EXISTS")


def test_deduction_from_a_released_freeze_is_refused(frozen: WechatHarness) -> None:
    frozen.post("/v3/judicial/freezes/out-freeze-no/FRZ-000001/release",
                {"out_release_no": "REL-000001", "court_code": "京0101", "document_no": "d"})
    response = frozen.post(DEDUCTIONS, deduction_body(10_000))
    assert (response.status_code, response.get_json()["detail"]["issue"]) == (400, "FREEZE_ENDED")
    assert _paid_out(frozen) == 0


def test_2019_profile_refuses_deduction_online(frozen: WechatHarness) -> None:
    frozen.provider.ledger.set_profile("2019")
    response = frozen.post(DEDUCTIONS, deduction_body(10_000))
    assert response.status_code == 403
    body = response.get_json()
    assert (body["code"], body["detail"]["issue"]) == ("NO_AUTH", "CAPABILITY_NOT_SUPPORTED")
    assert _paid_out(frozen) == 0


def test_retried_deduction_moves_money_once(frozen: WechatHarness) -> None:
    first = frozen.post(DEDUCTIONS, deduction_body(20_000))
    second = frozen.post(DEDUCTIONS, deduction_body(20_000))
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.get_data() == second.get_data()
    assert first.headers["Wechatpay-Nonce"] != second.headers["Wechatpay-Nonce"]
    assert (_balance(frozen), _paid_out(frozen)) == (80_000, 20_000)


def test_second_deduction_under_a_new_number_takes_more(frozen: WechatHarness) -> None:
    frozen.post(DEDUCTIONS, deduction_body(20_000))
    response = frozen.post(DEDUCTIONS, deduction_body(20_000, "DED-000002"))
    assert response.get_json()["remaining_frozen"]["total"] == 40_000
    assert _paid_out(frozen) == 40_000


def test_same_number_with_another_amount_is_a_conflict(frozen: WechatHarness) -> None:
    frozen.post(DEDUCTIONS, deduction_body(20_000))
    response = frozen.post(DEDUCTIONS, deduction_body(25_000))
    assert response.status_code == 400
    body = response.get_json()
    assert body["code"] == "INVALID_REQUEST"
    assert "out_deduction_no was already used with different parameters" in body["message"]
    assert _paid_out(frozen) == 20_000


def test_deduction_can_be_read_back(frozen: WechatHarness) -> None:
    created = frozen.post(DEDUCTIONS, deduction_body(20_000)).get_json()
    response = frozen.get("/v3/judicial/deductions/out-deduction-no/DED-000001?court_code=京0101")
    assert response.status_code == 200
    assert response.get_json() == created


def test_another_court_cannot_read_the_deduction(frozen: WechatHarness) -> None:
    frozen.post(DEDUCTIONS, deduction_body(20_000))
    response = frozen.get("/v3/judicial/deductions/out-deduction-no/DED-000001?court_code=京0105")
    assert (response.status_code, response.get_json()["code"]) == (404, "RESOURCE_NOT_EXISTS")


def test_deduction_from_a_waiting_freeze_is_refused(wx: WechatHarness) -> None:
    wx.post("/v3/judicial/freezes", freeze_body(wx.date_in(30), amount_fen=100_000))
    waiting = wx.post("/v3/judicial/freezes", freeze_body(wx.date_in(30), "FRZ-000002", court_code="京0105",
                                                          amount_fen=50_000))
    assert waiting.get_json()["status"] == "WAITING"
    response = wx.post(DEDUCTIONS, deduction_body(1_000, out_freeze_no="FRZ-000002", court_code="京0105"))
    assert (response.status_code, response.get_json()["detail"]["issue"]) == (400, "FREEZE_NOT_ACTIVE")
