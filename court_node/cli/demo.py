"""``freezesim demo``: the seed's story narrated end to end on a fresh stack; exit 0 with a summary, 1 naming the
step that went wrong. ``--keep-running`` leaves the stack up afterwards for the console and the clock."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path
from types import FrameType

import click

from court_node.cli.processes import StartupError
from court_node.demo.fresh_stack import DEFAULT_DATA_DIR, SetupError, demo_ports, demo_stack, fresh_folder, prepare
from court_node.demo.pace import parse_pace, pauser
from court_node.demo.render import choose_renderer
from court_node.demo.runner import Outcome, run_story
from court_node.demo.story import STORY
from court_node.demo.world import DemoWorld
from court_node.demo_data import DEMO_USERS
from court_node.stack.invariants import check_stack
from court_node.stack.launcher import PROVIDERS, Stack


def _pace(ctx: click.Context, param: click.Parameter, value: str | None) -> float | str | None:
    try:
        return None if value is None else parse_pace(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("demo")
@click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_DATA_DIR,
              show_default=True, help="The demo stack's folder, wiped at every start.")
@click.option("--node-port", type=int, default=None, help="The court node's port [default: a free one].")
@click.option("--base-port", type=int, default=None,
              help="First of the providers' three consecutive ports [default: free ones].")
@click.option("--pace", metavar="SECONDS|enter", default=None, callback=_pace,
              help="Pause after each step: a number of seconds, or `enter` to wait for Enter (live talks).")
@click.option("--keep-running", is_flag=True, help="Leave the stack up after the summary, until Ctrl-C.")
@click.option("--plain", is_flag=True, help="Plain text lines even on a terminal (the default when piped).")
def demo_command(data_dir: Path, node_port: int | None, base_port: int | None, pace: float | str | None,
                 keep_running: bool, plain: bool) -> None:
    """The seed's story, narrated step by step on a fresh stack, every outcome checked."""
    renderer = choose_renderer(plain=plain)
    try:
        folder = fresh_folder(data_dir)
    except SetupError as exc:
        raise click.ClickException(str(exc)) from None
    stack = demo_stack(folder, demo_ports(node_port, base_port))
    _stop_on_signals()
    code = 1
    try:
        renderer.heading("freezesim demo: the seed's story on a fresh stack", [
            f"data and logs in {data_dir}; starting the court node and the bank, Alipay-like and WeChat-like "
            "mocks..."])
        with renderer.waiting("the stack to start"):
            stack.start()
        prepare(stack)
        renderer.heading("The stack is up:", [f"{name:<10} {stack.url(name)}" for name in ("node", *PROVIDERS)])
        world = DemoWorld(stack, progress=renderer.waiting)
        outcome = run_story(STORY, world, renderer, check=lambda: [str(v) for v in check_stack(stack)],
                            pause=pauser(pace))
        code = _report(outcome, stack)
        if keep_running:
            code = max(code, _keep_running(stack, data_dir))
    except StartupError as exc:
        click.echo(f"freezesim demo: {exc}", err=True)
    except KeyboardInterrupt:
        click.echo("\nstopping...", err=True)
        code = 130
    except BrokenPipeError:
        # nobody reads our output any more; stop quietly (Python would complain when flushing stdout at exit)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except RuntimeError as exc:  # the bank refused its answer delay
        click.echo(f"freezesim demo: {exc}", err=True)
    finally:
        for name in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(name, signal.SIG_IGN)  # a second Ctrl-C must not cut the stopping short
        stack.stop()  # whatever happened above, nothing is left running
    raise SystemExit(code)


def _stop_on_signals() -> None:
    def _terminate(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    # A `kill` or a closed terminal must stop the services too, not leave them orphaned; Ctrl-C as well, even
    # where the shell started us with interrupts ignored (a background job).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)


def _report(outcome: Outcome, stack: Stack) -> int:
    if outcome.failure is None:
        click.echo(f"\nThe story ran in {outcome.seconds:.0f} s: {outcome.steps_passed} steps, every outcome as told.")
        return 0
    click.echo(f"freezesim demo: {outcome.failure}", err=True)
    click.echo(f"service logs: {stack.data_dir / 'logs'}", err=True)
    return 1


def _keep_running(stack: Stack, data_dir: Path) -> int:
    """Serve until Ctrl-C (0) or until a service stops by itself (1)."""
    click.echo("\nThe stack stays up for the console (Ctrl-C stops it):\n")
    click.echo(f"  court node  {stack.url('node')}   OpenAPI {stack.url('node')}/openapi.json   "
               f"admin token {stack.node.admin_token()}")
    for name in PROVIDERS:
        click.echo(f"  {name:<10}  {stack.url(name)}   admin token {stack.services[name].admin_token()}")
    click.echo(f"\n  logs: {stack.data_dir / 'logs'}")
    click.echo("  demo users (demo only):")
    for user in DEMO_USERS:
        click.echo(f"    {user.court_code} {user.role:<6} {user.name:<5} {user.token}")
    click.echo(f"\nTry:  curl -H 'Authorization: Bearer demo-judge-0101' {stack.url('node')}/api/v1/cases")
    click.echo(f"      freezesim clock show --data-dir {data_dir}")
    click.echo(f"      freezesim clock advance 30d --data-dir {data_dir}")
    try:
        while all(s.process is not None and s.process.poll() is None for s in stack.services.values()):
            time.sleep(0.5)
    except KeyboardInterrupt:
        click.echo("\nstopping...")
        return 0
    crashed = [n for n, s in stack.services.items() if s.process is not None and s.process.poll() is not None]
    click.echo(f"stopped unexpectedly: {', '.join(crashed)}; see the logs in {stack.data_dir / 'logs'}", err=True)
    return 1
