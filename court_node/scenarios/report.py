"""The report a tester reads: a line per step as it finishes, the first failure in full, a summary.

On a terminal it has colour (rich); piped or redirected it is plain text with no escape codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from rich.console import Console
from rich.text import Text

from court_node.scenarios.errors import ScenarioError
from court_node.scenarios.model import Scenario
from court_node.scenarios.runner import ScenarioResult, StepResult

MARKS = {"passed": ("✓", "green"), "failed": ("✗", "bold red"), "skipped": ("-", "dim")}


class Report:
    """Writes to ``stream`` (stdout by default); colour only when it is a terminal."""

    def __init__(self, stream: IO[str] | None = None, *, colour: bool | None = None) -> None:
        self.console = Console(file=stream, highlight=False, soft_wrap=True, force_terminal=colour,
                               no_color=colour is False)

    def _line(self, text: str, style: str = "") -> None:
        self.console.print(Text(text, style=style))

    def malformed(self, errors: Sequence[ScenarioError]) -> None:
        for error in errors:
            self._line(f"✗ {error}", "bold red")
        self._line(f"{len(errors)} malformed scenario file{'s' if len(errors) != 1 else ''}: nothing was run",
                   "bold red")

    def scenario_started(self, scenario: Scenario, seed: int) -> None:
        self._line(f"{scenario.name}  ({scenario.source}, seed {seed})", "bold")

    def step(self, result: StepResult) -> None:
        mark, style = MARKS[result.status]
        step = result.step
        timing = f"  {result.seconds:.2f}s" if result.status != "skipped" else "  skipped"
        line = Text(f"  {mark} {step.index:>2} {step.label}", style=style)
        line.append(timing, style="dim")
        if result.detail and result.status != "skipped":
            line.append(f"  {result.detail}", style="dim")
        self.console.print(line)
        if result.failure is not None:
            self._line(f"      step {step.index} ({step.action}, line {step.line}): {result.failure.summary}",
                       "red")
            for detail in result.failure.lines:
                self._line(f"        {detail}", "red")

    def scenario_finished(self, result: ScenarioResult) -> None:
        if result.setup_error is not None:
            self._line(f"  ✗ {result.setup_error}", "bold red")
        counts = _counts([result])
        verdict = "passed" if result.passed else "FAILED"
        self._line(f"  {verdict}: {counts['passed']} of {len(result.steps)} steps passed in {result.seconds:.1f}s",
                   "green" if result.passed else "bold red")
        self._line("")

    def summary(self, results: Sequence[ScenarioResult], seconds: float, seed: int) -> None:
        failed = [r for r in results if not r.passed]
        counts = _counts(results)
        style = "bold green" if not failed else "bold red"
        self._line(f"{len(results)} scenario{'s' if len(results) != 1 else ''}: {len(results) - len(failed)} passed, "
                   f"{len(failed)} failed; steps: {counts['passed']} passed, {counts['failed']} failed, "
                   f"{counts['skipped']} skipped; {seconds:.1f}s; seed {seed}", style)
        for result in failed:
            first = result.first_failure
            where = (f"step {first.step.index} ({first.step.label}), line {first.step.line}" if first is not None
                     else result.setup_error or "")
            self._line(f"  ✗ {result.scenario.source}: {where}", "red")
        if failed:
            self._line(f"run again with the same numbers: freezesim scenario run --seed {seed} ...")


def _counts(results: Sequence[ScenarioResult]) -> dict[str, int]:
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for result in results:
        for step in result.steps:
            counts[step.status] += 1
    return counts
