"""Start, provision, stop and steer the whole stack: three mock providers and one court node, on loopback."""

from __future__ import annotations

import json
import os
import signal
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from court_node.cli.processes import Service, StartupError, port_is_free, start, stop, wait_healthy
from court_node.clock import parse_duration
from court_node.stack.credentials import node_credentials
from court_node.stack.groups import record_of
from court_node.stack.provision import admin_call, register_node
from court_node.stack.state import STATE_FILE, ServiceRecord, StackState, read_state, remove_state, write_state

DEFAULT_PORTS = {"node": 8000, "bank": 8101, "alipay": 8102, "wechat": 8103}
PROVIDERS = ("bank", "alipay", "wechat")
SERVERS = ("gunicorn", "werkzeug")

__all__ = ["DEFAULT_PORTS", "PROVIDERS", "STATE_FILE", "ProviderOptions", "Stack", "StackOptions", "parse_iso"]


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@dataclass(frozen=True)
class ProviderOptions:
    """How one provider runs; a field left None follows the stack's own setting."""

    workers: int | None = None
    threads: int | None = None
    sample_data: bool | None = None  # None: StackOptions.sample_data
    seed_file: Path | None = None  # a JSON seed applied to an empty ledger (instead of the sample data)
    profile: str | None = None  # capability profile, e.g. wechat "2019"


@dataclass(frozen=True)
class StackOptions:
    """What a stack is made of; the stack file (and tests) fill it in."""

    data_dir: Path
    ports: Mapping[str, int]
    providers: tuple[str, ...] = PROVIDERS
    sample_data: bool = True
    demo: bool = True
    workers: int = 1  # each provider's gunicorn workers, unless its ProviderOptions say otherwise
    threads: int = 8
    node_settings: Mapping[str, Any] | None = None  # merged into the node's configuration file
    provider_options: Mapping[str, ProviderOptions] = field(default_factory=dict)
    node_server: str = "gunicorn"  # or "werkzeug" (one process, threaded)
    node_workers: int = 1
    node_threads: int = 8
    stack_file: Path | None = None  # where the options came from, recorded in stack.json


