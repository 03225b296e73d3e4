"""JUnit XML: a testsuite per file, a testcase per step, the difference in the failure; it parses."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from court_node.scenarios.errors import ScenarioError
from court_node.scenarios.junit import write_junit
from tests.unit.court.scenarios.results import DIFFERENCE, failed_result, passed_result


def _written(tmp_path: Path, **kwargs: object) -> ET.Element:
    path = tmp_path / "out" / "junit.xml"
    write_junit(path, **kwargs)  # type: ignore[arg-type]
    return ET.parse(path).getroot()


def test_one_testsuite_per_file_and_one_testcase_per_step(tmp_path: Path) -> None:
    root = _written(tmp_path, results=[failed_result(), passed_result()])
    suites = root.findall("testsuite")
    assert [len(s.findall("testcase")) for s in suites] == [4, 3]
    assert [s.get("name") for s in suites] == ["small", "small"]


def test_the_totals_count_failures_and_skipped_steps(tmp_path: Path) -> None:
    root = _written(tmp_path, results=[failed_result(), passed_result()])
    assert (root.get("tests"), root.get("failures"), root.get("skipped"), root.get("errors")) == ("7", "1", "1", "0")
    first = root.findall("testsuite")[0]
    assert (first.get("failures"), first.get("skipped")) == ("1", "1")


def test_a_failure_names_the_step_and_carries_the_difference(tmp_path: Path) -> None:
    root = _written(tmp_path, results=[failed_result()])
    (failure,) = root.iter("failure")
    assert failure.get("message") == "step 3 (freeze, line 16): 1 expectation does not hold"
    assert DIFFERENCE in (failure.text or "")


def test_testcases_are_named_by_step_number_and_label(tmp_path: Path) -> None:
    root = _written(tmp_path, results=[passed_result()])
    names = [c.get("name") for c in root.iter("testcase")]
    assert names == ["01 file_case loan", "02 inspect loan", "03 freeze loan"]
    assert {c.get("classname") for c in root.iter("testcase")} == {"scenarios.small"}


def test_the_seed_is_recorded(tmp_path: Path) -> None:
    root = _written(tmp_path, results=[passed_result()])
    assert [(p.get("name"), p.get("value")) for p in root.iter("property")] == [("seed", "42")]


def test_a_malformed_file_is_an_error_with_its_line(tmp_path: Path) -> None:
    root = _written(tmp_path, results=[], malformed=[ScenarioError("bad.yaml", 17, "unknown key 'amout'")])
    (error,) = root.iter("error")
    assert error.get("message") == "bad.yaml:17: unknown key 'amout'"
    assert root.get("errors") == "1"
