"""Stop a stack from its ``stack.json`` alone: exactly the processes ``freezesim up`` started, nothing else."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from dataclasses import dataclass

from court_node.stack.groups import ProcessRecord, is_alive, stop_group
from court_node.stack.state import StackState, remove_state, service_alive

#: how long the foreground ``freezesim up`` gets to stop its services itself
SUPERVISOR_GRACE_S = 60.0


@dataclass(frozen=True)
class Stopped:
    """One recorded process and what ``stop_recorded`` found: ``running`` when it was there to stop."""

    name: str
    pid: int
    running: bool


def stop_recorded(state: StackState, grace_s: float = 10.0) -> list[Stopped]:
    """Stop the foreground ``up`` (which stops its services), then every recorded service group still running,
    the node first; a pid now held by another process is left alone. Removes ``stack.json``."""
    report: list[Stopped] = []
    running_before = {name: service_alive(state.data_dir, s) for name, s in state.services.items()}
    if state.supervisor is not None:
        running = is_alive(state.supervisor)
        if running:
            _stop_supervisor(state.supervisor)
        report.append(Stopped("up", state.supervisor.pid, running))
    order = ["node", *reversed(state.providers)]
    order += [name for name in state.services if name not in order]
    for name in order:
        service = state.services.get(name)
        if service is None:
            continue
        if service_alive(state.data_dir, service):
            stop_group(service.process, grace_s)
        report.append(Stopped(name, service.process.pid, running_before[name]))
    remove_state(state.data_dir)
    return report


def _stop_supervisor(record: ProcessRecord) -> None:
    """SIGTERM the foreground ``freezesim up``: it stops its services and exits; SIGKILL it if it hangs."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(record.pid, signal.SIGTERM)
    deadline = time.monotonic() + SUPERVISOR_GRACE_S
    while is_alive(record):
        if time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(record.pid, signal.SIGKILL)  # its services are then stopped one by one below
            return
        time.sleep(0.05)
