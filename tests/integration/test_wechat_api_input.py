"""Bad input gets a 4xx in the v3 shape, {code, message, detail}, and changes nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from payment_mocks.wechat.testkit import DEBTOR, OPENID, WechatHarness, create_test_app, freeze_body

FREEZES = "/v3/judicial/freezes"


@pytest.fixture
def wx(tmp_path: Path) -> Iterator[WechatHarness]:
    harness = WechatHarness(create_test_app(tmp_path / "wechat", max_body_bytes=4_096))
    harness.provider.clock.stop()
    harness.open_wallet(OPENID, DEBTOR["name"], DEBTOR["id_number"], 100_000)
    yield harness
    harness.provider.ledger.close()


def _assert_nothing_changed(wx: WechatHarness) -> None:
    with wx.provider.ledger.transaction() as tx:
        assert tx.freezes_on(OPENID, include_ended=True) == []
        assert tx.account_view(OPENID).balance == 100_000
    # no answer was stored for the key: a valid request with it goes through
    assert wx.post(FREEZES, freeze_body(wx.date_in(30))).status_code == 200


def _error(response: Any, status: int, code: str = "PARAM_ERROR") -> dict[str, Any]:
    assert response.status_code == status, response.get_data()
    body: dict[str, Any] = response.get_json()
    assert body["code"] == code
    assert body["message"]
    return body


def _with(wx: WechatHarness, path: tuple[str, ...], value: Any) -> dict[str, Any]:
    body = freeze_body(wx.date_in(30))
    target = body
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return body


@pytest.mark.parametrize("total", [-1, 0, 12.5, "100", True, 10_000_000_001])
def test_bad_amount_total_is_refused(wx: WechatHarness, total: Any) -> None:
    body = _error(wx.post(FREEZES, _with(wx, ("amount", "total"), total)), 400)
    assert body["detail"]["field"] == "/amount/total"
    assert body["detail"]["value"] == total
    assert body["detail"]["location"] == "body"
    _assert_nothing_changed(wx)


def test_currency_other_than_cny_is_refused(wx: WechatHarness) -> None:
    body = _error(wx.post(FREEZES, _with(wx, ("amount", "currency"), "USD")), 400)
    assert (body["detail"]["field"], body["detail"]["value"]) == ("/amount/currency", "USD")
    _assert_nothing_changed(wx)


@pytest.mark.parametrize("out_no", ["FRZ-1", "F" * 33, "FRZ 000001", "FRZ#000001", "冻结-000001", "FRZ-000001\n"])
def test_bad_out_freeze_no_is_refused(wx: WechatHarness, out_no: str) -> None:
    body = _error(wx.post(FREEZES, _with(wx, ("out_freeze_no",), out_no)), 400)
    assert body["detail"]["field"] == "/out_freeze_no"
    _assert_nothing_changed(wx)


def test_bad_id_check_character_is_refused(wx: WechatHarness) -> None:
    body = _error(wx.post(FREEZES, _with(wx, ("subject", "id_number"), "110105194912310021")), 400)
    assert body["detail"]["field"] == "/subject/id_number"
    assert "check character" in body["detail"]["issue"]
    _assert_nothing_changed(wx)


@pytest.mark.parametrize("end_date", ["2026-02-30", "next year", "2026/12/31", 20261231])
def test_bad_date_is_refused(wx: WechatHarness, end_date: Any) -> None:
    body = _error(wx.post(FREEZES, _with(wx, ("end_date",), end_date)), 400)
    assert body["detail"]["field"] == "/end_date"
    _assert_nothing_changed(wx)


def test_term_over_365_days_is_refused(wx: WechatHarness) -> None:
    body = _error(wx.post(FREEZES, _with(wx, ("end_date",), wx.date_in(400))), 400)
    assert "365" in body["detail"]["issue"]
    _assert_nothing_changed(wx)


def test_unknown_field_is_refused(wx: WechatHarness) -> None:
    body = _error(wx.post(FREEZES, _with(wx, ("priority",), "high")), 400)
    assert body["detail"] == {"field": "/priority", "value": "high",
                              "issue": "unknown field; this request does not take it", "location": "body"}
    _assert_nothing_changed(wx)


def test_missing_field_is_refused(wx: WechatHarness) -> None:
    body = freeze_body(wx.date_in(30))
    del body["court"]
    assert _error(wx.post(FREEZES, body), 400)["detail"]["field"] == "/court"
    _assert_nothing_changed(wx)


@pytest.mark.parametrize("raw", [b'{"out_freeze_no": ', b"[1, 2]", b'{"a": 1, "a": 2}', b'{"a": NaN}',
                                 b"\xff\xfe{}", b""])
def test_malformed_json_is_refused(wx: WechatHarness, raw: bytes) -> None:
    body = _error(wx.post(FREEZES, raw), 400)
    assert body["detail"]["field"] == "/"
    _assert_nothing_changed(wx)


def test_wrong_content_type_is_refused(wx: WechatHarness) -> None:
    raw = json.dumps(freeze_body(wx.date_in(30))).encode()
    body = _error(wx.post(FREEZES, raw, content_type="text/plain"), 415)
    assert (body["detail"]["field"], body["detail"]["location"]) == ("Content-Type", "header")
    _assert_nothing_changed(wx)


def test_json_with_charset_is_accepted(wx: WechatHarness) -> None:
    raw = json.dumps(freeze_body(wx.date_in(30))).encode()
    assert wx.post(FREEZES, raw, content_type="application/json; charset=utf-8").status_code == 200


def test_oversized_body_is_refused(wx: WechatHarness) -> None:
    body = freeze_body(wx.date_in(30))
    body["judge"] = "王" * 5_000
    response = wx.post(FREEZES, body)
    assert response.status_code == 413
    assert response.get_json()["code"] == "PARAM_ERROR"
    assert "Wechatpay-Signature" in response.headers
    _assert_nothing_changed(wx)


def test_bad_path_parameter_is_refused(wx: WechatHarness) -> None:
    body = _error(wx.get("/v3/judicial/freezes/out-freeze-no/BAD!NO?court_code=京0101"), 400)
    assert (body["detail"]["field"], body["detail"]["location"]) == ("out_freeze_no", "path")


def test_missing_query_parameter_is_refused(wx: WechatHarness) -> None:
    body = _error(wx.get("/v3/judicial/freezes/out-freeze-no/FRZ-000001"), 400)
    assert (body["detail"]["field"], body["detail"]["location"]) == ("court_code", "query")


def test_repeated_query_parameter_is_refused(wx: WechatHarness) -> None:
    body = _error(wx.get("/v3/judicial/freezes/out-freeze-no/FRZ-000001?court_code=a&court_code=b"), 400)
    assert body["detail"]["field"] == "court_code"


def test_unknown_query_parameter_is_refused(wx: WechatHarness) -> None:
    body = _error(wx.get("/v3/judicial/freezes/out-freeze-no/FRZ-000001?court_code=a&page=2"), 400)
    assert body["detail"]["field"] == "page"


def test_unknown_path_is_resource_not_exists(wx: WechatHarness) -> None:
    _error(wx.get("/v3/judicial/nothing-here"), 404, "RESOURCE_NOT_EXISTS")


def test_wrong_method_is_refused(wx: WechatHarness) -> None:
    _error(wx.get(FREEZES), 405, "INVALID_REQUEST")


def test_bad_openid_in_path_is_refused(wx: WechatHarness) -> None:
    body = _error(wx.get("/v3/wallet/balances/o!"), 400)
    assert body["detail"]["location"] == "path"


def test_bad_restriction_id_is_refused(wx: WechatHarness) -> None:
    body = _error(wx.post("/v3/judicial/restrictions/42/lift", {"out_lift_no": "LFT-000001", "court_code": "x"}),
                  400)
    assert body["detail"]["field"] == "restriction_id"


def test_unknown_restricted_category_is_refused(wx: WechatHarness) -> None:
    body = freeze_body(wx.date_in(30))
    request = {k: body[k] for k in ("court", "judge", "case_no", "document_no", "subject")}
    request |= {"out_restriction_no": "RST-000001", "categories": ["grocery"]}
    assert _error(wx.post("/v3/judicial/restrictions", request), 400)["detail"]["field"] == "/categories/0"


def test_deeply_nested_json_is_refused(wx: WechatHarness) -> None:
    body = _error(wx.post(FREEZES, b"[" * 2_000 + b"]" * 2_000), 400)
    assert body["detail"]["field"] == "/"
