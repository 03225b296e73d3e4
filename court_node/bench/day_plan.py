"""The national day's arithmetic: its slices, how far it got within the time budget, and the projection."""

from __future__ import annotations

from dataclasses import dataclass

DAY_CASES = 55_000
SLICE_CASES = 5_500  # a tenth of the day
BUDGET_S = 60.0


def slices(total: int, size: int) -> list[range]:
    """Case serials ``0..total-1`` in consecutive slices of ``size`` (the last one may be smaller)."""
    if total < 0 or size < 1:
        raise ValueError("total must be >= 0 and size >= 1")
    return [range(start, min(start + size, total)) for start in range(0, total, size)]


def go_on(done: int, total: int, elapsed_s: float, budget_s: float, whole_day: bool) -> bool:
    """Whether to start another slice: cases are left, and the budget has not passed (or the whole day is wanted)."""
    return done < total and (whole_day or elapsed_s < budget_s)


@dataclass(frozen=True)
class SliceDone:
    """A slice finished: the cases done so far and the pipeline seconds spent so far, both cumulative."""

    cases: int
    elapsed_s: float


def done_within(finished: list[SliceDone], budget_s: float) -> int:
    """Cases whose slice had finished when ``budget_s`` seconds of pipeline time had passed."""
    return max((s.cases for s in finished if s.elapsed_s <= budget_s), default=0)


def projected_s(cases: int, seconds: float, target: int) -> float:
    """Seconds ``target`` cases would take at the rate measured on ``cases`` in ``seconds`` (0 with no cases)."""
    return seconds * target / cases if cases > 0 else 0.0
