"""Start, provision, stop and steer the whole stack: three mock providers and one court node, on loopback."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from court_node.cli.processes import Service, StartupError, start, stop, wait_healthy
from court_node.clock import parse_duration
from court_node.stack.credentials import node_credentials
from court_node.stack.provision import admin_call, register_node

DEFAULT_PORTS = {"node": 8000, "bank": 8101, "alipay": 8102, "wechat": 8103}
PROVIDERS = ("bank", "alipay", "wechat")
STATE_FILE = "stack.json"


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@dataclass(frozen=True)
class StackOptions:
    """What a stack is made of; the stack file (and tests) fill it in."""

    data_dir: Path
    ports: Mapping[str, int]
    providers: tuple[str, ...] = PROVIDERS
    sample_data: bool = True
    demo: bool = True
    workers: int = 1
    threads: int = 8
    node_settings: Mapping[str, Any] | None = None  # merged into the node's configuration file


class Stack:
    """The running stack. ``start()`` leaves nothing running if any service fails to come up."""

    def __init__(self, options: StackOptions) -> None:
        self.options = options
        self.data_dir = options.data_dir.resolve()
        self.services: dict[str, Service] = {}
        for name in options.providers:
            folder = self.data_dir / name
            args = ["-m", f"payment_mocks.{name}", "--port", str(options.ports[name]), "--data-dir", str(folder),
                    "--workers", str(options.workers), "--threads", str(options.threads)]
            if options.sample_data:
                args.append("--sample-data")
            self.services[name] = Service(name, options.ports[name], folder, self.data_dir / "logs" / f"{name}.log",
                                          args)
        node_dir = self.data_dir / "court"
        node_args = ["-m", "court_node", "node", "serve", "--port", str(options.ports["node"]),
                     "--data-dir", str(node_dir), "--config", str(self.data_dir / "node-config.json")]
        if options.demo:
            node_args.append("--demo")
        self.services["node"] = Service("node", options.ports["node"], node_dir, self.data_dir / "logs" / "node.log",
                                        node_args)

    @property
    def node(self) -> Service:
        return self.services["node"]

    def url(self, name: str) -> str:
        return self.services[name].url

    def start(self, timeout: float = 60.0) -> Stack:
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
        except (StartupError, RuntimeError, OSError) as exc:
            for service in reversed(started):
                stop(service)
            raise StartupError(str(exc)) from exc
        self._write_state()
        return self

    def _write_state(self) -> None:
        """``stack.json``: what later commands (``freezesim clock``) need to find the running services."""
        state = {"ports": dict(self.options.ports), "providers": list(self.options.providers),
                 "pids": {n: s.process.pid for n, s in self.services.items() if s.process is not None}}
        (self.data_dir / STATE_FILE).write_text(json.dumps(state, indent=2))

    @classmethod
    def attach(cls, data_dir: Path) -> Stack:
        """The stack running from ``data_dir`` (started by ``freezesim up``), to steer it."""
        path = data_dir.resolve() / STATE_FILE
        if not path.exists():
            raise StartupError(f"no running stack in {data_dir} (no {STATE_FILE}); start one with `freezesim up`")
        state = json.loads(path.read_text())
        return cls(StackOptions(data_dir=data_dir, ports=state["ports"], providers=tuple(state["providers"])))

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
        """Stop exactly the processes this stack started, the node first."""
        for name in ["node", *reversed(self.options.providers)]:
            stop(self.services[name])
        (self.data_dir / STATE_FILE).unlink(missing_ok=True)

    def kill(self, name: str) -> None:
        """SIGKILL one service's whole process group: a crash, in the middle of whatever it was doing."""
        proc = self.services[name].process
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def restart(self, name: str, timeout: float = 60.0) -> None:
        stop(self.services[name])
        start(self.services[name])
        wait_healthy(self.services[name], timeout)

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
