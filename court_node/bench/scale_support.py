"""What the scale benchmarks share: services on free loopback ports, their memory, and latency percentiles."""

from __future__ import annotations

import socket
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from court_node.cli.processes import Service, start, stop, wait_healthy


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def service(name: str, module_args: list[str], data_dir: Path, log_dir: Path) -> Service:
    """A service (not started) on a free loopback port; ``module_args`` follow ``python``."""
    port = free_port()
    return Service(name, port, data_dir, log_dir / f"{name}.log", [*module_args, "--port", str(port)])


def start_all(services: Sequence[Service], timeout: float = 60.0) -> None:
    """Start every service and wait until each answers; on any failure stop what was started."""
    started: list[Service] = []
    try:
        for one in services:
            start(one)
            started.append(one)
        for one in services:
            wait_healthy(one, timeout)
    except BaseException:
        stop_all(started)
        raise


def stop_all(services: Sequence[Service]) -> None:
    for one in reversed(services):
        stop(one)


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (a gunicorn master and its workers)."""
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo += _children(current)
    return tree


def _status_kib(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass(frozen=True)
class Memory:
    """Memory of a process tree in MiB: peak (VmHWM) and current (VmRSS), summed and of the biggest process."""

    peak_sum_mib: float
    peak_max_mib: float
    rss_sum_mib: float
    processes: int


def memory_of(pid: int) -> Memory:
    pids = process_tree(pid)
    peaks = [_status_kib(p, "VmHWM") for p in pids]
    rss = [_status_kib(p, "VmRSS") for p in pids]
    return Memory(round(sum(peaks) / 1024, 1), round(max(peaks, default=0) / 1024, 1), round(sum(rss) / 1024, 1),
                  len(pids))


def percentile(values: Sequence[float], fraction: float) -> float:
    """The ``fraction`` quantile (0.5, 0.95) by the nearest-rank rule."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def timed_ms(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0


def files_mib(*paths: Path) -> float:
    return round(sum(p.stat().st_size for p in paths if p.exists()) / 2**20, 1)
