"""The six benchmarks resolved by name only when run: a module not written yet is "not built", not a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from court_node.bench.registry import BENCHMARKS, NotBuilt, choose, resolve
from court_node.bench.result import BenchContext, BenchResult, Figure
from court_node.bench.runner import ERROR, NOT_BUILT, RAN, run_all, run_one


def ok_benchmark(ctx: BenchContext) -> BenchResult:
    return BenchResult("ok", "A benchmark that runs", [Figure("speed", 3, "x")], "speed >= 1", "speed 3",
                       None if ctx.quick else True)


def failing_benchmark(ctx: BenchContext) -> BenchResult:
    raise RuntimeError("the stack did not start")


def _ctx(tmp_path: Path) -> BenchContext:
    return BenchContext(quick=True, work_dir=tmp_path, echo=lambda line: None)


def test_the_six_benchmarks_are_registered_in_report_order() -> None:
    assert list(BENCHMARKS) == ["fanout", "throughput", "bulk", "national_day", "provider_scale", "node_scale"]


def test_a_missing_module_is_not_built() -> None:
    with pytest.raises(NotBuilt, match="not built"):
        resolve("court_node.bench.no_such_benchmark:run")


def test_a_module_without_the_function_is_not_built() -> None:
    with pytest.raises(NotBuilt, match="no run_it"):
        resolve("court_node.bench.stats:run_it")


def test_a_missing_module_runs_as_not_built(tmp_path: Path) -> None:
    outcome = run_one("later", _ctx(tmp_path), {"later": "court_node.bench.no_such_benchmark:run"})
    assert (outcome.status, outcome.result) == (NOT_BUILT, None)


def test_a_benchmark_that_raises_is_an_error_and_the_next_still_runs(tmp_path: Path) -> None:
    here = f"{__name__}"
    benchmarks = {"broken": f"{here}:failing_benchmark", "ok": f"{here}:ok_benchmark"}
    run = run_all(["broken", "ok"], _ctx(tmp_path), repo=tmp_path, progress=lambda key, i, n: None,
                  done=lambda outcome: None, benchmarks=benchmarks)
    assert [o.status for o in run.outcomes] == [ERROR, RAN]
    assert run.outcomes[0].message == "RuntimeError: the stack did not start"
    assert not run.ok


def test_only_picks_benchmarks_in_report_order() -> None:
    assert choose("throughput, fanout") == ["fanout", "throughput"]
    assert choose(None) == list(BENCHMARKS)


def test_only_refuses_an_unknown_name() -> None:
    with pytest.raises(ValueError, match="unknown benchmark 'fast'"):
        choose("fanout,fast")
