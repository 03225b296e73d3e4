"""alipay.judicial.fund.freeze.query: one of the court's own freezes as it stands now, whatever became of it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.integration.alipay_support import Gateway, court, freeze

FREEZE_QUERY = "alipay.judicial.fund.freeze.query"
UNFREEZE = "alipay.judicial.fund.unfreeze"
DEDUCT = "alipay.judicial.fund.deduct"


@pytest.fixture
def gw(tmp_path: Path) -> Iterator[Gateway]:
    gateway = Gateway(tmp_path)
    yield gateway
    gateway.close()


def test_freeze_query_shows_a_freeze_in_force(gw: Gateway) -> None:
    placed = freeze(gw, "F1", "300.00")
    node = gw.ok(FREEZE_QUERY, {"court_code": "京0101", "freeze_no": placed["freeze_no"]})
    assert (node["status"], node["frozen_amount"], node["end_date"]) == ("FROZEN", "300.00", gw.days_ahead(30))
    assert "out_request_no" not in node


def test_freeze_query_follows_a_waiting_freeze_into_force(gw: Gateway) -> None:
    first = freeze(gw, "F1", "1000.00")
    waiting = freeze(gw, "F2", "200.00", court_code="京0105")
    before = gw.ok(FREEZE_QUERY, {"court_code": "京0105", "freeze_no": waiting["freeze_no"]})
    assert (before["status"], before["queue_position"]) == ("WAITING", 1)
    gw.ok(UNFREEZE, court("U1", freeze_no=first["freeze_no"]))
    after = gw.ok(FREEZE_QUERY, {"court_code": "京0105", "freeze_no": waiting["freeze_no"]})
    assert (after["status"], after["frozen_amount"], after["start_date"]) == ("FROZEN", "200.00", gw.days_ahead(0))
    assert "queue_position" not in after


def test_freeze_query_reports_a_lapsed_freeze(gw: Gateway) -> None:
    placed = freeze(gw, "F1", "300.00", days=5)
    gw.advance(timedelta(days=6))
    node = gw.ok(FREEZE_QUERY, {"court_code": "京0101", "freeze_no": placed["freeze_no"]})
    assert (node["status"], node["frozen_amount"]) == ("EXPIRED", "0.00")


def test_freeze_query_reports_a_released_freeze(gw: Gateway) -> None:
    placed = freeze(gw, "F1", "300.00")
    gw.ok(UNFREEZE, court("U1", freeze_no=placed["freeze_no"]))
    node = gw.ok(FREEZE_QUERY, {"court_code": "京0101", "freeze_no": placed["freeze_no"]})
    assert node["status"] == "UNFROZEN"


def test_freeze_query_reports_a_fully_deducted_freeze(gw: Gateway) -> None:
    placed = freeze(gw, "F1", "300.00")
    gw.ok(DEDUCT, court("D1", freeze_no=placed["freeze_no"], amount="300.00", enforcement_account="1100101"))
    node = gw.ok(FREEZE_QUERY, {"court_code": "京0101", "freeze_no": placed["freeze_no"]})
    assert (node["status"], node["deducted_amount"]) == ("DEDUCTED", "300.00")


def test_freeze_query_by_another_court_is_refused(gw: Gateway) -> None:
    placed = freeze(gw, "F1", "300.00")
    node = gw.node(FREEZE_QUERY, {"court_code": "京0105", "freeze_no": placed["freeze_no"]})
    assert (node["code"], node["sub_code"]) == ("40004", "JUDICIAL.NOT_FREEZE_OWNER")


def test_freeze_query_of_an_unknown_freeze_is_refused(gw: Gateway) -> None:
    node = gw.node(FREEZE_QUERY, {"court_code": "京0101", "freeze_no": "20269999999999"})
    assert (node["code"], node["sub_code"]) == ("40004", "JUDICIAL.FREEZE_NOT_EXIST")


def test_freeze_query_stores_nothing(gw: Gateway) -> None:
    placed = freeze(gw, "F1", "300.00")
    before = gw.snapshot()
    gw.ok(FREEZE_QUERY, {"court_code": "京0101", "freeze_no": placed["freeze_no"]})
    assert gw.snapshot() == before


def test_freeze_query_without_a_court_code_is_missing_an_argument(gw: Gateway) -> None:
    node = gw.node(FREEZE_QUERY, {"freeze_no": "20260000000001"})
    assert (node["code"], node["sub_code"]) == ("40001", "isv.missing-court-code")
