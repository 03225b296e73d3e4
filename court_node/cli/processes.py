"""Start provider processes, wait until they answer, and stop exactly what was started."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from court_node.stack.groups import ProcessRecord, record_of, stop_group

#: lines of a service's log quoted when it does not come up
LOG_TAIL_LINES = 15


class StartupError(RuntimeError):
    """A service did not come up; the message says which and where its log is."""


@dataclass
class Service:
    """One process of the stack."""

    name: str
    port: int
    data_dir: Path
    log_path: Path
    args: list[str] = field(default_factory=list)
    process: subprocess.Popen[bytes] | None = None
    #: pid and start time of the process, kept also for a stack attached from its ``stack.json``
    record: ProcessRecord | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def admin_token(self) -> str:
        path = self.data_dir / "admin-token"
        return path.read_text().strip() if path.exists() else "(not yet written)"

    def log_tail(self, lines: int = LOG_TAIL_LINES) -> str:
        """The last lines of the service's log, indented for quoting in a message."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "    (no log written)"
        tail = [line for line in text.splitlines() if line.strip()][-lines:]
        return "\n".join(f"    {line}" for line in tail) or "    (the log is empty)"


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # As the servers do: connections of a stopped process lingering in TIME_WAIT do not make a port busy,
        # while a live listener still does.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def start(service: Service) -> None:
    """Start the service as its own process group, its output in its log file."""
    if not port_is_free(service.port):
        raise StartupError(f"{service.name}: port {service.port} on 127.0.0.1 is already in use")
    service.data_dir.mkdir(parents=True, exist_ok=True)
    service.log_path.parent.mkdir(parents=True, exist_ok=True)
    with service.log_path.open("ab") as log:
        service.process = subprocess.Popen(
            [sys.executable, *service.args], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            # its own session: stopping its group stops its workers too, and a closed terminal does not reach it
            start_new_session=True,
        )
    service.record = record_of(service.process.pid)


def wait_healthy(service: Service, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if service.process is not None and service.process.poll() is not None:
            raise StartupError(f"{service.name} exited with code {service.process.returncode} before it answered; "
                               f"the last lines of {service.log_path}:\n{service.log_tail()}")
        try:
            if requests.get(service.url + "/health", timeout=1.0).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise StartupError(f"{service.name} did not answer on {service.url}/health within {timeout:.0f}s; "
                       f"the last lines of {service.log_path}:\n{service.log_tail()}")


def stop(service: Service, grace: float = 10.0) -> None:
    """SIGTERM the service's process group, then SIGKILL whatever is left after the grace period."""
    proc = service.process
    if proc is None:
        if service.record is not None:  # attached from stack.json: not our child, known by pid and start time
            stop_group(service.record, grace)
        return
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)
