"""``stack.json`` in the data folder: which processes a running stack is made of, for ``down``, ``status`` and
``clock`` to find them again, and for ``up`` to refuse a second stack on the same folder.

It keeps the keys earlier versions wrote (``ports``, ``providers``, ``pids``) and adds, per service, its URL,
log and the identity of its process (pid and start time), and the foreground ``up`` process when there is one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from court_node.stack.groups import ProcessRecord, cmdline, has_proc, is_alive

STATE_FILE = "stack.json"


class StateError(RuntimeError):
    """``stack.json`` cannot be read."""


@dataclass(frozen=True)
class ServiceRecord:
    """One service of a running stack."""

    name: str
    url: str
    port: int
    process: ProcessRecord
    log: str
    data_dir: str

    def to_json(self) -> dict[str, Any]:
        return {"url": self.url, "port": self.port, **self.process.to_json(), "log": self.log,
                "data_dir": self.data_dir}


@dataclass(frozen=True)
class StackState:
    """What ``stack.json`` holds."""

    data_dir: Path
    ports: Mapping[str, int]
    providers: tuple[str, ...]
    services: Mapping[str, ServiceRecord] = field(default_factory=dict)
    demo: bool = True
    supervisor: ProcessRecord | None = None  # the foreground ``freezesim up`` process; None when detached
    started_at: str = ""
    stack_file: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "data_dir": str(self.data_dir), "started_at": self.started_at, "stack_file": self.stack_file,
            "ports": dict(self.ports), "providers": list(self.providers), "demo": self.demo,
            "pids": {name: s.process.pid for name, s in self.services.items()},
            "services": {name: s.to_json() for name, s in self.services.items()},
            "supervisor": None if self.supervisor is None else self.supervisor.to_json(),
        }

    def live_services(self) -> list[str]:
        """The services whose recorded process still runs."""
        return [name for name, service in self.services.items() if service_alive(self.data_dir, service)]

    def is_running(self) -> bool:
        return bool(self.live_services()) or (self.supervisor is not None and is_alive(self.supervisor))


def service_alive(data_dir: Path, service: ServiceRecord) -> bool:
    """The recorded process runs; without a recorded start time, its command line must name the data folder."""
    if not is_alive(service.process):
        return False
    if service.process.start_time is None and has_proc():
        return str(data_dir) in cmdline(service.process.pid)
    return True


def state_path(data_dir: Path) -> Path:
    return data_dir / STATE_FILE


def write_state(state: StackState) -> None:
    """Write ``stack.json`` whole (a reader never sees half of it)."""
    path = state_path(state.data_dir)
    tmp = path.with_name(f".{STATE_FILE}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(state.to_json(), ensure_ascii=False, indent=2))
    os.replace(tmp, path)


def remove_state(data_dir: Path) -> None:
    state_path(data_dir).unlink(missing_ok=True)


def read_state(data_dir: Path) -> StackState | None:
    """The recorded stack of ``data_dir``, or None when there is no ``stack.json``."""
    path = state_path(data_dir)
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise StateError(f"{path} cannot be read: {exc}") from None
    try:
        return _state_from_json(data_dir, data)
    except (KeyError, TypeError, ValueError) as exc:
        raise StateError(f"{path} is not a stack state file ({exc!r})") from None


def _state_from_json(data_dir: Path, data: Mapping[str, Any]) -> StackState:
    ports = {str(k): int(v) for k, v in data["ports"].items()}
    services: dict[str, ServiceRecord] = {}
    for name, item in (data.get("services") or {}).items():
        services[name] = ServiceRecord(name, str(item["url"]), int(item["port"]), ProcessRecord.from_json(item),
                                       str(item.get("log", "")), str(item.get("data_dir", "")))
    if not services:  # a stack.json from before processes were recorded: only pids
        for name, pid in (data.get("pids") or {}).items():
            port = ports.get(name, 0)
            services[name] = ServiceRecord(name, f"http://127.0.0.1:{port}", port, ProcessRecord(int(pid), None),
                                           "", "")
    supervisor = data.get("supervisor")
    return StackState(
        data_dir=data_dir, ports=ports, providers=tuple(data["providers"]), services=services,
        demo=bool(data.get("demo", True)), supervisor=None if not supervisor else ProcessRecord.from_json(supervisor),
        started_at=str(data.get("started_at", "")), stack_file=str(data.get("stack_file", "")),
    )
