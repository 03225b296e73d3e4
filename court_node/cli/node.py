"""``freezesim node serve``: the court node on loopback (werkzeug, threaded, or gunicorn) until Ctrl-C or SIGTERM."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from types import FrameType
from typing import Any

import click
from werkzeug.serving import make_server

from court_node.app import build_context, create_app
from court_node.cli.audit import audit_group
from court_node.cli.courts import courts_group
from court_node.cli.node_server import prepare_store, run_gunicorn
from court_node.cli.options import node_config, settings_for, store_options
from court_node.cli.users import users_group
from court_node.config import ConfigError, NodeSettings, load_settings
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
@click.option("--server", type=click.Choice(["werkzeug", "gunicorn"]), default="werkzeug", show_default=True,
              help="werkzeug (one process, threaded) or gunicorn (production: worker processes x threads).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="gunicorn worker processes.")
@click.option("--threads", type=click.IntRange(1, 256), default=8, show_default=True,
              help="Threads per gunicorn worker.")
@store_options
def serve_command(host: str, port: int, demo: bool | None, background: bool, server: str, workers: int,
                  threads: int, data_dir: Path | None, config_file: Path | None) -> None:
    """Serve the court node's API until Ctrl-C or SIGTERM."""
    config = node_config(data_dir, config_file, demo=demo, background=background)
    if server == "gunicorn":
        _serve_gunicorn(config, host, port, workers, threads)
    else:
        _serve_werkzeug(config, host, port)


def _serve_gunicorn(config: dict[str, Any], host: str, port: int, workers: int, threads: int) -> None:
    try:
        settings = load_settings(config)
        prepare_store(config)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None

    def ready(bound: int) -> None:
        _banner(settings, f"http://{host}:{bound}", f"gunicorn, {workers} worker(s) x {threads} threads")

    master = os.getpid()
    status = run_gunicorn(config, host, port, workers, threads, ready)
    if os.getpid() != master:
        return  # a worker process leaving: only the master reports
    if status:
        raise click.ClickException(f"the court node stopped with status {status}; see the lines above")
    click.echo("the court node stopped.")


def _serve_werkzeug(config: dict[str, Any], host: str, port: int) -> None:
    try:
        app = create_app(config)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    ctx: NodeContext = app.extensions[EXTENSION_KEY]
    try:
        server = make_server(host, port, app, threaded=True)
    except OSError as exc:
        ctx.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc}") from None
    _banner(ctx.settings, f"http://{host}:{server.server_port}", "werkzeug, threaded")

    def _stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve_forever()  # werkzeug returns from here on Ctrl-C (or our SIGTERM) and closes the socket
    finally:
        signal.signal(signal.SIGTERM, previous)
        ctx.close()
    click.echo("the court node stopped.")


def _banner(settings: NodeSettings, url: str, how: str) -> None:
    click.echo(f"freezesim court node listening on {url} ({how})")
    click.echo(f"  data folder: {settings.data_dir.resolve()}   database: {settings.database_url}")
    click.echo(f"  providers:   {', '.join(settings.provider_order) or 'none configured'}")
    worker = f"reconciles every {settings.worker_interval_s:g}s" if settings.background else "off"
    click.echo(f"  worker:      {worker}")
    token_note = "from the settings" if settings.admin_token else str(settings.data_dir / "admin-token")
    click.echo(f"  admin token: {token_note} (for {url}/_admin/clock)")
    click.echo(f"  OpenAPI:     {url}/openapi.json")
    if settings.demo:
        click.echo("  demo tokens (demo only):")
        for user in DEMO_USERS:
            click.echo(f"    {user.court_code} {user.role:<6} {user.name:<5} {user.token}")
    click.echo("Stop with Ctrl+C or SIGTERM.")


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
