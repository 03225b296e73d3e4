"""The judicial methods of the Alipay-like gateway against the ledger rules of the Alipay profile."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from payment_mocks.ledger.capabilities import PROFILES, Capabilities
from tests.integration.alipay_support import (
    COMPANY,
    DEBTOR,
    NEIGHBOUR,
    Gateway,
    court,
    freeze,
    freeze_biz,
    pay,
    transfer_in,
)

QUERY = "alipay.judicial.account.query"
FREEZE = "alipay.judicial.fund.freeze"
RENEW = "alipay.judicial.fund.freeze.renew"
UNFREEZE = "alipay.judicial.fund.unfreeze"
DEDUCT = "alipay.judicial.fund.deduct"
ORDER = "alipay.judicial.order.query"


@pytest.fixture
def gw(tmp_path: Path) -> Iterator[Gateway]:
    gateway = Gateway(tmp_path)
    yield gateway
    gateway.close()


def query(gw: Gateway, request_no: str, subject: dict[str, str] | None = None, **extra: str) -> dict[str, Any]:
    return gw.node(QUERY, court(request_no, subject=subject or DEBTOR.subject(), **extra))


def test_query_lists_balance_measures_and_transactions(gw: Gateway) -> None:
    freeze(gw, "F1", "300.00", court_code="京0105")
    pay(gw, "T1", "12.50")
    node = query(gw, "Q1", trans_start_date=gw.days_ahead(-1), trans_end_date=gw.days_ahead(0))
    assert node["code"] == "10000"
    (account,) = node["accounts"]
    assert account["user_id"] == DEBTOR.user_id and account["account_name"] == DEBTOR.name
    assert (account["balance"], account["available_amount"]) == ("987.50", "687.50")
    assert account["freeze_status"] == "PARTIAL_FROZEN"
    (measure,) = account["judicial_measures"]
    assert measure["court_name"] == "北京市朝阳区人民法院"
    assert (measure["frozen_amount"], measure["unfrozen_amount"], measure["status"]) == ("300.00", "0.00", "FROZEN")
    assert measure["end_date"] == gw.days_ahead(30)
    assert "freeze_no" not in measure  # another court's freeze number is not shown
    kinds = [(t["trans_type"], t["direction"], t["amount"]) for t in account["transactions"]]
    assert kinds == [("SEED", "IN", "1000.00"), ("PAYMENT", "OUT", "12.50")]


def test_query_without_dates_returns_no_transactions(gw: Gateway) -> None:
    node = query(gw, "Q1")
    assert node["accounts"][0]["transactions"] == []


def test_query_transactions_stay_inside_the_requested_dates(gw: Gateway) -> None:
    gw.advance(timedelta(days=3))
    pay(gw, "T1", "1.00")
    node = query(gw, "Q1", trans_start_date=gw.days_ahead(-1), trans_end_date=gw.days_ahead(0))
    assert [t["trans_type"] for t in node["accounts"][0]["transactions"]] == ["PAYMENT"]


def test_query_shows_own_freeze_numbers_to_the_court_that_placed_them(gw: Gateway) -> None:
    placed = freeze(gw, "F1")
    measure = query(gw, "Q1")["accounts"][0]["judicial_measures"][0]
    assert measure["freeze_no"] == placed["freeze_no"]


def test_query_identity_mismatch_is_refused(gw: Gateway) -> None:
    wrong = {**DEBTOR.subject(), "name": "张四"}
    node = query(gw, "Q1", wrong)
    assert (node["code"], node["sub_code"]) == ("40004", "JUDICIAL.IDENTITY_NOT_MATCH")


def test_query_of_a_company_by_its_credit_code(gw: Gateway) -> None:
    node = query(gw, "Q1", COMPANY.subject())
    assert node["accounts"][0]["balance"] == "20000.00"


def test_freeze_more_than_the_balance_holds_what_is_there(gw: Gateway) -> None:
    node = freeze(gw, "F1", "1500.00")
    assert node["status"] == "FROZEN"
    assert (node["frozen_amount"], node["unfrozen_amount"], node["available_amount"]) == ("1000.00", "500.00", "0.00")
    assert (node["start_date"], node["end_date"]) == (gw.days_ahead(0), gw.days_ahead(30))
    assert node["freeze_no"].startswith("2026") and node["freeze_no"].isdigit()


def test_alipay_does_not_capture_money_that_arrives_after_a_partial_freeze(gw: Gateway) -> None:
    node = freeze(gw, "F1", "1500.00")
    assert transfer_in(gw, "B1", "300.00")["code"] == "10000"
    measure = query(gw, "Q1")["accounts"][0]["judicial_measures"][0]
    assert (measure["frozen_amount"], measure["unfrozen_amount"]) == ("1000.00", "500.00")
    assert gw.view().available == 30_000
    assert pay(gw, "T1", "300.00")["code"] == "10000"
    assert node["freeze_no"] == measure["freeze_no"]


def test_freeze_on_an_account_of_someone_else_is_refused(gw: Gateway) -> None:
    node = gw.node(FREEZE, freeze_biz(gw, "F1", user_id=NEIGHBOUR.user_id))
    assert node["sub_code"] == "JUDICIAL.IDENTITY_NOT_MATCH"


def test_freeze_on_an_unknown_account_is_refused(gw: Gateway) -> None:
    node = gw.node(FREEZE, freeze_biz(gw, "F1", user_id="2088999999999999"))
    assert node["sub_code"] == "JUDICIAL.ACCOUNT_NOT_EXIST"


def test_second_court_waits_in_line_with_its_queue_position(gw: Gateway) -> None:
    freeze(gw, "F1", "1000.00")
    waiting = freeze(gw, "F2", "200.00", court_code="京0105")
    assert (waiting["status"], waiting["queue_position"]) == ("WAITING", 1)
    assert (waiting["frozen_amount"], waiting["unfrozen_amount"]) == ("0.00", "200.00")
    assert "start_date" not in waiting  # its term starts when it takes effect
    (prior,) = waiting["judicial_measures"]
    assert (prior["court_name"], prior["frozen_amount"]) == ("北京市东城区人民法院", "1000.00")


def test_waiting_freeze_takes_effect_when_the_first_is_released(gw: Gateway) -> None:
    first = freeze(gw, "F1", "1000.00")
    waiting = freeze(gw, "F2", "200.00", court_code="京0105")
    gw.advance(timedelta(days=2))
    gw.ok(UNFREEZE, court("U1", freeze_no=first["freeze_no"]))
    measure = query(gw, "Q1", court_code="京0105")["accounts"][0]["judicial_measures"][0]
    assert (measure["freeze_no"], measure["status"], measure["frozen_amount"]) == (waiting["freeze_no"], "FROZEN",
                                                                                   "200.00")
    assert (measure["start_date"], measure["end_date"]) == (gw.days_ahead(0), gw.days_ahead(30))


def test_whole_account_freeze_blocks_every_payment(gw: Gateway) -> None:
    node = freeze(gw, "F1", None)
    assert (node["freeze_type"], node["frozen_amount"], node["available_amount"]) == ("ACCOUNT", "1000.00", "0.00")
    account = query(gw, "Q1")["accounts"][0]
    assert account["freeze_status"] == "ALL_FROZEN"


def test_renew_before_expiry_moves_the_end_date(gw: Gateway) -> None:
    placed = freeze(gw, "F1", days=30)
    gw.advance(timedelta(days=29))
    node = gw.ok(RENEW, court("N1", freeze_no=placed["freeze_no"], new_end_date=gw.days_ahead(100)))
    assert (node["status"], node["end_date"]) == ("FROZEN", gw.days_ahead(100))
    gw.advance(timedelta(days=50))
    assert gw.view().available == 50_000  # still held past the original end date


def test_renew_after_expiry_is_refused(gw: Gateway) -> None:
    placed = freeze(gw, "F1", days=30)
    gw.advance(timedelta(days=31))
    node = gw.node(RENEW, court("N1", freeze_no=placed["freeze_no"], new_end_date=gw.days_ahead(100)))
    assert (node["code"], node["sub_code"]) == ("40004", "JUDICIAL.FREEZE_EXPIRED")
    assert gw.view().available == 100_000  # the freeze lapsed on its own


def test_renew_more_than_a_year_past_the_current_end_is_refused(gw: Gateway) -> None:
    placed = freeze(gw, "F1", days=30)
    node = gw.node(RENEW, court("N1", freeze_no=placed["freeze_no"], new_end_date=gw.days_ahead(30 + 366)))
    assert node["sub_code"] == "JUDICIAL.TERM_INVALID"


def test_renew_by_another_court_is_refused(gw: Gateway) -> None:
    placed = freeze(gw, "F1")
    node = gw.node(RENEW, court("N1", "京0105", freeze_no=placed["freeze_no"], new_end_date=gw.days_ahead(60)))
    assert node["sub_code"] == "JUDICIAL.NOT_FREEZE_OWNER"


def test_unfreeze_releases_the_money(gw: Gateway) -> None:
    placed = freeze(gw, "F1", "400.00")
    node = gw.ok(UNFREEZE, court("U1", freeze_no=placed["freeze_no"]))
    assert (node["status"], node["released_amount"], node["available_amount"]) == ("UNFROZEN", "400.00", "1000.00")
    again = gw.node(UNFREEZE, court("U2", freeze_no=placed["freeze_no"]))
    assert again["sub_code"] == "JUDICIAL.FREEZE_ENDED"


def test_unfreeze_of_an_unknown_freeze_is_refused(gw: Gateway) -> None:
    node = gw.node(UNFREEZE, court("U1", freeze_no="20269999999999"))
    assert node["sub_code"] == "JUDICIAL.FREEZE_NOT_EXIST"


def test_deduct_moves_part_of_the_frozen_money(gw: Gateway) -> None:
    placed = freeze(gw, "F1", "500.00")
    node = gw.ok(DEDUCT, court("D1", freeze_no=placed["freeze_no"], amount="200.00", enforcement_account="EA-京0101"))
    assert (node["amount"], node["frozen_amount"], node["status"]) == ("200.00", "300.00", "FROZEN")
    assert len(node["deduct_no"]) == 28 and node["deduct_no"].isdigit()
    assert (gw.view().balance, gw.view().available) == (80_000, 50_000)


def test_deduct_of_everything_held_ends_the_freeze(gw: Gateway) -> None:
    placed = freeze(gw, "F1", "500.00")
    node = gw.ok(DEDUCT, court("D1", freeze_no=placed["freeze_no"], amount="500.00", enforcement_account="EA-1"))
    assert (node["frozen_amount"], node["status"]) == ("0.00", "DEDUCTED")


def test_deduct_more_than_the_freeze_holds_is_refused(gw: Gateway) -> None:
    placed = freeze(gw, "F1", "500.00")
    before = gw.snapshot()
    node = gw.node(DEDUCT, court("D1", freeze_no=placed["freeze_no"], amount="500.01", enforcement_account="EA-1"))
    assert (node["code"], node["sub_code"]) == ("40004", "JUDICIAL.DEDUCT_EXCEED_FROZEN")
    assert gw.snapshot()[:2] == before[:2]


def test_deduct_from_another_courts_freeze_is_refused(gw: Gateway) -> None:
    placed = freeze(gw, "F1", "500.00")
    node = gw.node(DEDUCT, court("D1", "京0105", freeze_no=placed["freeze_no"], amount="1.00",
                                 enforcement_account="EA-1"))
    assert node["sub_code"] == "JUDICIAL.NOT_FREEZE_OWNER"
    assert gw.view().balance == 100_000


def test_deduct_from_a_waiting_freeze_is_refused(gw: Gateway) -> None:
    freeze(gw, "F1", "1000.00")
    waiting = freeze(gw, "F2", "100.00", court_code="京0105")
    node = gw.node(DEDUCT, court("D1", "京0105", freeze_no=waiting["freeze_no"], amount="1.00",
                                 enforcement_account="EA-1"))
    assert node["sub_code"] == "JUDICIAL.FREEZE_NOT_ACTIVE"


def test_order_query_returns_the_stored_outcome(gw: Gateway) -> None:
    placed = freeze(gw, "F1", "500.00")
    node = gw.ok(ORDER, {"out_request_no": "F1"})
    assert node["original_method"] == FREEZE
    assert node["original_response"] == placed


def test_order_query_returns_a_stored_business_refusal(gw: Gateway) -> None:
    gw.node(FREEZE, freeze_biz(gw, "F1", user_id="2088999999999999"))
    node = gw.ok(ORDER, {"out_request_no": "F1"})
    assert node["original_response"]["sub_code"] == "JUDICIAL.ACCOUNT_NOT_EXIST"


def test_order_query_of_a_request_never_received(gw: Gateway) -> None:
    node = gw.node(ORDER, {"out_request_no": "NEVER"})
    assert (node["code"], node["sub_code"]) == ("40004", "JUDICIAL.ORDER_NOT_EXIST")


def test_restriction_can_be_created_and_cancelled(gw: Gateway) -> None:
    created = gw.ok("alipay.judicial.restriction.create", court("X1", subject=DEBTOR.subject()))
    assert created["status"] == "EFFECTIVE" and "air_travel" in created["categories"]
    listed = query(gw, "Q1")["restrictions"]
    assert [r["restriction_no"] for r in listed] == [created["restriction_no"]]
    cancelled = gw.ok("alipay.judicial.restriction.cancel", court("X2", restriction_no=created["restriction_no"]))
    assert cancelled["status"] == "CANCELLED"


def test_restriction_cancel_by_another_court_is_refused(gw: Gateway) -> None:
    created = gw.ok("alipay.judicial.restriction.create", court("X1", subject=DEBTOR.subject()))
    node = gw.node("alipay.judicial.restriction.cancel",
                   court("X2", "京0105", restriction_no=created["restriction_no"]))
    assert node["sub_code"] == "JUDICIAL.NOT_RESTRICTION_OWNER"


def test_restriction_cancel_of_an_unknown_order_is_refused(gw: Gateway) -> None:
    node = gw.node("alipay.judicial.restriction.cancel", court("X1", restriction_no="2026010141000000000000000009"))
    assert node["sub_code"] == "JUDICIAL.RESTRICTION_NOT_EXIST"


def test_a_profile_without_renewal_answers_insufficient_permissions(gw: Gateway,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    placed = freeze(gw, "F1")
    monkeypatch.setitem(PROFILES["alipay"], "no-renewal", Capabilities(capture_credits=False, renewal=False))
    gw.provider.ledger.set_profile("no-renewal")
    node = gw.node(RENEW, court("N1", freeze_no=placed["freeze_no"], new_end_date=gw.days_ahead(60)))
    assert (node["code"], node["sub_code"]) == ("40006", "isv.insufficient-isv-permissions")
