"""``freezesim bench``: exit 0 when every benchmark ran (a missed goal is a figure), 1 when one raised."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from court_node.bench import registry, runner
from court_node.bench.result import BenchContext, BenchResult, Figure
from court_node.cli.main import cli


def missed_goal(ctx: BenchContext) -> BenchResult:
    return BenchResult("slow", "Slow", [Figure("rate", 1.0, "/s")], "rate >= 10", "rate 1", False, "the machine")


def broken(ctx: BenchContext) -> BenchResult:
    raise RuntimeError("no stack")


@pytest.fixture
def two_benchmarks(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    chosen = {"slow": f"{__name__}:missed_goal", "broken": f"{__name__}:broken"}
    monkeypatch.setattr(registry, "BENCHMARKS", chosen)
    monkeypatch.setattr(runner, "BENCHMARKS", chosen)
    return chosen


def test_a_missed_goal_still_exits_0_and_writes_the_report(two_benchmarks: dict[str, str], tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["bench", "--only", "slow", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "benchmarks.json").read_text())
    assert [b["key"] for b in data["benchmarks"]] == ["slow"]
    assert "| slow | rate >= 10 | rate 1 | no | the machine |" in (tmp_path / "benchmarks.md").read_text()


def test_a_benchmark_that_raises_exits_1_after_the_others_ran(two_benchmarks: dict[str, str],
                                                              tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["bench", "--quick", "--out", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "broken: error" in result.output
    assert "slow: ran" in result.output
    assert (tmp_path / "benchmarks.md").exists()


def test_an_unknown_benchmark_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["bench", "--only", "fanout,warp"])
    assert result.exit_code == 2
    assert "unknown benchmark 'warp'" in result.output
