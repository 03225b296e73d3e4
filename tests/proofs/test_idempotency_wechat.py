"""Every mutating POST of the WeChat-like v3 API: the same out_*_no with another body is refused in the dialect's
shape (400 INVALID_REQUEST, detail.issue REQUEST_NO_CONFLICT) and changes nothing; the same body is answered byte
for byte and moves nothing more."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from payment_mocks.wechat.testkit import OPENID, WechatHarness, create_test_app, freeze_body, query_body

Request = tuple[str, dict[str, Any], dict[str, Any]]
FREEZES = "/v3/judicial/freezes"


@dataclass(frozen=True)
class Call:
    name: str
    build: Callable[[WechatHarness], Request]


def _placed(wx: WechatHarness) -> str:
    assert wx.post(FREEZES, freeze_body(wx.date_in(30), "FRZ-000009", amount_fen=50_000)).status_code == 200
    return f"{FREEZES}/out-freeze-no/FRZ-000009"


def _renew(wx: WechatHarness) -> Request:
    path = _placed(wx) + "/renew"
    return (path, {"out_renew_no": "RNW-000001", "court_code": "京0101", "end_date": wx.date_in(60)},
            {"out_renew_no": "RNW-000001", "court_code": "京0101", "end_date": wx.date_in(90)})


def _release(wx: WechatHarness) -> Request:
    path = _placed(wx) + "/release"
    return (path, {"out_release_no": "REL-000001", "court_code": "京0101", "document_no": "解冻A"},
            {"out_release_no": "REL-000001", "court_code": "京0101", "document_no": "解冻B"})


def _deduction(amount: int) -> dict[str, Any]:
    return {"out_deduction_no": "DED-000001", "court_code": "京0101", "out_freeze_no": "FRZ-000009",
            "amount": {"total": amount, "currency": "CNY"}, "document_no": "扣划裁定", "enforcement_account": "EA-1"}


def _deduct(wx: WechatHarness) -> Request:
    _placed(wx)
    return "/v3/judicial/deductions", _deduction(10_000), _deduction(20_000)


def _restriction(no: str, categories: list[str]) -> dict[str, Any]:
    body = query_body()
    del body["out_query_no"]
    return {**body, "out_restriction_no": no, "categories": categories}


def _lift(wx: WechatHarness) -> Request:
    published = wx.post("/v3/judicial/restrictions", _restriction("RST-000009", ["air_travel"]))
    assert published.status_code == 200, published.get_json()
    path = f"/v3/judicial/restrictions/{published.get_json()['restriction_id']}/lift"
    return (path, {"out_lift_no": "LFT-000001", "court_code": "京0101", "document_no": "解除A"},
            {"out_lift_no": "LFT-000001", "court_code": "京0101", "document_no": "解除B"})


def _payment(amount: int) -> dict[str, Any]:
    return {"out_trade_no": "PAY-000001", "openid": OPENID, "amount": {"total": amount, "currency": "CNY"},
            "description": "一笔消费", "merchant_category": "food"}


def _transfer(amount: int) -> dict[str, Any]:
    return {"out_bill_no": "BILL-000001", "openid": OPENID, "amount": {"total": amount, "currency": "CNY"}}


CALLS = (
    Call("account query", lambda wx: ("/v3/judicial/account-queries", query_body(),
                                      query_body(transactions=("2026-01-01", "2026-01-31")))),
    Call("freeze", lambda wx: (FREEZES, freeze_body(wx.date_in(30), amount_fen=1_000),
                               freeze_body(wx.date_in(30), amount_fen=2_000))),
    Call("renew", _renew),
    Call("release", _release),
    Call("deduction", _deduct),
    Call("restriction", lambda wx: ("/v3/judicial/restrictions", _restriction("RST-000001", ["air_travel"]),
                                    _restriction("RST-000001", ["g_train"]))),
    Call("restriction lift", _lift),
    Call("payment", lambda wx: ("/v3/wallet/payments", _payment(1_000), _payment(2_000))),
    Call("transfer in", lambda wx: ("/v3/wallet/transfers-in", _transfer(1_000), _transfer(2_000))),
)
IDS = [c.name for c in CALLS]


@pytest.fixture
def wx(tmp_path: Path) -> Iterator[WechatHarness]:
    harness = WechatHarness(create_test_app(tmp_path / "wechat"))
    harness.provider.clock.stop()
    harness.open_wallet(OPENID, "李明", "11010519491231002X", 100_000)
    yield harness
    harness.provider.ledger.close()


def snapshot(wx: WechatHarness) -> tuple[Any, ...]:
    """The wallet, its movements, and how many freezes, payouts, orders and stored answers exist."""
    with wx.provider.ledger.transaction() as tx:
        counts = [tx.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                  for t in ("freezes", "payouts", "restrictions", "replies")]
        return tx.account_view(OPENID), len(tx.movements(OPENID)), counts


@pytest.mark.parametrize("call", CALLS, ids=IDS)
def test_a_replay_answers_the_same_bytes_and_moves_nothing_more(wx: WechatHarness, call: Call) -> None:
    path, body, _ = call.build(wx)
    first = wx.post(path, body)
    assert first.status_code in (200, 204), first.get_json()
    after_first = snapshot(wx)
    again = wx.post(path, body)
    assert (again.status_code, again.get_data()) == (first.status_code, first.get_data())
    assert snapshot(wx) == after_first


@pytest.mark.parametrize("call", CALLS, ids=IDS)
def test_the_same_number_with_another_body_is_refused_and_changes_nothing(wx: WechatHarness, call: Call) -> None:
    path, body, other = call.build(wx)
    assert wx.post(path, body).status_code in (200, 204)
    before = snapshot(wx)
    refused = wx.post(path, other)
    assert refused.status_code == 400
    answer = refused.get_json()
    assert (answer["code"], answer["detail"]["issue"]) == ("INVALID_REQUEST", "REQUEST_NO_CONFLICT")
    assert snapshot(wx) == before
