"""The scale benchmarks run end to end at a tiny size: every figure is there and positive, nothing is left running."""

from __future__ import annotations

from pathlib import Path

from court_node.bench import node_scale, provider_scale
from court_node.bench.result import BenchContext, BenchResult


def processes_under(folder: Path) -> list[int]:
    """Processes whose command line names ``folder`` (the benchmark's services)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if str(folder) in cmdline.read_bytes().decode(errors="replace"):
                found.append(int(cmdline.parent.name))
        except OSError:
            continue
    return found


def assert_complete(result: BenchResult, key: str) -> None:
    assert result.key == key
    assert result.goal and result.measured and result.limits
    assert result.goal_met is None  # a quick run does not judge the goal
    assert result.figures
    assert all(f.value > 0 for f in result.figures), [(f.name, f.value) for f in result.figures if f.value <= 0]


def test_provider_scale_runs_and_reports_every_figure(tmp_path: Path) -> None:
    ctx = BenchContext(quick=True, work_dir=tmp_path, echo=lambda line: None)
    result = provider_scale.measure(ctx, provider_scale.Sizes(small=50, big=300, queries=5, warmup=1))
    assert_complete(result, "provider_scale")
    assert result.details["queries_not_finding_the_debtor"] == {"small": 0, "big": 0}
    assert {f.unit for f in result.figures} >= {"s", "ms", "x", "MiB"}
    assert processes_under(tmp_path) == []


def test_node_scale_runs_and_reports_every_figure(tmp_path: Path) -> None:
    ctx = BenchContext(quick=True, work_dir=tmp_path, echo=lambda line: None)
    result = node_scale.measure(ctx, node_scale.Sizes(small=10, big=40, inspections=4, warmup=1, debtors=10))
    assert_complete(result, "node_scale")
    assert result.details["filing"]["big"]["cases"] == 40
    assert processes_under(tmp_path) == []
