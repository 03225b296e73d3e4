"""``freezesim down``: stop the stack ``freezesim up`` started from a data folder, and nothing else."""

from __future__ import annotations

from pathlib import Path

import click

from court_node.cli.stack_options import locate_options, stack_data_dir
from court_node.stack.shutdown import stop_recorded
from court_node.stack.state import STATE_FILE, StateError, read_state


@click.command("down")
@locate_options
def down_command(data_dir: Path | None, stack_file: Path | None) -> None:
    """Stop every process of the stack running from the data folder (SIGTERM, SIGKILL after 10 s).

    Exit status 0 when it stopped (or nothing was running there), 1 when the data folder does not exist.
    """
    folder = stack_data_dir(data_dir, stack_file)
    if not folder.is_dir():
        raise click.ClickException(f"missing data folder: {folder} does not exist (choose it with --data-dir)")
    try:
        state = read_state(folder)
    except StateError as exc:
        raise click.ClickException(str(exc)) from None
    if state is None:
        click.echo(f"nothing running from {folder} (no {STATE_FILE})")
        return
    report = stop_recorded(state)
    stopped = [f"{s.name} (pid {s.pid})" for s in report if s.running]
    gone = [s.name for s in report if not s.running]
    if stopped:
        click.echo(f"stopped {', '.join(stopped)}")
    if gone:
        click.echo(f"already gone: {', '.join(gone)}")
    click.echo(f"the stack in {folder} is down.")
