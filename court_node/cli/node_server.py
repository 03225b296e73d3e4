"""The court node under gunicorn: workers that each build their own app (no preload), sharing the store.

Before forking, the master builds the app once: the tables, the configured courts, the demo users and the admin
token are created there, so that workers starting together never race to create them. Every worker then runs
``create_app`` itself; the simulated clock is re-read from the store on each request, and only one worker at a
time runs the reconciling thread (services/worker.py), so several workers behave as one node.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask

from court_node.app import create_app
from court_node.context import EXTENSION_KEY, NodeContext


def prepare_store(config: Mapping[str, Any]) -> None:
    """Create what every worker needs before any of them starts (raises ConfigError for a bad setting).

    A whole app is built and closed again, without its reconciling thread, so that whatever an app creates on
    its first start (tables, courts, demo users, the admin token, secrets) exists once before the fork.
    """
    app = create_app({**config, "background": False})
    ctx: NodeContext = app.extensions[EXTENSION_KEY]
    ctx.close()


def run_gunicorn(config: Mapping[str, Any], host: str, port: int, workers: int, threads: int,
                 ready: Callable[[int], None]) -> int:
    """Serve until SIGTERM or SIGINT; ``ready(port)`` is called once the socket listens. Returns the exit status."""
    from gunicorn.app.base import BaseApplication  # only this path needs it

    apps: list[Flask] = []

    def close_app(server: Any, worker: Any) -> None:
        for app in apps:  # in the exiting worker: stop its reconciling thread, close its store
            ctx: NodeContext = app.extensions[EXTENSION_KEY]
            ctx.close()

    class NodeApplication(BaseApplication):  # type: ignore[misc]
        """Each worker calls ``load`` after the fork and builds its own app."""

        def load_config(self) -> None:
            bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
            options: dict[str, Any] = {
                "bind": [bind], "workers": workers, "threads": threads, "worker_class": "gthread",
                "preload_app": False, "proc_name": "freezesim-court-node", "timeout": 120, "graceful_timeout": 10,
                "errorlog": "-", "loglevel": "info", "accesslog": None,
                # gunicorn's control socket lives in one shared place per user: the mocks would collide there.
                "control_socket_disable": True,
                "when_ready": lambda arbiter: ready(int(arbiter.LISTENERS[0].getsockname()[1])),
                "worker_exit": close_app,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            app = create_app(config)
            apps.append(app)
            return app

    try:
        NodeApplication().run()
    except SystemExit as exc:  # the arbiter exits the process once its workers are gone
        return exc.code if isinstance(exc.code, int) else 1
    return 0
