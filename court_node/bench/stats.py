"""Percentiles and medians of measured latencies, from plain integers (microseconds), without numpy."""

from __future__ import annotations

from collections.abc import Sequence


def percentile(values: Sequence[int], p: float) -> int:
    """The ``p``-th percentile (0..100) by the nearest-rank method: always one of the values measured."""
    if not values:
        raise ValueError("no values to take a percentile of")
    if not 0 <= p <= 100:
        raise ValueError(f"percentile {p} is not between 0 and 100")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil(n * p / 100), at least the first value
    return ordered[int(rank) - 1]


def median(values: Sequence[int]) -> int:
    """The 50th percentile (the lower middle value of an even count, so it is a value measured)."""
    return percentile(values, 50)


def us_to_ms(us: int) -> float:
    """Microseconds as milliseconds, rounded to a tenth, for the report."""
    return round(us / 1000, 1)
