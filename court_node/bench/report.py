"""Writing a run as ``benchmarks.json`` and ``benchmarks.md``: a summary table (goal, measured, met, what limits
it), the machine, how to reproduce, a table of figures per benchmark, and the profiling record."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from court_node.bench.registry import GOALS
from court_node.bench.runner import ERROR, NOT_BUILT, Outcome, Run

#: the profiling record (hand-kept: what dominated, what was changed, the figures before and after)
PROFILING_FILE = Path(__file__).resolve().parent / "profiling.json"

REPRODUCE = """\
```sh
scripts/bench                           # every benchmark, full size; writes docs/benchmarks.md and .json
scripts/bench --quick                   # CI size, a few seconds each; writes into a scratch folder
scripts/bench --only fanout,throughput  # some of them
scripts/bench --out /tmp/bench          # somewhere else
```"""


def load_profiling(path: Path = PROFILING_FILE) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_report(run: Run, out_dir: Path, profiling: dict[str, Any] | None = None) -> tuple[Path, Path]:
    """Write both files into ``out_dir`` (created); returns their paths (JSON, Markdown)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    data = run.as_json()
    data["profiling"] = profiling
    json_path = out_dir / "benchmarks.json"
    json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    md_path = out_dir / "benchmarks.md"
    md_path.write_text(markdown(run, profiling))
    return json_path, md_path


def met_cell(outcome: Outcome, quick: bool) -> str:
    """``yes`` / ``no``; ``—`` when the run cannot judge (quick mode, not built, an error)."""
    result = outcome.result
    if quick or result is None or result.goal_met is None:
        return "—"
    return "yes" if result.goal_met else "no"


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _number(value: float | int) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) < 100 else f"{value:,.1f}"
    return f"{int(value):,}"


def summary_rows(run: Run) -> list[str]:
    rows = ["| benchmark | goal | measured | met | what limits it |", "|---|---|---|---|---|"]
    for outcome in run.outcomes:
        result = outcome.result
        goal = result.goal if result else GOALS.get(outcome.key, "")
        if outcome.status == NOT_BUILT:
            measured, limits = "not built", outcome.message
        elif outcome.status == ERROR:
            measured, limits = "error", outcome.message
        else:
            assert result is not None
            measured, limits = result.measured, result.limits
        rows.append(f"| {outcome.key} | {_cell(goal)} | {_cell(measured)} | {met_cell(outcome, run.quick)} "
                    f"| {_cell(limits)} |")
    return rows


def figure_rows(outcome: Outcome) -> list[str]:
    if outcome.result is None:
        return [f"*{outcome.status}*: {_cell(outcome.message)}"]
    rows = ["| figure | value | unit |", "|---|---:|---|"]
    rows += [f"| {_cell(f.name)} | {_number(f.value)} | {f.unit} |" for f in outcome.result.figures]
    return rows


def machine_rows(machine: dict[str, Any]) -> list[str]:
    load = machine.get("load_average") or []
    return ["| | |", "|---|---|",
            f"| CPU | {_cell(machine.get('cpu', ''))} × {machine.get('cpus', '')} |",
            f"| memory | {machine.get('memory_mib', 0):,} MiB |",
            f"| Python | {machine.get('python', '')} |",
            f"| system | {_cell(machine.get('os', ''))} |",
            f"| commit | {machine.get('commit') or '(not a git checkout)'} |",
            f"| date (UTC) | {machine.get('date', '')} |",
            f"| load average at the start | {', '.join(str(x) for x in load)} |"]


def profiling_lines(profiling: dict[str, Any] | None) -> list[str]:
    if not profiling:
        return ["No profiling record (court_node/bench/profiling.json)."]
    lines = [str(profiling.get("how", "")), "", f"**What dominated.** {profiling.get('finding', '')}", "",
             f"**The fix.** {profiling.get('fix', '')}", ""]
    before = {f["name"]: f for f in profiling.get("before", [])}
    after = {f["name"]: f for f in profiling.get("after", [])}
    if before:
        lines += ["| figure | before | after | unit |", "|---|---:|---:|---|"]
        for name, item in before.items():
            later = after.get(name, {}).get("value", "")
            lines.append(f"| {_cell(name)} | {_number(item['value'])} | "
                         f"{_number(later) if later != '' else ''} | {item.get('unit', '')} |")
        lines.append("")
    for label, key in (("Hot paths before", "hot_paths_before"), ("Hot paths after", "hot_paths_after")):
        paths = profiling.get(key) or []
        if paths:
            lines += [f"{label} (share of the node's time per inspection):", ""]
            lines += [f"- {_cell(p)}" for p in paths]
            lines.append("")
    return lines


def markdown(run: Run, profiling: dict[str, Any] | None) -> str:
    mode = "quick (CI size: goals not judged)" if run.quick else "full"
    lines = ["# Benchmarks", "",
             f"Written by `freezesim bench` ({mode} run). Every figure of one run was measured side by side on the "
             "machine below, so they compare with each other; absolute times on a shared machine mean little. "
             "Do not edit: rerun `scripts/bench`.", "",
             "## Summary", "", *summary_rows(run), "",
             "## Machine", "", *machine_rows(run.machine), "",
             "## How to reproduce", "", REPRODUCE, ""]
    for number, outcome in enumerate(run.outcomes, 1):
        title = outcome.result.title if outcome.result else outcome.as_json()["title"]
        lines += [f"## {number}. {title}", ""]
        if outcome.result is not None:
            lines += [f"Goal: {outcome.result.goal}. Measured: {outcome.result.measured}.", ""]
            if outcome.result.limits:
                lines += [f"What limits it: {outcome.result.limits}", ""]
            doc = outcome.result.details.get("method")
            if doc:
                lines += [str(doc).replace("``", "`"), ""]
        lines += [*figure_rows(outcome), ""]
    lines += ["## Profiling", "", *profiling_lines(profiling)]
    return "\n".join(lines).rstrip() + "\n"
