"""The figures the summary shows: per provider, and their totals."""

from __future__ import annotations

from court_node.demo.table import summary_rows
from court_node.demo.tally import Figures, Tally
from tests.unit.court.demo.stories import summary


def test_what_is_still_held_is_what_was_frozen_less_what_left_the_freezes() -> None:
    assert Figures(found=860_000, frozen=1_165_000, collected=500_000, released=360_000, lapsed=305_000).still_held == 0


def test_the_total_adds_up_every_provider() -> None:
    tally = Tally()
    tally["bank"].found, tally["alipay"].found, tally["wechat"].found = 860_000, 325_050, 128_000
    tally["alipay"].collected = 303_050
    assert tally.total() == Figures(found=1_313_050, collected=303_050)


def test_the_summary_rows_are_the_providers_then_the_total_in_yuan() -> None:
    rows = summary_rows(summary())
    assert [r[0] for r in rows] == ["bank", "alipay", "wechat", "total"]
    assert rows[0] == ("bank", "8600.00", "8600.00", "5000.00", "3600.00", "0.00")
