"""The chaos report: counts by kind and outcome, unknowns and their resolution, faults, violations with the
operations between the last passing sample and the first failing one (the first to end named), and the plot."""

from __future__ import annotations

from pathlib import Path

from court_node.chaos.checker import Finding
from court_node.chaos.faults import FaultWindow
from court_node.chaos.history import FAILED, OK, UNKNOWN, Entry
from court_node.chaos.plot import plot_money
from court_node.chaos.report import (
    AppliedFault,
    faults_json,
    operations_json,
    summary_lines,
    unknowns_json,
    violations_json,
)
from court_node.chaos.sampling import CheckSample, MoneySample
from court_node.stack.invariants import Violation


def _entry(seq: int, kind: str, outcome: str, end_s: float, code: str = "", resolution: str = "") -> Entry:
    return Entry(seq, kind, "京0101", "c1", "case 1", f"doc{seq}", end_s - 0.5, end_s, outcome, code,
                 resolution=resolution)


ENTRIES = [_entry(1, "inspect", OK, 1.0), _entry(2, "freeze", OK, 2.0),
           _entry(3, "deduct", FAILED, 3.0, "DEDUCT_EXCEEDS_HELD"),
           _entry(4, "deduct", UNKNOWN, 4.0, "PROVIDER_TIMEOUT", "took effect"),
           _entry(5, "renew", UNKNOWN, 5.0, "CONNECTION_FAILED", "unresolved")]


def test_operations_are_counted_by_kind_and_outcome() -> None:
    counted = operations_json(ENTRIES)
    assert counted["total"] == 5
    assert counted["by_outcome"] == {OK: 2, FAILED: 1, UNKNOWN: 2}
    assert counted["by_kind"]["deduct"] == {OK: 0, FAILED: 1, UNKNOWN: 1}
    assert counted["refusals"] == {"deduct DEDUCT_EXCEEDS_HELD": 1}


def test_unknowns_say_how_each_was_resolved() -> None:
    unknowns = unknowns_json(ENTRIES)
    assert (unknowns["total"], unknowns["resolved"], unknowns["unresolved"]) == (2, 1, 1)
    assert [u["resolution"] for u in unknowns["items"]] == ["took effect", "unresolved"]


def test_faults_are_counted_by_kind_only_when_applied() -> None:
    window = FaultWindow("error", "bank", 1.0, 2.0, 5, (("error_kind", "error"), ("error_rate", 0.5)))
    failed = FaultWindow("drop", "alipay", 4.0, 2.0, 6)
    faults = faults_json([AppliedFault(window, 1.0, 3.1), AppliedFault(failed, 4.0, 4.0, "RuntimeError: down")])
    assert faults["by_kind"]["error"] == 1
    assert faults["by_kind"]["drop"] == 0
    assert faults["windows"][0]["settings"] == {"error_kind": "error", "error_rate": 0.5}


def test_a_violation_names_the_first_operation_to_end_after_the_last_passing_sample() -> None:
    samples = [CheckSample(2.5, ()), CheckSample(4.5, (Violation("bank", 1, "balances off"),))]
    found = violations_json([Finding("bank", "invariant 1", "balances off")], samples, 9.0, ENTRIES)
    assert len(found) == 1
    assert found[0]["first_seen_s"] == 4.5
    assert found[0]["first_operation"]["seq"] == 3


def test_a_sampled_violation_lists_the_operations_between_the_passing_and_the_failing_sample() -> None:
    samples = [CheckSample(2.5, ()), CheckSample(4.5, (Violation("bank", 1, "balances off"),))]
    found = violations_json([], samples, 9.0, ENTRIES)[0]
    assert [op["seq"] for op in found["suspects"]] == [3, 4]
    assert (found["seen_by"], found["last_passing_s"], found["suspects_total"]) == ("sample", 2.5, 2)


def test_an_operation_in_flight_across_both_samples_is_a_suspect() -> None:
    long = Entry(6, "deduct", "京0101", "c1", "case 1", "doc6", 0.2, 8.0, UNKNOWN)
    samples = [CheckSample(2.5, ()), CheckSample(4.5, (Violation("bank", 1, "balances off"),))]
    found = violations_json([], samples, 9.0, [*ENTRIES, long])[0]
    assert 6 in [op["seq"] for op in found["suspects"]]
    assert found["first_operation"]["seq"] == 3  # ended first; the one still running is listed last


def test_the_last_passing_sample_is_that_of_the_same_stream() -> None:
    samples = [CheckSample(1.5, ()), CheckSample(3.6, (), stream="money bank"),
               CheckSample(4.5, (Violation("bank", 1, "balances off"),))]
    assert violations_json([], samples, 9.0, ENTRIES)[0]["last_passing_s"] == 1.5


def test_a_violation_only_the_final_check_sees_is_dated_at_that_check() -> None:
    found = violations_json([Finding("node", "deducted once", "case 1 counted twice")], [], 9.0, ENTRIES)
    assert (found[0]["first_seen_s"], found[0]["first_operation"]["seq"]) == (9.0, 5)
    assert found[0]["seen_by"] == "final check"


def test_a_finding_of_the_runs_own_checks_seen_in_a_sample_is_dated_at_that_sample() -> None:
    doubled = Finding("providers", "deducted once", "request R1 was paid out 2 times")
    samples = [CheckSample(2.5, ()), CheckSample(4.5, (), (doubled,))]
    found = violations_json([doubled], samples, 9.0, ENTRIES)
    assert len(found) == 1
    assert (found[0]["first_seen_s"], found[0]["first_operation"]["seq"]) == (4.5, 3)


def test_a_violation_healed_before_the_end_is_still_reported() -> None:
    samples = [CheckSample(1.5, (Violation("node", 7, "over-frozen"),))]
    assert [v["rule"] for v in violations_json([], samples, 9.0, ENTRIES)] == ["invariant 7"]


def test_the_summary_shows_the_result() -> None:
    report = {"seed": 1, "duration_s": 60.0, "elapsed_s": 80.0, "courts": ["京0101", "京0105"], "workers": 4,
              "schedule": {"operations": 5, "faults": 1, "cases": 2, "debtors": 1},
              "operations": operations_json(ENTRIES), "unknowns": unknowns_json(ENTRIES),
              "faults": faults_json([]), "violations": [], "ok": False}
    lines = summary_lines(report)
    assert any(line.startswith("  deduct") for line in lines)
    assert lines[-1] == "result: FAILED"


def test_the_plot_is_a_png(tmp_path: Path) -> None:
    money = [MoneySample(t / 2, p, 100_000 + t, 100_000 + t) for t in range(10) for p in ("bank", "alipay")]
    window = FaultWindow("kill_provider", "bank", 1.0, 1.5, 3)
    path = tmp_path / "money.png"
    plot_money(path, ("bank", "alipay"), money, [AppliedFault(window, 1.0, 2.5)], "test")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
