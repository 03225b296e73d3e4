"""benchmarks.md and benchmarks.json: the summary, the machine, how to reproduce, figures, profiling."""

from __future__ import annotations

import json
from pathlib import Path

from court_node.bench.report import write_report
from court_node.bench.result import BenchResult, Figure
from court_node.bench.runner import ERROR, NOT_BUILT, RAN, Outcome, Run

MACHINE = {"cpu": "Example CPU", "cpus": 2, "memory_mib": 7961, "python": "3.11.7", "os": "Linux 6.1",
           "commit": "0123456789ab", "date": "2026-11-29T21:00:00+00:00", "load_average": [0.5, 0.4, 0.3]}
PROFILING = {"how": "pyinstrument on the node", "finding": "statements built per call", "fix": "built once",
             "before": [{"name": "node CPU per inspection", "value": 44.8, "unit": "ms"}],
             "after": [{"name": "node CPU per inspection", "value": 38.2, "unit": "ms"}]}


def _run(quick: bool) -> Run:
    fanout = BenchResult("fanout", "Fan-out", [Figure("all three providers, median", 112.4, "ms"),
                                                Figure("ratio", 1.07, "x")],
                         "ratio <= 1.3", "ratio 1.07", None if quick else True)
    throughput = BenchResult("throughput", "Throughput", [Figure("inspections", 8.2, "/s")], "each ratio >= 0.5",
                             "inspections 0.16", None if quick else False, limits="one Python process")
    return Run(MACHINE, quick, 1, [Outcome("fanout", RAN, 12.0, fanout), Outcome("throughput", RAN, 30.0, throughput),
                                   Outcome("bulk", NOT_BUILT, 0.0, message="court_node.bench.bulk is not built yet"),
                                   Outcome("node_scale", ERROR, 3.0, message="RuntimeError: boom")])


def _written(tmp_path: Path, quick: bool) -> tuple[str, dict[str, object]]:
    json_path, md_path = write_report(_run(quick), tmp_path / "out", PROFILING)
    return md_path.read_text(), json.loads(json_path.read_text())


def test_the_summary_has_a_row_per_benchmark_with_goal_measured_met_and_limits(tmp_path: Path) -> None:
    md, _ = _written(tmp_path, quick=False)
    assert "| fanout | ratio <= 1.3 | ratio 1.07 | yes |  |" in md
    assert "| throughput | each ratio >= 0.5 | inspections 0.16 | no | one Python process |" in md
    assert "| bulk | >= 10x faster | not built | — | court_node.bench.bulk is not built yet |" in md
    assert "| node_scale | memory and latency reported | error | — | RuntimeError: boom |" in md


def test_a_quick_run_marks_every_goal_unjudged(tmp_path: Path) -> None:
    md, data = _written(tmp_path, quick=True)
    assert "| fanout | ratio <= 1.3 | ratio 1.07 | — |" in md
    assert "| throughput | each ratio >= 0.5 | inspections 0.16 | — |" in md
    assert "quick (CI size" in md
    assert data["quick"] is True


def test_each_benchmark_gets_a_table_of_its_figures(tmp_path: Path) -> None:
    md, _ = _written(tmp_path, quick=False)
    assert "| all three providers, median | 112.4 | ms |" in md
    assert "| ratio | 1.07 | x |" in md
    assert "*not built*: court_node.bench.bulk is not built yet" in md


def test_the_machine_and_how_to_reproduce_are_shown(tmp_path: Path) -> None:
    md, _ = _written(tmp_path, quick=False)
    assert "| CPU | Example CPU × 2 |" in md
    assert "| commit | 0123456789ab |" in md
    assert "scripts/bench --quick" in md
    assert "scripts/bench --only fanout,throughput" in md


def test_the_profiling_record_shows_before_and_after(tmp_path: Path) -> None:
    md, data = _written(tmp_path, quick=False)
    assert "| node CPU per inspection | 44.8 | 38.2 | ms |" in md
    assert data["profiling"] == PROFILING


def test_the_json_keeps_every_outcome_and_whether_the_run_was_ok(tmp_path: Path) -> None:
    _, data = _written(tmp_path, quick=False)
    benchmarks = data["benchmarks"]
    assert isinstance(benchmarks, list)
    assert [b["status"] for b in benchmarks] == ["ran", "ran", "not built", "error"]
    assert benchmarks[0]["result"]["figures"][1] == {"name": "ratio", "value": 1.07, "unit": "x"}
    assert data["ok"] is False
