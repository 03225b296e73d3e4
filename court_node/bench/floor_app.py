"""The floor: a trivial Flask endpoint under gunicorn with the court node's server settings (gthread workers and
threads), the fastest any Flask service on this machine can answer. ``python -m court_node.bench.floor_app``."""

from __future__ import annotations

import argparse
from typing import Any

from flask import Flask, jsonify
from flask.typing import ResponseReturnValue


def create_floor_app() -> Flask:
    app = Flask("freezesim-floor")

    @app.get("/health")
    def health() -> ResponseReturnValue:
        return jsonify(status="ok")

    @app.get("/ping")
    def ping() -> ResponseReturnValue:
        return jsonify(pong=True)

    return app


def serve(port: int, workers: int, threads: int) -> None:
    """Serve on 127.0.0.1:``port`` until SIGTERM, as the node serves (gthread, no preload, no access log)."""
    from gunicorn.app.base import BaseApplication

    class FloorApplication(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options: dict[str, Any] = {"bind": [f"127.0.0.1:{port}"], "workers": workers, "threads": threads,
                                       "worker_class": "gthread", "preload_app": False, "accesslog": None,
                                       "errorlog": "-", "loglevel": "warning", "control_socket_disable": True,
                                       "proc_name": "freezesim-floor"}
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            return create_floor_app()

    FloorApplication().run()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    serve(args.port, args.workers, args.threads)


if __name__ == "__main__":
    main()
