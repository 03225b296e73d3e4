"""Money conserved while operations are in flight: each provider's totals between what surely took effect and
what may have, from hand-made histories."""

from __future__ import annotations

from court_node.chaos.bounds import (
    ABOVE_PAID,
    ABOVE_TOTAL,
    BELOW_TOTAL,
    MoneyBounds,
    Range,
    bound_findings,
    money_bounds,
)
from court_node.chaos.checker import collected_above_paid, doubled_freezes, doubled_payouts, doubled_refs
from court_node.chaos.history import FAILED, OK, UNKNOWN, Begun, Entry, HistoryView

AMOUNTS = {1: 100, 2: 20, 3: 3, 4: 4000, 5: 50_000}


def _entry(seq: int, kind: str, outcome: str, start_s: float, end_s: float, provider: str = "bank") -> Entry:
    return Entry(seq, kind, "", "", f"{provider}:6222001", f"CHAOS-1-{seq}", start_s, end_s, outcome)


def _begun(seq: int, kind: str, start_s: float, provider: str = "bank") -> Begun:
    return Begun(seq, kind, "", "", f"{provider}:6222001", start_s)


def test_a_credit_that_ended_ok_before_the_sample_is_in_both_bounds() -> None:
    view = HistoryView((_entry(1, "credit", OK, 1.0, 2.0),), ())
    assert money_bounds(view, AMOUNTS, "bank", 3.0, 3.1).credits == Range(100, 100)


def test_a_credit_still_in_flight_is_only_in_the_upper_bound() -> None:
    view = HistoryView((), (_begun(1, "credit", 1.0),))
    assert money_bounds(view, AMOUNTS, "bank", 3.0, 3.1).credits == Range(0, 100)


def test_a_credit_that_ended_during_the_sample_is_only_in_the_upper_bound() -> None:
    view = HistoryView((_entry(1, "credit", OK, 1.0, 3.05),), ())
    assert money_bounds(view, AMOUNTS, "bank", 3.0, 3.1).credits == Range(0, 100)


def test_an_unknown_credit_is_only_in_the_upper_bound() -> None:
    view = HistoryView((_entry(2, "credit", UNKNOWN, 1.0, 2.0),), ())
    assert money_bounds(view, AMOUNTS, "bank", 3.0, 3.1).credits == Range(0, 20)


def test_a_refused_credit_is_in_neither_bound() -> None:
    view = HistoryView((_entry(2, "credit", FAILED, 1.0, 2.0),), ())
    assert money_bounds(view, AMOUNTS, "bank", 3.0, 3.1).credits == Range(0, 0)


def test_an_operation_begun_after_the_sample_is_in_neither_bound() -> None:
    view = HistoryView((_entry(1, "credit", OK, 3.5, 3.6),), (_begun(2, "credit", 3.7),))
    assert money_bounds(view, AMOUNTS, "bank", 3.0, 3.1).credits == Range(0, 0)


def test_another_providers_movements_do_not_count() -> None:
    view = HistoryView((_entry(1, "credit", OK, 1.0, 2.0, "alipay"),), ())
    assert money_bounds(view, AMOUNTS, "bank", 3.0, 3.1).credits == Range(0, 0)


def test_payments_have_their_own_bounds() -> None:
    view = HistoryView((_entry(3, "pay", OK, 1.0, 2.0), _entry(4, "pay", UNKNOWN, 1.0, 2.0)), ())
    bounds = money_bounds(view, AMOUNTS, "bank", 3.0, 3.1)
    assert (bounds.payments, bounds.credits) == (Range(3, 4003), Range(0, 0))


def test_a_total_above_the_upper_bound_is_found_with_its_figures() -> None:
    found = bound_findings("bank", 1000, 1200, 0, MoneyBounds(Range(100, 150), Range(0, 0)))
    assert [(f.where, f.message) for f in found] == [("bank", ABOVE_TOTAL)]
    assert found[0].detail == "total 1200 fen, allowed 1100..1150"


def test_a_total_below_the_lower_bound_is_found() -> None:
    found = bound_findings("bank", 1000, 1050, 0, MoneyBounds(Range(100, 150), Range(0, 0)))
    assert [f.message for f in found] == [BELOW_TOTAL]


def test_debtor_payments_above_their_bound_are_found() -> None:
    found = bound_findings("bank", 1000, 1000, 9, MoneyBounds(Range(0, 0), Range(0, 3)))
    assert [f.message for f in found] == [ABOVE_PAID]


def test_totals_within_their_bounds_are_no_finding() -> None:
    assert bound_findings("bank", 1000, 1120, 2, MoneyBounds(Range(100, 150), Range(0, 3))) == []


def test_a_payout_request_paid_twice_is_found() -> None:
    payouts = [{"request_no": "R1", "amount_fen": 5}, {"request_no": "R1", "amount_fen": 5},
               {"request_no": "R2", "amount_fen": 7}]
    assert [f.message for f in doubled_payouts(payouts)] == ["request R1 was paid out 2 times"]


def test_a_freeze_request_placed_twice_is_found() -> None:
    freezes = [{"request_no": "F1"}, {"request_no": "F1"}, {"request_no": "F2"}]
    assert [f.message for f in doubled_freezes("alipay", freezes)] == ["freeze request F1 placed 2 times"]


def test_a_provider_freeze_recorded_twice_by_the_node_is_found() -> None:
    node = [{"provider": "bank", "provider_ref": "X1"}, {"provider": "bank", "provider_ref": "X1"},
            {"provider": "bank", "provider_ref": ""}, {"provider": "bank", "provider_ref": ""}]
    assert [f.message for f in doubled_refs(node)] == ["bank freeze X1 recorded 2 times"]


def test_a_case_collecting_more_than_was_paid_out_for_it_is_found() -> None:
    payouts = [{"request_no": "D1", "amount_fen": 500}, {"request_no": "D9", "amount_fen": 700}]
    found = collected_above_paid("case 1", 600, ["D1", "D2"], payouts)
    assert [f.detail for f in found] == ["collected 600 fen, paid out 500"]


def test_a_case_collecting_no_more_than_was_paid_out_is_no_finding() -> None:
    payouts = [{"request_no": "D1", "amount_fen": 500}, {"request_no": "D2", "amount_fen": 100}]
    assert collected_above_paid("case 1", 500, ["D1", "D2"], payouts) == []
