"""Scenario results made by hand, for the report and JUnit tests: the VALID scenario, failing at its freeze."""

from __future__ import annotations

from court_node.scenarios.errors import StepFailed
from court_node.scenarios.parse import parse_text
from court_node.scenarios.runner import ScenarioResult, StepResult
from tests.unit.court.scenarios.texts import VALID

DIFFERENCE = 'line 20: freezes.card.held: expected "5000.00", found "3000.00"'


def failed_result() -> ScenarioResult:
    scenario = parse_text(VALID + '  - advance_clock: 30d\n', "small.yaml")
    file_case, inspect, freeze, clock = scenario.steps
    failure = StepFailed("1 expectation does not hold", [DIFFERENCE])
    return ScenarioResult(scenario, 42, [
        StepResult(file_case, "passed", 0.1, "case 1 （2026）京0101执4821号"),
        StepResult(inspect, "passed", 0.2, "inspection 1"),
        StepResult(freeze, "failed", 0.3, "bank active held 3000.00", failure),
        StepResult(clock, "skipped"),
    ], seconds=4.5)


def passed_result() -> ScenarioResult:
    scenario = parse_text(VALID, "small.yaml")
    return ScenarioResult(scenario, 42, [StepResult(s, "passed", 0.1) for s in scenario.steps], seconds=3.0)
