"""``freezesim up``: the whole stack in the foreground — three mock providers and the court node — until Ctrl-C."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from types import FrameType

import click

from court_node.cli.processes import StartupError
from court_node.demo_data import DEMO_USERS
from court_node.stack.launcher import DEFAULT_PORTS, PROVIDERS, Stack, StackOptions


@click.command("up")
@click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False), default=Path(".freezesim/stack"),
              show_default=True, help="State, keys and logs of every service (kept across restarts).")
@click.option("--node-port", type=int, default=DEFAULT_PORTS["node"], show_default=True)
@click.option("--base-port", type=int, default=DEFAULT_PORTS["bank"], show_default=True,
              help="First of the three providers' consecutive ports.")
@click.option("--grace-days", type=int, default=0, show_default=True,
              help="Days after the notice before deductions are allowed (the seed's story uses 60).")
@click.option("--once", is_flag=True, help="Start, print, and stop again at once (a smoke check).")
def up_command(data_dir: Path, node_port: int, base_port: int, grace_days: int, once: bool) -> None:
    """Start the court node and the bank, Alipay-like and WeChat-like mocks with sample debtors and demo users."""
    ports = {"node": node_port, **{name: base_port + i for i, name in enumerate(PROVIDERS)}}
    stack = Stack(StackOptions(data_dir=data_dir, ports=ports,
                               node_settings={"grace_days": grace_days, "background": True,
                                              "worker_interval_s": 1.0}))
    def _terminate(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    # A closed terminal or a `kill` must stop the services too, not leave them orphaned.
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    try:
        stack.start()
    except StartupError as exc:
        raise click.ClickException(f"{exc} (nothing was left running)") from None
    try:
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
    click.echo("The freezesim stack is up:\n")
    click.echo(f"  court node  {stack.url('node')}   OpenAPI {stack.url('node')}/openapi.json")
    for name in PROVIDERS:
        click.echo(f"  {name:<10}  {stack.url(name)}   admin token {stack.services[name].admin_token()}")
    click.echo(f"\n  logs: {stack.data_dir / 'logs'}   node admin token: {stack.node.admin_token()}")
    click.echo("  demo users (demo only):")
    for user in DEMO_USERS:
        click.echo(f"    {user.court_code} {user.role:<6} {user.name:<5} {user.token}")
    click.echo(f"\nTry:  curl -H 'Authorization: Bearer demo-judge-0101' {stack.url('node')}/api/v1/providers")
