"""``freezesim bench``: the benchmarks of docs/benchmarks.md, each on its own fresh stack, side by side in one run;
exit 0 when every benchmark ran (a missed goal is a figure, not a failure), 1 when one raised."""

from __future__ import annotations

import signal
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import click
from rich.console import Console
from rich.status import Status

from court_node.bench.registry import choose
from court_node.bench.report import load_profiling, summary_rows, write_report
from court_node.bench.result import BenchContext
from court_node.bench.runner import Outcome, run_all

DEFAULT_OUT = Path("docs")
QUICK_OUT = "freezesim-bench-quick"  # in the system's temporary folder: quick figures never replace docs/


def _only(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    try:
        choose(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    return value


@click.command("bench")
@click.option("--quick", is_flag=True, help="CI size: a few seconds each, goals not judged; writes to "
                                            f"$TMPDIR/{QUICK_OUT} unless --out is given.")
@click.option("--only", default=None, callback=_only, metavar="NAMES",
              help="Comma-separated benchmarks (fanout, throughput, bulk, national_day, provider_scale, node_scale).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Where benchmarks.md and benchmarks.json go [default: docs/, or a scratch folder with --quick].")
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of whatever a benchmark draws.")
@click.option("--plain", is_flag=True, help="Plain lines even on a terminal (the default when piped).")
def bench_command(quick: bool, only: str | None, out_dir: Path | None, seed: int, plain: bool) -> None:
    """Measure the stack's speed against the goals of docs/benchmarks.md, side by side in one run."""
    keys = choose(only)
    console = Console()
    fancy = console.is_terminal and not plain
    previous = _stop_on_signals()
    try:
        with tempfile.TemporaryDirectory(prefix="freezesim-bench-") as scratch:
            out = out_dir or (Path(scratch).parent / QUICK_OUT if quick else DEFAULT_OUT)
            ctx = BenchContext(quick=quick, work_dir=Path(scratch), seed=seed, echo=_echo(console, fancy))
            click.echo(f"freezesim bench: {', '.join(keys)} ({'quick' if quick else 'full'} run)")
            with _progress(console, fancy) as status:
                def progress(key: str, index: int, total: int) -> None:
                    text = f"[{index + 1}/{total}] {key}..."
                    if status is not None:
                        status.update(text)
                    else:
                        click.echo(text)

                run = run_all(keys, ctx, repo=Path.cwd(), progress=progress, done=_done)
            json_path, md_path = write_report(run, out, load_profiling())
    except KeyboardInterrupt:
        click.echo("\nstopped; every service of the run was stopped", err=True)
        raise SystemExit(130) from None
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    click.echo("")
    for row in summary_rows(run):
        click.echo(row)
    click.echo(f"\nreport: {md_path}   figures: {json_path}")
    raise SystemExit(0 if run.ok else 1)


def _echo(console: Console, fancy: bool) -> Callable[[str], None]:
    def echo(line: str) -> None:
        if fancy:
            console.log(line, markup=False, highlight=False)
        else:
            click.echo(f"  {line}")
            sys.stdout.flush()

    return echo


def _done(outcome: Outcome) -> None:
    result = outcome.result
    detail = result.measured if result is not None else outcome.message
    click.echo(f"{outcome.key}: {outcome.status} in {outcome.seconds:.0f} s: {detail}")


@contextmanager
def _progress(console: Console, fancy: bool) -> Iterator[Status | None]:
    if not fancy:
        yield None
        return
    with console.status("starting...") as status:
        yield status


def _stop_on_signals() -> dict[int, Any]:
    """A `kill` stops the run's services as Ctrl-C does; returns the handlers to put back."""

    def _terminate(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous: dict[int, Any] = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _terminate)
    return previous
