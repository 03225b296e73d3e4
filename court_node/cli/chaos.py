"""``freezesim chaos``: concurrent court operations and debtor movements under seeded faults on a fresh stack,
then healing and the check of every invariant; a JSON report and a plot; exit 0 only when nothing broke."""

from __future__ import annotations

import signal
from pathlib import Path
from types import FrameType
from typing import Any

import click

from court_node.chaos.report import summary_lines
from court_node.chaos.runner import ChaosOptions, run_chaos
from court_node.chaos.schedule import DEFAULT_COURTS
from court_node.cli.processes import StartupError
from court_node.clock import parse_duration
from court_node.demo.fresh_stack import SetupError
from court_node.demo_data import DEMO_USERS


def _duration(ctx: click.Context, param: click.Parameter, value: str) -> float:
    try:
        seconds = parse_duration(value).total_seconds()
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    if not 10 <= seconds <= 24 * 3600:
        raise click.BadParameter("between 10s and 24h")
    return seconds


def _courts(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    courts = tuple(dict.fromkeys(c.strip() for c in value.split(",") if c.strip()))
    known = sorted({u.court_code for u in DEMO_USERS})
    stray = [c for c in courts if c not in known]
    if stray:
        raise click.BadParameter(f"{stray[0]} has no demo judge; choose from {', '.join(known)}")
    if len(courts) < 2:
        raise click.BadParameter("at least two courts, so that they compete for the same money")
    return courts


@click.command("chaos")
@click.option("--seed", type=int, default=1, show_default=True, help="The seed the whole schedule comes from.")
@click.option("--duration", default="60s", show_default=True, callback=_duration,
              help="How long the chaos lasts (e.g. 60s, 5m); setup and healing come on top.")
@click.option("--courts", default=",".join(DEFAULT_COURTS), show_default=True, callback=_courts,
              help="Comma-separated court codes (two or more, each with a demo judge).")
@click.option("--workers", type=click.IntRange(1, 32), default=4, show_default=True,
              help="Threads carrying out the operations concurrently.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("reports/chaos"),
              show_default=True, help="Where report.json and money.png are written.")
@click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="The stack's folder, wiped at the start [default: a temporary folder, removed at the end].")
def chaos_command(seed: int, duration: float, courts: tuple[str, ...], workers: int, out_dir: Path,
                  data_dir: Path | None) -> None:
    """Courts and debtors act at once while providers and the node fail; then heal and check every invariant."""
    options = ChaosOptions(seed=seed, duration_s=duration, out_dir=out_dir, courts=courts, workers=workers,
                           data_dir=data_dir)
    previous = _stop_on_signals()
    try:
        report = run_chaos(options, echo=click.echo)
    except (StartupError, SetupError) as exc:
        raise click.ClickException(str(exc)) from None
    except KeyboardInterrupt:
        click.echo("\nstopped; every service of the run was stopped", err=True)
        raise SystemExit(130) from None
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    click.echo("")
    for line in summary_lines(report):
        click.echo(line)
    click.echo(f"report: {out_dir / 'report.json'}   plot: {out_dir / 'money.png'}")
    raise SystemExit(0 if report["ok"] else 1)


def _stop_on_signals() -> dict[int, Any]:
    """A `kill` stops the services the run started, as Ctrl-C does; returns the handlers to put back."""

    def _terminate(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous: dict[int, Any] = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _terminate)
    return previous
