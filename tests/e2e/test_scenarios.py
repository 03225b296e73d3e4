"""Scenario files end to end: every shipped sample passes on a real stack; a wrong expectation fails naming the
step and the difference (exit 1, JUnit counts it); a malformed file is refused (exit 2); seeds repeat runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from court_node.cli.main import cli
from court_node.scenarios.runner import ScenarioResult, run_scenario
from court_node.scenarios.shipped import Sample, sample, samples

pytestmark = pytest.mark.slow

WRONG_HELD = ('        loan_alipay: {status: active, held: "3030.50", unmet: "0.00"}',
              '        loan_alipay: {status: active, held: "3030.00", unmet: "0.00"}')


def _explain(result: ScenarioResult) -> str:
    failed = result.first_failure
    if failed is None:
        return result.setup_error or "passed"
    return f"step {failed.step.index} ({failed.step.label}): {failed.failure}"


@pytest.mark.parametrize("item", samples(), ids=lambda s: s.stem)
def test_every_sample_scenario_passes(item: Sample) -> None:
    result = run_scenario(item.scenario(), seed=2026)
    assert result.passed, _explain(result)
    assert [s.status for s in result.steps] == ["passed"] * len(result.steps)


@dataclass(frozen=True)
class Run:
    exit_code: int
    output: str
    junit: Path
    wrong_line: int


@pytest.fixture(scope="module")
def wrong_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The planning sample with one wrong expectation, run through the CLI with --junit."""
    folder = tmp_path_factory.mktemp("wrong")
    text = sample("planning").text
    assert WRONG_HELD[0] in text
    path = folder / "planning-wrong.yaml"
    path.write_text(text.replace(*WRONG_HELD), encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t == WRONG_HELD[0])
    junit = folder / "junit.xml"
    result = CliRunner().invoke(cli, ["scenario", "run", str(path), "--seed", "7", "--junit", str(junit)])
    return Run(result.exit_code, result.output, junit, line)


def test_a_wrong_expectation_fails_with_exit_code_1(wrong_run: Run) -> None:
    assert wrong_run.exit_code == 1, wrong_run.output


def test_the_report_names_the_failing_step_and_shows_expected_and_found(wrong_run: Run) -> None:
    assert "✗  6 freeze as planned" in wrong_run.output
    assert "step 6 (freeze, line 60): 1 expectation does not hold" in wrong_run.output
    assert (f'line {wrong_run.wrong_line}: freezes.loan_alipay.held: expected "3030.00", found "3030.50"'
            in wrong_run.output)
    assert "-  7 everything due is secured now, so nothing more can be frozen  skipped" in wrong_run.output


def test_the_junit_file_parses_and_counts_the_failure(wrong_run: Run) -> None:
    root = ET.parse(wrong_run.junit).getroot()
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("10", "1", "4")
    (failure,) = root.iter("failure")
    assert 'expected "3030.00", found "3030.50"' in (failure.text or "")


def test_a_malformed_copy_is_refused_with_its_line_and_exit_code_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(sample("planning").text.replace("    dry_run: true", "    dry_run: maybe"), encoding="utf-8")
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "dry_run: maybe" in t)
    result = CliRunner().invoke(cli, ["scenario", "run", str(path)])
    assert result.exit_code == 2
    assert f"{path}:{line}: step 4 (freeze): dry_run must be true or false, not 'maybe'" in result.output


def _case_numbers(seed: int) -> list[str]:
    result = CliRunner().invoke(cli, ["scenario", "run", "--sample", "identity", "--seed", str(seed)])
    assert result.exit_code == 0, result.output
    assert f"seed {seed}" in result.output
    return re.findall(r"（\d{4}）京0101执\d+号", result.output)


def test_the_same_seed_gives_the_same_generated_numbers() -> None:
    first = _case_numbers(11)
    assert len(first) == 2
    assert _case_numbers(11) == first
    assert _case_numbers(12) != first


def _scenario_processes() -> set[int]:
    """Processes whose command line runs from a scenario's temporary stack folder."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if b"freezesim-scenario-" in (entry / "cmdline").read_bytes():
                    found.add(int(entry.name))
            except OSError:
                continue
    return found


def test_the_command_runs_a_sample_end_to_end_and_leaves_no_process(tmp_path: Path) -> None:
    before = _scenario_processes()
    junit = tmp_path / "junit.xml"
    answer = subprocess.run([sys.executable, "-m", "court_node", "scenario", "run", "--sample", "inspection",
                             "--seed", "3", "--junit", str(junit)], capture_output=True, text=True, timeout=240,
                            env={**os.environ, "NO_COLOR": "1"}, check=False)
    assert answer.returncode == 0, answer.stdout + answer.stderr
    assert "1 scenario: 1 passed, 0 failed" in answer.stdout
    assert "\x1b" not in answer.stdout
    assert ET.parse(junit).getroot().get("failures") == "0"
    assert _scenario_processes() - before == set()
