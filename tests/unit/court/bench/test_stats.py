"""Percentiles of measured latencies by the nearest-rank method, from integers."""

from __future__ import annotations

import pytest

from court_node.bench.stats import median, percentile, us_to_ms


def test_percentiles_of_one_to_a_hundred_are_the_ranks() -> None:
    values = list(range(100, 0, -1))  # unordered input
    assert (percentile(values, 50), percentile(values, 95), percentile(values, 99)) == (50, 95, 99)


def test_percentile_is_always_a_value_measured() -> None:
    values = [10, 20, 30, 40]
    assert percentile(values, 50) == 20
    assert percentile(values, 51) == 30
    assert percentile(values, 100) == 40
    assert percentile(values, 0) == 10


def test_a_single_value_is_every_percentile() -> None:
    assert percentile([7], 1) == percentile([7], 99) == median([7]) == 7


def test_median_of_an_even_count_is_the_lower_middle() -> None:
    assert median([4, 1, 3, 2]) == 2


def test_no_values_or_a_percentile_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match="no values"):
        percentile([], 50)
    with pytest.raises(ValueError, match="between 0 and 100"):
        percentile([1], 101)


def test_microseconds_show_as_milliseconds_to_a_tenth() -> None:
    assert us_to_ms(123_456) == 123.5
