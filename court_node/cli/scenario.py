"""``freezesim scenario run|list|show``: scenario files run on a fresh stack each, with a report and JUnit XML.

Exit codes of ``run``: 0 every scenario passed, 1 a scenario failed, 2 a file is malformed (nothing ran).
"""

from __future__ import annotations

import signal
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import FrameType
from typing import Any

import click

from court_node.scenarios.errors import ScenarioError
from court_node.scenarios.junit import write_junit
from court_node.scenarios.model import Scenario
from court_node.scenarios.parse import load_file
from court_node.scenarios.report import Report
from court_node.scenarios.runner import ScenarioResult, new_seed, run_scenario, scenario_seed
from court_node.scenarios.shipped import sample, samples

EXIT_FAILED = 1
EXIT_MALFORMED = 2
EXIT_INTERRUPTED = 130


@click.group("scenario")
def scenario_group() -> None:
    """Scenario files: scripted enforcement stories with expectations, each run on a fresh stack."""


@scenario_group.command("run")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--sample", "sample_names", multiple=True, metavar="NAME",
              help="A shipped sample (see `freezesim scenario list`); `--sample all` runs every one. Repeatable.")
@click.option("--seed", type=click.IntRange(min=0), default=None,
              help="Seed of every generated number (IDs, case and document numbers, fault seeds); "
                   "the report prints the one used.")
@click.option("--junit", "junit_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Also write JUnit XML here: a testsuite per file, a testcase per step.")
@click.option("--jobs", "-j", type=click.IntRange(1, 16), default=1, show_default=True,
              help="Scenario files run at once, each on its own stack; reports still come in file order.")
@click.option("--color/--no-color", "colour", default=None, help="Colour the report (default: on a terminal only).")
def run_command(files: tuple[Path, ...], sample_names: tuple[str, ...], seed: int | None, junit_path: Path | None,
                jobs: int, colour: bool | None) -> None:
    """Run scenario FILES (and shipped samples); exit 0 when all pass, 1 when one fails, 2 when one is malformed."""
    if not files and not sample_names:
        raise click.UsageError("name scenario files, or shipped samples with --sample NAME (--sample all)")
    report = Report(colour=colour)
    scenarios, malformed = _load(files, sample_names)
    if malformed:
        report.malformed(malformed)
        if junit_path is not None:
            write_junit(junit_path, [], malformed)
        raise SystemExit(EXIT_MALFORMED)
    run_seed = seed if seed is not None else new_seed()
    started = time.monotonic()
    previous = _stop_on_signals()
    try:
        results = _one_by_one(scenarios, run_seed, report) if jobs == 1 else _side_by_side(scenarios, run_seed,
                                                                                           report, jobs)
    except KeyboardInterrupt:
        click.echo("\ninterrupted: every stack that was started has been stopped", err=True)
        raise SystemExit(EXIT_INTERRUPTED) from None
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    report.summary(results, time.monotonic() - started, run_seed)
    if junit_path is not None:
        write_junit(junit_path, results)
    raise SystemExit(0 if all(r.passed for r in results) else EXIT_FAILED)


def _stop_on_signals() -> dict[int, Any]:
    """A closed terminal or a ``kill`` stops the run like Ctrl-C: each stack is stopped, none is orphaned.

    Returns the handlers replaced, to put back afterwards.
    """
    def _interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        return {}
    return {signum: signal.signal(signum, _interrupt) for signum in (signal.SIGTERM, signal.SIGHUP)}


def _one_by_one(scenarios: list[Scenario], run_seed: int, report: Report) -> list[ScenarioResult]:
    """Each file in turn, its steps reported as they finish."""
    results = []
    for scenario in scenarios:
        own_seed = scenario_seed(run_seed, scenario)
        report.scenario_started(scenario, own_seed)
        result = run_scenario(scenario, own_seed, on_step=report.step)
        report.scenario_finished(result)
        results.append(result)
    return results


def _side_by_side(scenarios: list[Scenario], run_seed: int, report: Report, jobs: int) -> list[ScenarioResult]:
    """``jobs`` files at once, each on its own stack; each file's report comes whole, in file order."""
    cancel = threading.Event()
    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="scenario")
    futures = [pool.submit(run_scenario, s, scenario_seed(run_seed, s), cancel=cancel) for s in scenarios]
    results = []
    try:
        for future in futures:
            result = future.result()
            report.scenario_started(result.scenario, result.seed)
            for step in result.steps:
                report.step(step)
            report.scenario_finished(result)
            results.append(result)
    except BaseException:
        cancel.set()  # the running files skip their remaining steps and stop their stacks
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()
    return results


def _load(files: tuple[Path, ...], sample_names: tuple[str, ...]) -> tuple[list[Scenario], list[ScenarioError]]:
    """Every file read and checked before anything runs."""
    scenarios: list[Scenario] = []
    malformed: list[ScenarioError] = []
    for path in files:
        try:
            scenarios.append(load_file(path))
        except ScenarioError as exc:
            malformed.append(exc)
    chosen = [s.stem for s in samples()] if "all" in sample_names else list(sample_names)
    for name in chosen:
        try:
            scenarios.append(sample(name).scenario())
        except KeyError as exc:
            raise click.BadParameter(str(exc.args[0]), param_hint="--sample") from None
        except ScenarioError as exc:
            malformed.append(exc)
    return scenarios, malformed


@scenario_group.command("list")
def list_command() -> None:
    """The sample scenarios shipped with freezesim: file, name and what each shows."""
    for item in samples():
        try:
            scenario = item.scenario()
        except ScenarioError as exc:
            click.echo(f"{item.file_name}\n    (malformed: {exc})")
            continue
        click.echo(f"{item.file_name:<34} {scenario.name}")
        if scenario.description:
            click.echo(textwrap.fill(scenario.description, width=100, initial_indent="    ",
                                     subsequent_indent="    ", break_on_hyphens=False))
    click.echo("\nRun one with `freezesim scenario run --sample NAME`, all with `--sample all`; "
               "copy one with `freezesim scenario show NAME > my.yaml`.")


@scenario_group.command("show")
@click.argument("name")
def show_command(name: str) -> None:
    """Print a sample scenario's file, to read or to copy as the start of your own."""
    try:
        click.echo(sample(name).text, nl=False)
    except KeyError as exc:
        raise click.ClickException(str(exc.args[0])) from None
