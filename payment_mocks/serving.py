"""Serving a mock provider: the command line (gunicorn, or werkzeug's threaded server) and a server in a thread.

``python -m payment_mocks.bank`` runs ``main("bank")``. Under gunicorn every worker builds its own app (no
preload); workers share all state (ledger, clock, faults, journal) through the SQLite file in the data folder.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from payment_mocks.control.callers import CallerRegistry
from payment_mocks.control.keys import PlatformKeys, load_or_create_admin_token
from payment_mocks.control.seed import SeedError, apply_seed, load_seed_file, sample_seed_path
from payment_mocks.ledger import Ledger, LedgerError
from payment_mocks.ledger.capabilities import profile

DEFAULT_PORTS = {"bank": 8101, "alipay": 8102, "wechat": 8103}
AppFactory = Callable[[Mapping[str, Any]], Flask]


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


@dataclass
class RunningServer:
    """A werkzeug server answering on a background thread; ``stop()`` shuts it down and frees the port."""

    server: BaseWSGIServer
    thread: threading.Thread
    host: str

    @property
    def port(self) -> int:
        return int(self.server.server_port)

    @property
    def url(self) -> str:
        return _url(self.host, self.port)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_in_thread(app: Flask, host: str = "127.0.0.1", port: int = 0) -> RunningServer:
    """Serve ``app`` on ``host:port`` (0: a free port) from a daemon thread, one thread per request."""
    server = make_server(host, port, app, threaded=True)
    thread = threading.Thread(target=functools.partial(server.serve_forever, poll_interval=0.05),
                              name=f"freezesim-server-{server.server_port}", daemon=True)
    thread.start()
    return RunningServer(server, thread, host)


def build_parser(name: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"python -m payment_mocks.{name}",
                                     description=f"Run the {name} mock provider on loopback.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORTS.get(name, 8100),
                        help=f"port (default: {DEFAULT_PORTS.get(name, 8100)}; 0 picks a free one)")
    parser.add_argument("--data-dir", type=Path, default=Path(".freezesim") / "data" / name,
                        help=f"state, keys and admin token (default: .freezesim/data/{name})")
    parser.add_argument("--server", choices=("gunicorn", "werkzeug"), default="gunicorn",
                        help="gunicorn (production, default) or werkzeug (one process, threaded)")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn worker processes (default: 1)")
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker (default: 8)")
    parser.add_argument("--profile", help="capability profile to switch to (default: keep the stored one)")
    parser.add_argument("--admin-token", help="control API token (default: <data-dir>/admin-token)")
    parser.add_argument("--seed-file", type=Path,
                        help="JSON seed applied only while the ledger has no subjects, so a restart keeps the data")
    parser.add_argument("--sample-data", action="store_true",
                        help="seed the sample debtors shipped with freezesim (payment_mocks/samples), like --seed-file")
    parser.add_argument("--access-log", action="store_true", help="log every request to stdout (gunicorn)")
    return parser


def main(name: str, argv: list[str] | None = None) -> int:
    """Run the ``name`` mock provider until SIGINT or SIGTERM; returns the exit status."""
    parser = build_parser(name)
    try:
        args = parser.parse_args(argv)
        if args.workers < 1 or args.threads < 1:
            parser.error("--workers and --threads must be at least 1")
        if not 0 <= args.port <= 65535:
            parser.error("--port must be between 0 and 65535")
    except SystemExit as exc:  # --help, or a usage error argparse already printed
        return exc.code if isinstance(exc.code, int) else 2
    try:
        factory: AppFactory = importlib.import_module(f"payment_mocks.{name}").create_app
        if args.profile is not None:
            profile(name, args.profile)
    except (ImportError, AttributeError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    data_dir = args.data_dir.expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    config: dict[str, Any] = {"data_dir": str(data_dir)}
    if args.profile is not None:
        config["profile"] = args.profile
    if args.admin_token:
        config["admin_token"] = args.admin_token
        token_note = "the one given with --admin-token"
    elif os.environ.get("FREEZESIM_ADMIN_TOKEN"):
        token_note = "the one in the FREEZESIM_ADMIN_TOKEN environment variable"
    else:
        load_or_create_admin_token(data_dir)
        token_note = str(data_dir / "admin-token")
    if args.sample_data and args.seed_file is None:
        args.seed_file = sample_seed_path(name)
    PlatformKeys.load_or_create(data_dir)  # before gunicorn forks its workers: one key for all of them
    if args.seed_file is not None:
        status = _seed_once(name, data_dir, args.seed_file, args.profile)
        if status:
            return status
    banner = functools.partial(_banner, name, data_dir, token_note, args)
    if args.server == "werkzeug":
        return _run_werkzeug(factory, config, args.host, args.port, banner)
    return _run_gunicorn(factory, config, args, name, banner)


def _seed_once(name: str, data_dir: Path, seed_file: Path, profile_name: str | None) -> int:
    try:
        seed = load_seed_file(seed_file)
    except SeedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    ledger = Ledger(data_dir, provider=name, profile_name=profile_name)
    try:
        if ledger.db.connection().execute("SELECT 1 FROM subjects LIMIT 1").fetchone():
            print(f"seed file {seed_file} not applied: the ledger already has subjects", flush=True)
            return 0
        result = apply_seed(ledger, CallerRegistry(ledger.db), seed, only_if_empty=True)
    except (LedgerError, ValueError) as exc:
        field = getattr(exc, "field", None)
        print(f"error: seed file {seed_file}: {field + ': ' if field else ''}{exc}", file=sys.stderr)
        return 2
    finally:
        ledger.close()
    if result is not None:
        print(f"seeded {len(result.subjects)} subjects, {len(result.accounts)} accounts and {len(result.callers)}"
              f" callers from {seed_file}", flush=True)
    return 0


def _banner(name: str, data_dir: Path, token_note: str, args: argparse.Namespace, port: int) -> None:
    url = _url(args.host, port)
    how = (f"gunicorn, {args.workers} worker(s) x {args.threads} threads" if args.server == "gunicorn"
           else "werkzeug, threaded")
    print(f"freezesim {name} mock listening on {url} ({how})\n"
          f"  data folder: {data_dir}\n"
          f"  admin token: {token_note} (send Authorization: Bearer <token> to {url}/_admin/...)\n"
          f"  health:      {url}/health\n"
          "Stop with Ctrl+C or SIGTERM.", flush=True)


def _run_werkzeug(factory: AppFactory, config: Mapping[str, Any], host: str, port: int,
                  banner: Callable[[int], None]) -> int:
    app = factory(config)
    try:
        server = make_server(host, port, app, threaded=True)
    except OSError as exc:
        print(f"error: cannot listen on {host}:{port}: {exc}", file=sys.stderr)
        return 1

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    banner(int(server.server_port))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        signal.signal(signal.SIGTERM, previous)
    return 0


def _run_gunicorn(factory: AppFactory, config: Mapping[str, Any], args: argparse.Namespace, name: str,
                  banner: Callable[[int], None]) -> int:
    from gunicorn.app.base import BaseApplication  # only the production path needs it

    class ProviderApplication(BaseApplication):  # type: ignore[misc]
        """Each worker calls ``load`` after the fork and builds its own app."""

        def load_config(self) -> None:
            bind = f"[{args.host}]:{args.port}" if ":" in args.host else f"{args.host}:{args.port}"
            options: dict[str, Any] = {
                "bind": [bind], "workers": args.workers, "threads": args.threads, "worker_class": "gthread",
                "preload_app": False, "proc_name": f"freezesim-{name}", "timeout": 120, "graceful_timeout": 10,
                "errorlog": "-", "loglevel": "info", "accesslog": "-" if args.access_log else None,
                # gunicorn's control socket lives in one shared place per user: three mocks would collide there.
                "control_socket_disable": True,
                "when_ready": lambda arbiter: banner(int(arbiter.LISTENERS[0].getsockname()[1])),
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            return factory(config)

    try:
        ProviderApplication().run()
    except SystemExit as exc:  # the arbiter exits the process once its workers are gone
        return exc.code if isinstance(exc.code, int) else 1
    return 0
