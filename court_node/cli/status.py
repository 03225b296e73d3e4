"""``freezesim status``: each service of the stack running from a data folder — URL, pid, health, simulated time.

A table on a terminal, plain lines (no escape codes) when the output goes to a file or a pipe.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import click
import requests

from court_node.cli.stack_options import locate_options, stack_data_dir
from court_node.demo_data import DEMO_USERS
from court_node.stack.state import ServiceRecord, StackState, StateError, read_state, service_alive

#: the exit status when the stack is not running or a service is not up
NOT_ALL_UP = 3
_PROBE_TIMEOUT_S = 2.0


@dataclass(frozen=True)
class ServiceStatus:
    name: str
    url: str
    pid: int
    state: str  # up | not answering | down
    simulated_time: str

    @property
    def up(self) -> bool:
        return self.state == "up"


def probe(state: StackState, service: ServiceRecord) -> ServiceStatus:
    """Is the recorded process running, does it answer ``/health``, and what time does its clock show."""
    if not service_alive(state.data_dir, service):
        return ServiceStatus(service.name, service.url, service.process.pid, "down", "-")
    try:
        healthy = requests.get(f"{service.url}/health", timeout=_PROBE_TIMEOUT_S).status_code == 200
    except requests.RequestException:
        healthy = False
    return ServiceStatus(service.name, service.url, service.process.pid, "up" if healthy else "not answering",
                         _simulated_time(service) if healthy else "-")


def _simulated_time(service: ServiceRecord) -> str:
    try:
        token = (Path(service.data_dir) / "admin-token").read_text().strip()
        answer = requests.get(f"{service.url}/_admin/clock", headers={"Authorization": f"Bearer {token}"},
                              timeout=_PROBE_TIMEOUT_S)
        clock = answer.json()
        text = str(clock["now_beijing"])[:19].replace("T", " ")
    except (OSError, ValueError, KeyError, TypeError, requests.RequestException):
        return "?"
    return f"{text} (stopped)" if clock.get("stopped") else text


@click.command("status")
@locate_options
@click.pass_context
def status_command(ctx: click.Context, data_dir: Path | None, stack_file: Path | None) -> None:
    """Each service's URL, pid, health and simulated time, and the demo tokens.

    Exit status 0 when every service is up, 3 when the stack is not running or a service is not up, 1 when the
    data folder does not exist.
    """
    folder = stack_data_dir(data_dir, stack_file)
    if not folder.is_dir():
        raise click.ClickException(f"missing data folder: {folder} does not exist (choose it with --data-dir)")
    try:
        state = read_state(folder)
    except StateError as exc:
        raise click.ClickException(str(exc)) from None
    if state is None:
        click.echo(f"no stack is running from {folder}; start one with `freezesim up`")
        ctx.exit(NOT_ALL_UP)
        return
    order = ["node", *state.providers]
    statuses = [probe(state, state.services[name]) for name in order if name in state.services]
    if sys.stdout.isatty():
        _print_rich(state, statuses)
    else:
        _print_plain(state, statuses)
    if not statuses or not all(s.up for s in statuses):
        ctx.exit(NOT_ALL_UP)


def _how(state: StackState) -> str:
    started = f"started {state.started_at}" if state.started_at else "start time unknown"
    if state.supervisor is None:
        return f"{started}, detached"
    return f"{started}, in the foreground of `freezesim up` pid {state.supervisor.pid}"


def _print_plain(state: StackState, statuses: list[ServiceStatus]) -> None:
    click.echo(f"stack in {state.data_dir} ({_how(state)})")
    click.echo(f"{'service':<8} {'url':<24} {'pid':>7}  {'state':<14} simulated time (Beijing)")
    for s in statuses:
        click.echo(f"{s.name:<8} {s.url:<24} {s.pid:>7}  {s.state:<14} {s.simulated_time}")
    if state.demo:
        click.echo("demo users (demo only):")
        for user in DEMO_USERS:
            click.echo(f"  {user.court_code} {user.role:<6} {user.name:<5} {user.token}")


def _print_rich(state: StackState, statuses: list[ServiceStatus]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(force_terminal=None)
    table = Table(title=f"stack in {state.data_dir}", caption=_how(state))
    for column in ("service", "url", "pid", "state", "simulated time (Beijing)"):
        table.add_column(column, justify="right" if column == "pid" else "left")
    colours = {"up": "green", "down": "red"}
    for s in statuses:
        table.add_row(s.name, s.url, str(s.pid), f"[{colours.get(s.state, 'yellow')}]{s.state}[/]", s.simulated_time)
    console.print(table)
    if state.demo:
        users = Table(title="demo users (demo only)")
        for column in ("court", "role", "name", "token"):
            users.add_column(column)
        for user in DEMO_USERS:
            users.add_row(user.court_code, user.role, user.name, user.token)
        console.print(users)
