"""Measuring the floor: the trivial endpoint of floor_app.py under the node's server settings, at N clients."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from court_node.bench.load import Call, LoadResult, run_load
from court_node.cli.processes import Service, start, stop, wait_healthy
from court_node.demo.fresh_stack import free_ports


@contextmanager
def floor_server(folder: Path, workers: int, threads: int) -> Iterator[Service]:
    """The floor app running on a free loopback port, stopped when the block ends."""
    port = free_ports(1)[0]
    service = Service("floor", port, folder, folder / "floor.log",
                      ["-m", "court_node.bench.floor_app", "--port", str(port), "--workers", str(workers),
                       "--threads", str(threads)])
    start(service)
    try:
        wait_healthy(service, 30)
        yield service
    finally:
        stop(service)


def floor_load(url: str, clients: int, seconds: float) -> LoadResult:
    """``clients`` threads, each with its own keep-alive session, asking ``GET /ping`` for ``seconds``."""

    def factory(i: int) -> Call:
        session = requests.Session()

        def call(n: int) -> None:
            session.get(url + "/ping", timeout=10).raise_for_status()

        return call

    factory(0)(0)  # one answered request before the clock starts: the worker has loaded the app
    return run_load(factory, clients, duration_s=seconds)
