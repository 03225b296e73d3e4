"""JUnit XML for CI: one testsuite per scenario file, one testcase per step, the differences in each failure."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from court_node.scenarios.errors import ScenarioError
from court_node.scenarios.runner import ScenarioResult


def _classname(source: str) -> str:
    return "scenarios." + Path(source).stem.replace(".", "_")


def junit_tree(results: Sequence[ScenarioResult], malformed: Sequence[ScenarioError] = ()) -> ET.ElementTree:
    root = ET.Element("testsuites", name="freezesim scenarios")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    total_time = 0.0
    for result in results:
        suite = ET.SubElement(root, "testsuite", name=result.scenario.name, file=result.scenario.source,
                              time=f"{result.seconds:.3f}")
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", name="seed", value=str(result.seed))
        counts = {"tests": len(result.steps), "failures": 0, "errors": 0, "skipped": 0}
        if result.setup_error is not None:
            counts["tests"] += 1
            counts["errors"] += 1
            case = ET.SubElement(suite, "testcase", classname=_classname(result.scenario.source), name="00 stack",
                                 time="0")
            ET.SubElement(case, "error", message=result.setup_error).text = result.setup_error
        for step in result.steps:
            case = ET.SubElement(suite, "testcase", classname=_classname(result.scenario.source),
                                 name=f"{step.step.index:02d} {step.step.label}", time=f"{step.seconds:.3f}",
                                 file=result.scenario.source, line=str(step.step.line))
            if step.status == "failed" and step.failure is not None:
                counts["failures"] += 1
                summary = f"step {step.step.index} ({step.step.action}, line {step.step.line}): {step.failure.summary}"
                ET.SubElement(case, "failure", message=summary).text = "\n".join([summary, *step.failure.lines])
            elif step.status == "skipped":
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message="an earlier step failed")
            if step.detail:
                ET.SubElement(case, "system-out").text = step.detail
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        total_time += result.seconds
    for error in malformed:
        suite = ET.SubElement(root, "testsuite", name=error.source, file=error.source, tests="1", failures="0",
                              errors="1", skipped="0", time="0")
        case = ET.SubElement(suite, "testcase", classname=_classname(error.source), name="00 parse", time="0",
                             file=error.source, line=str(error.line))
        ET.SubElement(case, "error", message=str(error)).text = str(error)
        totals["tests"] += 1
        totals["errors"] += 1
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{total_time:.3f}")
    ET.indent(root)
    return ET.ElementTree(root)


def write_junit(path: Path, results: Sequence[ScenarioResult], malformed: Sequence[ScenarioError] = ()) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    junit_tree(results, malformed).write(path, encoding="utf-8", xml_declaration=True)
