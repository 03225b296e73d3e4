"""The report: a line per step, the failure with expected and found, a summary; plain text when piped."""

from __future__ import annotations

import io

from court_node.scenarios.errors import ScenarioError
from court_node.scenarios.report import Report
from tests.unit.court.scenarios.results import DIFFERENCE, failed_result, passed_result


def _report_of(colour: bool | None = None) -> tuple[Report, io.StringIO]:
    stream = io.StringIO()
    return Report(stream, colour=colour), stream


def _full(report: Report) -> None:
    for result in (failed_result(), passed_result()):
        report.scenario_started(result.scenario, result.seed)
        for step in result.steps:
            report.step(step)
        report.scenario_finished(result)
    report.summary([failed_result(), passed_result()], 7.5, 42)


def test_every_step_gets_a_line_with_its_mark() -> None:
    report, stream = _report_of()
    _full(report)
    lines = stream.getvalue().splitlines()
    assert any(line.startswith("  ✓  1 file_case loan") for line in lines)
    assert any(line.startswith("  ✗  3 freeze loan") for line in lines)
    assert any(line.startswith("  -  4 advance_clock 30d  skipped") for line in lines)


def test_the_failing_step_shows_expected_and_found() -> None:
    report, stream = _report_of()
    _full(report)
    text = stream.getvalue()
    assert "step 3 (freeze, line 16): 1 expectation does not hold" in text
    assert DIFFERENCE in text


def test_the_summary_counts_and_prints_the_seed() -> None:
    report, stream = _report_of()
    _full(report)
    text = stream.getvalue()
    assert "2 scenarios: 1 passed, 1 failed; steps: 5 passed, 1 failed, 1 skipped; 7.5s; seed 42" in text
    assert "freezesim scenario run --seed 42" in text


def test_piped_output_has_no_escape_codes() -> None:
    report, stream = _report_of()
    _full(report)
    assert "\x1b" not in stream.getvalue()


def test_colour_can_be_forced() -> None:
    report, stream = _report_of(colour=True)
    _full(report)
    assert "\x1b[" in stream.getvalue()


def test_malformed_files_are_listed_with_their_lines() -> None:
    report, stream = _report_of()
    report.malformed([ScenarioError("a.yaml", 3, "step 1: no action")])
    assert stream.getvalue().splitlines() == ["✗ a.yaml:3: step 1: no action",
                                              "1 malformed scenario file: nothing was run"]
