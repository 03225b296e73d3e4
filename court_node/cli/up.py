"""``freezesim up``: the whole stack a stack file describes — the court node and the mock providers — in the
foreground until Ctrl-C, or in the background with ``--detach`` until ``freezesim down``."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import click

from court_node.cli.processes import StartupError
from court_node.demo_data import DEMO_USERS
from court_node.stack.launcher import Stack, StackOptions
from court_node.stack.stackfile import DEFAULT_DATA_DIR, StackFileError, apply_overrides, load_stack_file
from court_node.stack.state import StateError, read_state, remove_state


@click.command("up")
@click.option("--stack", "stack_file", type=click.Path(path_type=Path, dir_okay=False),
              help="The stack file (TOML) to start; default: the shipped default stack (docs/stack.md).")
@click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False),
              help=f"State, keys and logs of every service, kept across restarts (default: the stack file's "
                   f"data_dir, else {DEFAULT_DATA_DIR}).")
@click.option("--node-port", type=click.IntRange(1, 65535), help="The court node's port (overrides the file).")
@click.option("--base-port", type=click.IntRange(1, 65533),
              help="First of three consecutive ports for bank, alipay, wechat (overrides the file).")
@click.option("--grace-days", type=click.IntRange(0, 3650),
              help="Days after the notice before deductions are allowed (the seed's story uses 60).")
@click.option("--detach", is_flag=True, help="Return once everything is up and leave it running; "
                                             "stop it with `freezesim down`.")
@click.option("--once", is_flag=True, help="Start, print, and stop again at once (a smoke check).")
def up_command(stack_file: Path | None, data_dir: Path | None, node_port: int | None, base_port: int | None,
               grace_days: int | None, detach: bool, once: bool) -> None:
    """Start the court node and the bank, Alipay-like and WeChat-like mocks, wait until each is healthy."""
    if detach and once:
        raise click.UsageError("--detach and --once exclude each other")
    try:
        options = apply_overrides(load_stack_file(stack_file), data_dir=data_dir, node_port=node_port,
                                  base_port=base_port, grace_days=grace_days)
    except StackFileError as exc:
        raise click.ClickException(str(exc)) from None
    folder = _prepare_data_dir(options.data_dir)
    stack = Stack(options)

    with _stop_on_hangup():
        try:
            stack.start()
        except StartupError as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            raise click.ClickException("interrupted while starting; nothing was left running") from None
        if not detach:
            _run_in_foreground(stack, once)
            return
    # detached: the stack is recorded in stack.json and outlives this command
    _announce(stack)
    click.echo(f"\nRunning in the background. `freezesim status --data-dir {folder}` shows it, "
               f"`freezesim down --data-dir {folder}` stops it.")


@contextmanager
def _stop_on_hangup() -> Iterator[None]:
    """SIGTERM and SIGHUP raise KeyboardInterrupt inside the block, so that whatever started is stopped again:
    a closed terminal, a `kill` or `freezesim down` must not leave services orphaned."""

    def _terminate(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = {signum: signal.signal(signum, _terminate) for signum in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _prepare_data_dir(data_dir: Path) -> Path:
    """The data folder, created when missing; refuses one whose parent is missing, or one a stack runs from."""
    folder = data_dir.expanduser().resolve()
    if folder.exists() and not folder.is_dir():
        raise click.ClickException(f"the data folder {folder} is a file, not a folder")
    default = (Path.cwd() / DEFAULT_DATA_DIR).resolve()
    if not folder.exists() and not folder.parent.is_dir() and folder != default:
        # a mistyped path is caught here rather than creating a tree of folders somewhere unexpected
        raise click.ClickException(f"missing data folder: {folder.parent} does not exist, so {folder} cannot be "
                                   "created in it; create it first or choose another --data-dir")
    folder.mkdir(parents=True, exist_ok=True)
    try:
        state = read_state(folder)
    except StateError as exc:
        raise click.ClickException(f"{exc}; if no stack runs from {folder}, delete that file") from None
    if state is not None:
        if state.is_running():
            raise click.ClickException(f"a stack is already running from {folder}; "
                                       f"`freezesim down --data-dir {folder}` first")
        remove_state(folder)
        click.echo(f"(removed the record of an earlier stack in {folder}: none of its processes runs any more)")
    return folder


def _run_in_foreground(stack: Stack, once: bool) -> None:
    try:
        stack.write_state(supervisor_pid=os.getpid())  # `freezesim down` asks this process to stop it all
        _announce(stack)
        if once:
            return
        click.echo("\nPress Ctrl-C to stop everything.")
        while all(s.process is not None and s.process.poll() is None for s in stack.services.values()):
            time.sleep(0.5)
        crashed = [n for n, s in stack.services.items() if s.process is not None and s.process.poll() is not None]
        click.echo(f"stopped unexpectedly: {', '.join(crashed)}; see the logs", err=True)
    except KeyboardInterrupt:
        click.echo("\nstopping...")
    finally:
        stack.stop()  # whatever happened above (even a closed output pipe), nothing is left running
    if not once:
        click.echo("the stack stopped.")


def _announce(stack: Stack) -> None:
    options: StackOptions = stack.options
    click.echo("The freezesim stack is up:\n")
    click.echo(f"  court node  {stack.url('node')}   OpenAPI {stack.url('node')}/openapi.json")
    for name in options.providers:
        click.echo(f"  {name:<10}  {stack.url(name)}   admin token {stack.services[name].admin_token()}")
    click.echo(f"\n  data: {stack.data_dir}   logs: {stack.data_dir / 'logs'}")
    click.echo(f"  node admin token: {stack.node.admin_token()}")
    if options.demo:
        click.echo("  demo users (demo only):")
        for user in DEMO_USERS:
            click.echo(f"    {user.court_code} {user.role:<6} {user.name:<5} {user.token}")
        click.echo(f"\nTry:  curl -H 'Authorization: Bearer demo-judge-0101' {stack.url('node')}/api/v1/providers")
