"""``freezesim node serve``: the court node on loopback (werkzeug, threaded) until Ctrl-C or SIGTERM."""

from __future__ import annotations

import signal
from pathlib import Path
from types import FrameType

import click
from werkzeug.serving import make_server

from court_node.app import build_context, create_app
from court_node.cli.audit import audit_group
from court_node.cli.courts import courts_group
from court_node.cli.options import node_config, settings_for, store_options
from court_node.cli.users import users_group
from court_node.config import ConfigError
from court_node.context import EXTENSION_KEY, NodeContext
from court_node.demo_data import DEMO_USERS
from court_node.services.reconcile import reconcile


@click.group("node")
def node_group() -> None:
    """The court node: the inspection and control service."""


@node_group.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="0 picks a free one.")
@click.option("--demo", is_flag=True, default=None, help="Seed the demo courts and users (fixed demo tokens).")
@click.option("--background/--no-background", default=True, show_default=True,
              help="Run the worker that resolves open provider requests and reads freezes every few seconds.")
@store_options
def serve_command(host: str, port: int, demo: bool | None, background: bool, data_dir: Path | None,
                  config_file: Path | None) -> None:
    """Serve the court node's API until Ctrl-C."""
    try:
        app = create_app(node_config(data_dir, config_file, demo=demo, background=background))
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    ctx: NodeContext = app.extensions[EXTENSION_KEY]
    try:
        server = make_server(host, port, app, threaded=True)
    except OSError as exc:
        ctx.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc}") from None
    url = f"http://{host}:{server.server_port}"
    click.echo(f"freezesim court node listening on {url} (werkzeug, threaded)")
    click.echo(f"  data folder: {ctx.settings.data_dir.resolve()}   database: {ctx.settings.database_url}")
    click.echo(f"  providers:   {', '.join(ctx.adapters) or 'none configured'}")
    worker = f"reconciles every {ctx.settings.worker_interval_s:g}s" if ctx.settings.background else "off"
    click.echo(f"  worker:      {worker}")
    token_note = "from the settings" if ctx.settings.admin_token else str(ctx.settings.data_dir / "admin-token")
    click.echo(f"  admin token: {token_note} (for {url}/_admin/clock)")
    click.echo(f"  OpenAPI:     {url}/openapi.json")
    if ctx.settings.demo:
        click.echo("  demo tokens (demo only):")
        for user in DEMO_USERS:
            click.echo(f"    {user.court_code} {user.role:<6} {user.name:<5} {user.token}")
    click.echo("Stop with Ctrl+C or SIGTERM.", nl=True)

    def _stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve_forever()  # werkzeug returns from here on Ctrl-C (or our SIGTERM) and closes the socket
    finally:
        signal.signal(signal.SIGTERM, previous)
        ctx.close()
    click.echo("the court node stopped.")


@node_group.command("reconcile")
@store_options
def reconcile_command(data_dir: Path | None, config_file: Path | None) -> None:
    """Settle every provider request whose outcome is open, read live freezes, release what cases no longer need.

    Asks each provider by the request's own number, and sends again, under that number, a request the provider
    never received. Safe to run at any time, also while the node serves.
    """
    try:
        ctx = build_context(settings_for(data_dir, config_file))
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        report = reconcile(ctx)
    finally:
        ctx.close()
    click.echo(f"reconciled: {report}")
    if report.still_open:
        click.echo("requests still open will be asked about again at the next run.")


#: the court node's commands, added to the ``freezesim`` group
NODE_COMMANDS = (node_group, users_group, courts_group, audit_group)
