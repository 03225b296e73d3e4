"""``freezesim mocks``: the three mock providers with sample data, until Ctrl-C."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from types import FrameType

import click

from court_node.cli.processes import Service, StartupError, start, stop, wait_healthy

PROVIDERS = {"bank": 8101, "alipay": 8102, "wechat": 8103}


def provider_services(data_dir: Path, base_port: int | None, workers: int, threads: int) -> list[Service]:
    services = []
    for offset, (name, default_port) in enumerate(PROVIDERS.items()):
        port = default_port if base_port is None else base_port + offset
        folder = data_dir / name
        args = ["-m", f"payment_mocks.{name}", "--port", str(port), "--data-dir", str(folder),
                "--workers", str(workers), "--threads", str(threads), "--sample-data"]
        services.append(Service(name, port, folder, data_dir / "logs" / f"{name}.log", args))
    return services


@click.command("mocks")
@click.option("--data-dir", type=click.Path(path_type=Path), default=Path(".freezesim/mocks"), show_default=True,
              help="Folder for each provider's state, keys and logs.")
@click.option("--base-port", type=int, default=None, help="First of three consecutive ports (default 8101-8103).")
@click.option("--workers", type=int, default=1, show_default=True, help="gunicorn worker processes per provider.")
@click.option("--threads", type=int, default=8, show_default=True, help="Threads per worker.")
@click.option("--once", is_flag=True, help="Start, print, and stop again at once (a smoke check).")
def mocks_command(data_dir: Path, base_port: int | None, workers: int, threads: int, once: bool) -> None:
    """Run the bank, Alipay-like and WeChat-like mocks with sample debtors until Ctrl-C."""
    services = provider_services(data_dir.resolve(), base_port, workers, threads)
    started: list[Service] = []
    try:
        for service in services:
            start(service)
            started.append(service)
        for service in services:
            wait_healthy(service)
    except StartupError as exc:
        for service in started:
            stop(service)
        raise click.ClickException(str(exc)) from None

    def _terminate(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    # A closed terminal or a `kill` must stop the providers too, not leave them orphaned.
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    try:
        _announce(services)
        if once:
            return
        click.echo("\nPress Ctrl-C to stop them.")
        while all(s.process is not None and s.process.poll() is None for s in services):
            time.sleep(0.5)
        crashed = [s.name for s in services if s.process is not None and s.process.poll() is not None]
        click.echo(f"stopped unexpectedly: {', '.join(crashed)}; see the logs", err=True)
    except KeyboardInterrupt:
        click.echo("\nstopping...")
    finally:
        for service in services:
            stop(service)  # whatever happened above (even a closed output pipe), nothing is left running
    if not once:
        click.echo("all mock providers stopped.")


def _announce(services: list[Service]) -> None:
    click.echo("The mock providers are up (state survives a restart):\n")
    for service in services:
        click.echo(f"  {service.name:<7} {service.url}   OpenAPI {service.url}/openapi.json")
        click.echo(f"          admin token {service.admin_token()}   data {service.data_dir}   log {service.log_path}")
    click.echo("\nTry:  curl -H 'Authorization: Bearer <admin token>' "
               f"{services[0].url}/_admin/accounts?id_number=11010519491231002X")
