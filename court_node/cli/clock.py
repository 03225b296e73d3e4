"""``freezesim clock``: read or move the simulated clock of every service of a running stack together."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from court_node.cli.processes import StartupError
from court_node.stack.launcher import Stack

_DATA_DIR = click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False),
                         default=Path(".freezesim/stack"), show_default=True,
                         help="The data folder the stack was started with (`freezesim up --data-dir`).")


def _attach(data_dir: Path) -> Stack:
    try:
        return Stack.attach(data_dir)
    except StartupError as exc:
        raise click.ClickException(str(exc)) from None


def _print(clocks: dict[str, Any]) -> None:
    for name, clock in clocks.items():
        state = "stopped" if clock["stopped"] else "running"
        click.echo(f"  {name:<7} {clock['now_beijing']}  ({state}, {clock['offset_seconds']:+.0f} s from real time)")


@click.group("clock")
def clock_group() -> None:
    """The simulated clock of the court node and every provider, moved together."""


@clock_group.command("show")
@_DATA_DIR
def show_command(data_dir: Path) -> None:
    """Each service's simulated time."""
    stack = _attach(data_dir)
    _print({name: stack.admin(name, "GET", "/clock") for name in stack.services})


@clock_group.command("advance")
@click.argument("duration")
@_DATA_DIR
def advance_command(duration: str, data_dir: Path) -> None:
    """Move every clock forward to one common instant, e.g. `freezesim clock advance 30d` (also 12h, 90m, 1y)."""
    try:
        clocks = _attach(data_dir).advance(duration)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    _print(clocks)


@clock_group.command("set")
@click.argument("instant")
@_DATA_DIR
def set_command(instant: str, data_dir: Path) -> None:
    """Set every clock to an ISO 8601 instant with a zone, e.g. 2027-06-01T09:00:00+08:00."""
    _print(_attach(data_dir).move_clock({"set": instant}))


@clock_group.command("stop")
@_DATA_DIR
def stop_command(data_dir: Path) -> None:
    """Stop time on every service (scripted runs see no drift between steps)."""
    _print(_attach(data_dir).move_clock({"stop": True}))


@clock_group.command("resume")
@_DATA_DIR
def resume_command(data_dir: Path) -> None:
    """Let time run again on every service."""
    _print(_attach(data_dir).move_clock({"resume": True}))
