"""The national day's arithmetic: slices, when to go on, cases within the budget, and the projection."""

from __future__ import annotations

import pytest

from court_node.bench.day_plan import SliceDone, done_within, go_on, projected_s, slices


def test_the_day_is_cut_into_tenths() -> None:
    cut = slices(55_000, 5_500)
    assert len(cut) == 10
    assert cut[0] == range(0, 5_500)
    assert cut[-1] == range(49_500, 55_000)


def test_the_last_slice_takes_what_is_left() -> None:
    assert slices(12, 5) == [range(0, 5), range(5, 10), range(10, 12)]


def test_no_cases_make_no_slices() -> None:
    assert slices(0, 5) == []


def test_a_slice_size_below_one_is_refused() -> None:
    with pytest.raises(ValueError):
        slices(10, 0)


def test_another_slice_starts_while_within_the_budget() -> None:
    assert go_on(5_500, 55_000, 59.9, 60.0, whole_day=False)


def test_no_slice_starts_once_the_budget_has_passed() -> None:
    assert not go_on(5_500, 55_000, 60.0, 60.0, whole_day=False)


def test_the_whole_day_goes_on_past_the_budget() -> None:
    assert go_on(5_500, 55_000, 600.0, 60.0, whole_day=True)


def test_nothing_starts_once_every_case_is_done() -> None:
    assert not go_on(55_000, 55_000, 1.0, 60.0, whole_day=True)


def test_only_slices_finished_within_the_budget_count() -> None:
    finished = [SliceDone(5_500, 25.0), SliceDone(11_000, 55.0), SliceDone(16_500, 80.0)]
    assert done_within(finished, 60.0) == 11_000


def test_a_first_slice_past_the_budget_leaves_none_within_it() -> None:
    assert done_within([SliceDone(5_500, 700.0)], 60.0) == 0


def test_the_projection_scales_the_measured_rate() -> None:
    assert projected_s(5_500, 100.0, 55_000) == pytest.approx(1_000.0)


def test_no_cases_project_nothing() -> None:
    assert projected_s(0, 10.0, 55_000) == 0.0
