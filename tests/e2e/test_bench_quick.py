"""``freezesim bench --quick`` end to end, as CI runs it so that the benchmarks cannot rot: every registered
benchmark ran with figures, fan-out, throughput, bulk and the national day with the outcomes they check, and no
process is left."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from court_node.bench.registry import BENCHMARKS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, str, dict[str, Any], Path]]:
    out = tmp_path_factory.mktemp("bench-report")
    done = subprocess.run([sys.executable, "-m", "court_node", "bench", "--quick", "--out", str(out)],
                          capture_output=True, text=True, timeout=900, stdin=subprocess.DEVNULL)
    path = out / "benchmarks.json"
    report = json.loads(path.read_text()) if path.exists() else {}
    yield done.returncode, done.stdout + done.stderr, report, out


@pytest.mark.timeout(900)
def test_every_benchmark_ran_with_figures(quick_run: tuple[int, str, dict[str, Any], Path]) -> None:
    code, output, report, _ = quick_run
    outcomes = {b["key"]: b for b in report.get("benchmarks", [])}
    assert list(outcomes) == list(BENCHMARKS), output
    assert len(outcomes) == 6
    for key, outcome in outcomes.items():
        assert outcome["status"] == "ran", f"{key}: {outcome['message']}\n{output}"
        assert outcome["result"]["figures"], key
        assert all(f["value"] >= 0 for f in outcome["result"]["figures"]), key  # a count of failures may be 0
        assert any(f["value"] > 0 for f in outcome["result"]["figures"]), key
    assert code == 0, output


def test_fanout_and_throughput_ran_with_positive_figures(quick_run: tuple[int, str, dict[str, Any], Path]) -> None:
    _, output, report, _ = quick_run
    outcomes = {b["key"]: b for b in report["benchmarks"]}
    for key in ("fanout", "throughput"):
        assert outcomes[key]["status"] == "ran", output
    figures = {f["name"]: f["value"] for key in ("fanout", "throughput") for f in outcomes[key]["result"]["figures"]}
    assert figures["all three providers, median"] > 0
    assert figures["inspections"] > 0
    assert figures["freeze-then-deduct cycles"] > 0
    assert figures["floor: trivial endpoint"] > 0
    assert figures["HTTP requests per inspection (counted)"] >= 5  # client, bank twice, Alipay, WeChat


def test_bulk_inspected_and_froze_every_case_on_both_paths(quick_run: tuple[int, str, dict[str, Any], Path]) -> None:
    _, output, report, _ = quick_run
    bulk = {b["key"]: b for b in report["benchmarks"]}["bulk"]
    figures = {f["name"]: f["value"] for f in bulk["result"]["figures"]}
    assert figures["per-case path: inspect, await the bank, freeze"] > 0, output
    assert figures["bulk path: inspect and freeze"] > 0, output
    assert figures["per-case cases failed"] == 0, bulk["result"]["details"]
    assert figures["bulk inspection items failed"] == figures["bulk freeze items failed"] == 0, bulk["result"]
    assert figures["bulk freeze items that placed no freeze"] == 0
    assert figures["freezes placed by the freeze batch"] >= figures["cases on the bulk path"]


def test_the_national_day_took_its_slice_through_every_stage(quick_run: tuple[int, str, dict[str, Any], Path]) -> None:
    _, output, report, _ = quick_run
    day = {b["key"]: b for b in report["benchmarks"]}["national_day"]
    figures = {f["name"]: f["value"] for f in day["result"]["figures"]}
    assert figures["cases done in all"] == figures["slice size"] > 0, output
    for stage in ("filing", "notice", "inspection", "freeze", "deduction"):
        assert figures[f"{stage} rate"] > 0, stage
        assert figures[f"{stage} items failed"] == 0, day["result"]["details"]["first_errors"]
    assert figures["deducted in all (12,000.00 due a case)"] > 0
    assert figures["projected time for 55,000 cases at the overall rate"] > 0


def test_a_quick_run_judges_no_goal(quick_run: tuple[int, str, dict[str, Any], Path]) -> None:
    _, _, report, out = quick_run
    assert report["quick"] is True
    assert all(b["result"] is None or b["result"]["goal_met"] is None for b in report["benchmarks"])
    assert "| fanout | ratio <= 1.3 |" in (out / "benchmarks.md").read_text()


def test_no_process_of_the_run_is_left(quick_run: tuple[int, str, dict[str, Any], Path]) -> None:
    _, _, report, _ = quick_run
    assert report["work_dir"]
    leftovers = subprocess.run(["pgrep", "-f", report["work_dir"]], capture_output=True, text=True).stdout.split()
    assert leftovers == []
    assert not Path(report["work_dir"]).exists()