class Stack:
    """The running stack. ``start()`` leaves nothing running if any service fails to come up."""

    def __init__(self, options: StackOptions) -> None:
        self.options = options
        self.data_dir = options.data_dir.resolve()
        self.services: dict[str, Service] = {}
        # a restart on another thread (a chaos run's) must not start a service again after stop() has run
        self._lifecycle = threading.Lock()
        self._stopped = False
        for name in options.providers:
            folder = self.data_dir / name
            self.services[name] = Service(name, options.ports[name], folder, self.data_dir / "logs" / f"{name}.log",
                                          self._provider_args(name, folder))
        node_dir = self.data_dir / "court"
        node_args = ["-m", "court_node", "node", "serve", "--port", str(options.ports["node"]),
                     "--data-dir", str(node_dir), "--config", str(self.data_dir / "node-config.json"),
                     "--server", options.node_server, "--workers", str(options.node_workers),
                     "--threads", str(options.node_threads)]
        if options.demo:
            node_args.append("--demo")
        self.services["node"] = Service("node", options.ports["node"], node_dir, self.data_dir / "logs" / "node.log",
                                        node_args)

    def _provider_args(self, name: str, folder: Path) -> list[str]:
        own = self.options.provider_options.get(name, ProviderOptions())
        args = ["-m", f"payment_mocks.{name}", "--port", str(self.options.ports[name]), "--data-dir", str(folder),
                "--workers", str(own.workers or self.options.workers),
                "--threads", str(own.threads or self.options.threads)]
        if own.seed_file is not None:
            args += ["--seed-file", str(own.seed_file)]
        elif own.sample_data if own.sample_data is not None else self.options.sample_data:
            args.append("--sample-data")
        if own.profile:
            args += ["--profile", own.profile]
        return args

    @property
    def node(self) -> Service:
        return self.services["node"]

    def url(self, name: str) -> str:
        return self.services[name].url

    def start(self, timeout: float = 60.0) -> Stack:
        with self._lifecycle:
            self._stopped = False
        self.check_ports()
        started: list[Service] = []
        try:
            providers = [self.services[p] for p in self.options.providers]
            for service in providers:
                start(service)
                started.append(service)
            for service in providers:
                wait_healthy(service, timeout)
            self._write_node_config()
            start(self.node)
            started.append(self.node)
            wait_healthy(self.node, timeout)
        except BaseException as exc:  # also Ctrl-C or SIGTERM halfway: nothing may be left running
            for service in reversed(started):
                stop(service)
            if isinstance(exc, RuntimeError | OSError):  # StartupError is a RuntimeError
                raise StartupError(f"{exc}\nnothing was left running") from exc
            raise
        self.write_state()
        return self

    def check_ports(self) -> None:
        """Every port distinct and free, before anything starts."""
        seen: dict[int, str] = {}
        for name, service in self.services.items():
            if service.port in seen:
                raise StartupError(f"{seen[service.port]} and {name} are both given port {service.port}; "
                                   "nothing was started")
            seen[service.port] = name
        busy = [f"port {s.port} ({name})" for name, s in self.services.items() if not port_is_free(s.port)]
        if busy:
            raise StartupError(f"{', '.join(busy)} already in use on 127.0.0.1; nothing was started. "
                               "Stop what listens there, or choose other ports (stack file, --node-port, "
                               "--base-port)")

    def write_state(self, supervisor_pid: int | None = None) -> None:
        """``stack.json``: what later commands (``down``, ``status``, ``clock``) need to find the services.

        ``supervisor_pid``: the foreground ``freezesim up`` process, which ``down`` asks to stop first.
        """
        services = {}
        for name, service in self.services.items():
            if service.record is None:
                continue
            services[name] = ServiceRecord(name, service.url, service.port, service.record, str(service.log_path),
                                           str(service.data_dir))
        state = StackState(
            data_dir=self.data_dir, ports=dict(self.options.ports), providers=tuple(self.options.providers),
            services=services, demo=self.options.demo,
            supervisor=None if supervisor_pid is None else record_of(supervisor_pid),
            started_at=datetime.now(UTC).isoformat(timespec="seconds"),
            stack_file="" if self.options.stack_file is None else str(self.options.stack_file),
        )
        write_state(state)

    @classmethod
    def attach(cls, data_dir: Path) -> Stack:
        """The stack running from ``data_dir`` (started by ``freezesim up``), to steer or stop it."""
        state = read_state(data_dir.resolve())
        if state is None:
            raise StartupError(f"no running stack in {data_dir} (no {STATE_FILE}); start one with `freezesim up`")
        stack = cls(StackOptions(data_dir=data_dir, ports=state.ports, providers=state.providers, demo=state.demo))
        for name, record in state.services.items():
            if name in stack.services:
                stack.services[name].record = record.process
        return stack

    def _write_node_config(self) -> None:
        creds = node_credentials(self.data_dir)
        providers = [register_node(name, self.url(name), self.services[name].admin_token(), creds[name])
                     for name in self.options.providers]
        config: dict[str, Any] = {"providers": providers, "provider_order": list(self.options.providers)}
        config.update(self.options.node_settings or {})
        path = self.data_dir / "node-config.json"
        path.write_text(json.dumps(config, ensure_ascii=False, indent=2))
        path.chmod(0o600)  # it holds the node's private keys

    def stop(self) -> None:
        """Stop exactly the processes this stack started, the node first; a restart under way finishes first."""
        with self._lifecycle:
            self._stopped = True
        for name in ["node", *reversed(self.options.providers)]:
            stop(self.services[name])
        remove_state(self.data_dir)

    def kill(self, name: str) -> None:
        """SIGKILL one service's whole process group: a crash, in the middle of whatever it was doing."""
        proc = self.services[name].process
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def restart(self, name: str, timeout: float = 60.0) -> None:
        """Stop and start one service on its own data; refused once the stack has been stopped."""
        with self._lifecycle:
            if self._stopped:
                raise RuntimeError(f"the stack is stopped: {name} is not started again")
            stop(self.services[name])
            start(self.services[name])
        wait_healthy(self.services[name], timeout)
        recorded = read_state(self.data_dir)
        if recorded is not None:  # record the new process, so that `freezesim down` still finds it
            self.write_state(None if recorded.supervisor is None else recorded.supervisor.pid)

    def admin(self, name: str, method: str, path: str, body: Any = None) -> Any:
        service = self.services[name]
        return admin_call(service.url, service.admin_token(), method, path, body)

    def move_clock(self, move: Mapping[str, Any], names: Iterable[str] | None = None) -> dict[str, Any]:
        """Move every service's simulated clock the same way, e.g. ``{"advance": "30d"}``; returns each clock."""
        targets = list(names or ["node", *self.options.providers])
        return {name: self.admin(name, "POST", "/clock", dict(move)) for name in targets}

    def advance(self, duration: str) -> dict[str, Any]:
        """Move every clock forward by ``duration`` (``30d``, ``12h``) to one common instant."""
        target = parse_iso(self.admin("node", "GET", "/clock")["now"]) + parse_duration(duration)
        return self.move_clock({"set": target.isoformat()})
