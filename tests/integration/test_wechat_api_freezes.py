"""Freezes: partial freezes and captures by profile, waiting freezes, renewal, release, whole-account freezes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from payment_mocks.wechat.signing import verify_response
from payment_mocks.wechat.testkit import DEBTOR, OPENID, WechatHarness, create_test_app, freeze_body, payment_body

FREEZES = "/v3/judicial/freezes"
BY_NO = "/v3/judicial/freezes/out-freeze-no/"


@pytest.fixture
def wx(tmp_path: Path) -> Iterator[WechatHarness]:
    harness = WechatHarness(create_test_app(tmp_path / "wechat"))
    harness.provider.clock.stop()
    harness.open_wallet(OPENID, DEBTOR["name"], DEBTOR["id_number"], 100_000)
    yield harness
    harness.provider.ledger.close()


def _freeze(wx: WechatHarness, **kwargs: Any) -> dict[str, Any]:
    response = wx.post(FREEZES, freeze_body(kwargs.pop("end_date", wx.date_in(30)), **kwargs))
    assert response.status_code == 200, response.get_json()
    body: dict[str, Any] = response.get_json()
    return body


def _get(wx: WechatHarness, out_freeze_no: str = "FRZ-000001", court_code: str = "京0101") -> dict[str, Any]:
    response = wx.get(f"{BY_NO}{out_freeze_no}?court_code={court_code}")
    assert response.status_code == 200, response.get_json()
    body: dict[str, Any] = response.get_json()
    return body


def _credit(wx: WechatHarness, fen: int, out_bill_no: str = "BILL-000001") -> dict[str, Any]:
    body: dict[str, Any] = wx.post("/v3/wallet/transfers-in", {"out_bill_no": out_bill_no, "openid": OPENID,
                                                               "amount": {"total": fen}}).get_json()
    return body


def test_freeze_larger_than_balance_freezes_what_is_there(wx: WechatHarness) -> None:
    freeze = _freeze(wx, amount_fen=150_000)
    assert freeze["status"] == "FROZEN"
    assert freeze["frozen_amount"] == {"total": 100_000, "currency": "CNY"}
    assert freeze["unfrozen_amount"] == {"total": 50_000, "currency": "CNY"}
    assert freeze["freeze_id"].startswith("WXF")
    assert (freeze["start_date"], freeze["end_date"], freeze["term_days"]) == (wx.date_in(0), wx.date_in(30), 30)


def test_current_profile_captures_a_later_transfer_in(wx: WechatHarness) -> None:
    _freeze(wx, amount_fen=150_000)
    credit = _credit(wx, 70_000)
    assert credit["captured_by_freezes"]["total"] == 50_000
    assert credit["available"]["total"] == 20_000
    freeze = _get(wx)
    assert (freeze["frozen_amount"]["total"], freeze["unfrozen_amount"]["total"]) == (150_000, 0)


def test_2019_profile_freezes_only_the_balance_and_captures_nothing(wx: WechatHarness) -> None:
    wx.provider.ledger.set_profile("2019")
    freeze = _freeze(wx, amount_fen=150_000)
    assert freeze["captures_credits"] is False
    credit = _credit(wx, 70_000)
    assert credit["captured_by_freezes"]["total"] == 0
    assert credit["available"]["total"] == 70_000
    assert _get(wx)["frozen_amount"]["total"] == 100_000


def test_second_court_waits_in_line_and_sees_the_prior_measure(wx: WechatHarness) -> None:
    first = _freeze(wx, amount_fen=100_000)
    second = _freeze(wx, out_freeze_no="FRZ-000002", court_code="京0105", amount_fen=40_000)
    assert second["status"] == "WAITING"
    assert second["queue_position"] == 1
    assert second["frozen_amount"]["total"] == 0
    assert "start_date" not in second
    [prior] = second["measures"]
    assert prior["freeze_id"] == first["freeze_id"]
    assert prior["court"]["code"] == "京0101"


def test_waiting_freeze_takes_effect_when_the_first_is_released(wx: WechatHarness) -> None:
    _freeze(wx, amount_fen=100_000)
    _freeze(wx, out_freeze_no="FRZ-000002", court_code="京0105", amount_fen=40_000)
    wx.provider.clock.advance(timedelta(days=2))
    release = wx.post(f"{BY_NO}FRZ-000001/release", {"out_release_no": "REL-000001", "court_code": "京0101",
                                                     "document_no": "（2026）京0101执123号之三"})
    assert release.status_code == 204
    second = _get(wx, "FRZ-000002", "京0105")
    assert second["status"] == "FROZEN"
    assert second["frozen_amount"]["total"] == 40_000
    assert second["start_date"] == wx.date_in(0)  # its term starts when it takes effect
    assert _get(wx)["status"] == "RELEASED"


def test_release_answers_a_signed_204(wx: WechatHarness) -> None:
    _freeze(wx)
    response = wx.post(f"{BY_NO}FRZ-000001/release", {"out_release_no": "REL-000001", "court_code": "京0101",
                                                      "document_no": "（2026）京0101执123号之三"})
    assert response.status_code == 204
    assert response.get_data() == b""
    verify_response(response.headers, b"", public_key=wx.provider.keys.private_key.public_key(),
                    serial=wx.provider.keys.serial, now_s=wx.now_s())


def test_release_by_another_court_is_not_found_and_changes_nothing(wx: WechatHarness) -> None:
    _freeze(wx)
    response = wx.post(f"{BY_NO}FRZ-000001/release", {"out_release_no": "REL-000001", "court_code": "京0105",
                                                      "document_no": "d"})
    assert response.status_code == 404
    assert response.get_json()["code"] == "RESOURCE_NOT_EXISTS"
    assert _get(wx)["status"] == "FROZEN"


def test_another_court_cannot_read_the_freeze(wx: WechatHarness) -> None:
    _freeze(wx)
    response = wx.get(f"{BY_NO}FRZ-000001?court_code=京0105")
    assert response.status_code == 404


def test_renew_before_expiry_moves_the_end_date(wx: WechatHarness) -> None:
    _freeze(wx)
    wx.provider.clock.advance(timedelta(days=20))
    response = wx.post(f"{BY_NO}FRZ-000001/renew", {"out_renew_no": "RNW-000001", "court_code": "京0101",
                                                    "end_date": wx.date_in(100)})
    assert response.status_code == 200
    renewed = response.get_json()
    assert (renewed["end_date"], renewed["renewals"], renewed["status"]) == (wx.date_in(100), 1, "FROZEN")
    wx.provider.clock.advance(timedelta(days=50))
    assert _get(wx)["status"] == "FROZEN"


def test_freeze_lapses_at_its_end_date(wx: WechatHarness) -> None:
    _freeze(wx)
    wx.provider.clock.advance(timedelta(days=31))
    freeze = _get(wx)
    assert freeze["status"] == "EXPIRED"
    assert freeze["frozen_amount"]["total"] == 0


def test_renew_after_expiry_is_refused(wx: WechatHarness) -> None:
    _freeze(wx)
    wx.provider.clock.advance(timedelta(days=31))
    response = wx.post(f"{BY_NO}FRZ-000001/renew", {"out_renew_no": "RNW-000001", "court_code": "京0101",
                                                    "end_date": wx.date_in(30)})
    assert response.status_code == 400
    body = response.get_json()
    assert (body["code"], body["detail"]["issue"]) == ("INVALID_REQUEST", "FREEZE_EXPIRED")
    assert _get(wx)["status"] == "EXPIRED"


@pytest.mark.parametrize("days_past_end", [0, -5, 366])
def test_renewal_end_date_must_be_1_to_365_days_past_the_current_one(wx: WechatHarness, days_past_end: int) -> None:
    _freeze(wx)
    response = wx.post(f"{BY_NO}FRZ-000001/renew", {"out_renew_no": "RNW-000001", "court_code": "京0101",
                                                    "end_date": wx.date_in(30 + days_past_end)})
    assert response.status_code == 400
    assert response.get_json()["detail"]["field"] == "/end_date"
    assert _get(wx)["renewals"] == 0


def test_renewing_a_waiting_freeze_is_refused(wx: WechatHarness) -> None:
    _freeze(wx, amount_fen=100_000)
    _freeze(wx, out_freeze_no="FRZ-000002", court_code="京0105", amount_fen=40_000)
    response = wx.post(f"{BY_NO}FRZ-000002/renew", {"out_renew_no": "RNW-000001", "court_code": "京0105",
                                                    "end_date": wx.date_in(60)})
    assert (response.status_code, response.get_json()["detail"]["issue"]) == (400, "FREEZE_NOT_ACTIVE")


def test_whole_account_freeze_blocks_payments_but_not_credits(wx: WechatHarness) -> None:
    freeze = _freeze(wx, mode="ACCOUNT", amount_fen=None)
    assert (freeze["mode"], freeze["status"], freeze["frozen_amount"]["total"]) == ("ACCOUNT", "FROZEN", 100_000)
    refused = wx.post("/v3/wallet/payments", payment_body(100))
    assert refused.status_code == 403
    assert refused.get_json()["code"] == "RULE_LIMIT"
    assert "frozen as a whole" in refused.get_json()["message"]
    assert _credit(wx, 5_000)["balance"]["total"] == 105_000


def test_2019_profile_cannot_freeze_a_whole_account(wx: WechatHarness) -> None:
    wx.provider.ledger.set_profile("2019")
    response = wx.post(FREEZES, freeze_body(wx.date_in(30), mode="ACCOUNT", amount_fen=None))
    assert response.status_code == 403
    assert (response.get_json()["code"], response.get_json()["detail"]["issue"]) == (
        "NO_AUTH", "CAPABILITY_NOT_SUPPORTED")


def test_freeze_with_a_wrong_name_is_refused(wx: WechatHarness) -> None:
    response = wx.post(FREEZES, freeze_body(wx.date_in(30), subject=DEBTOR | {"name": "李四"}))
    assert (response.status_code, response.get_json()["code"]) == (403, "RULE_LIMIT")


def test_freeze_of_someone_elses_wallet_is_refused(wx: WechatHarness) -> None:
    wx.open_wallet("oOtherPerson0000000000000001", "张三", "440524188001010014", 5_000)
    response = wx.post(FREEZES, freeze_body(wx.date_in(30), openid="oOtherPerson0000000000000001"))
    assert (response.status_code, response.get_json()["code"]) == (403, "RULE_LIMIT")
    assert "does not belong" in response.get_json()["message"]


def test_freeze_of_an_unknown_wallet_is_not_found(wx: WechatHarness) -> None:
    response = wx.post(FREEZES, freeze_body(wx.date_in(30), openid="oNoSuchWallet00000000000001"))
    assert (response.status_code, response.get_json()["code"]) == (404, "RESOURCE_NOT_EXISTS")
    assert response.get_json()["detail"]["field"] == "/openid"


@pytest.mark.parametrize("days", [0, -1, 366])
def test_freeze_term_must_be_1_to_365_days(wx: WechatHarness, days: int) -> None:
    response = wx.post(FREEZES, freeze_body(wx.date_in(days)))
    assert response.status_code == 400
    assert response.get_json()["detail"] == {"field": "/end_date", "value": wx.date_in(days),
                                             "issue": response.get_json()["detail"]["issue"], "location": "body"}
    assert wx.post(FREEZES, freeze_body(wx.date_in(30))).status_code == 200  # nothing was stored for the key


def test_freeze_of_365_days_is_accepted(wx: WechatHarness) -> None:
    assert _freeze(wx, end_date=wx.date_in(365))["term_days"] == 365
