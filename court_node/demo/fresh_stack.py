"""The demo's stack: a fresh data folder every run, free ports unless told, the story's node settings."""

from __future__ import annotations

import json
import os
import shutil
import socket
from contextlib import ExitStack
from pathlib import Path

from court_node.demo.cast import GRACE_DAYS, LIVING_ALLOWANCE
from court_node.domain.money import fen_to_yuan
from court_node.stack.launcher import PROVIDERS, Stack, StackOptions

DEFAULT_DATA_DIR = Path(".freezesim/demo")
#: what a stack's data folder holds; a folder with anything else is not wiped (it may be someone's files)
STACK_ENTRIES = frozenset({*PROVIDERS, "court", "logs", "stack.json", "node-config.json", "node-credentials.json"})
WORKER_INTERVAL_S = 0.5  # the node's worker fetches the bank's answers this often
#: how long the bank takes to answer, on the simulated clock: long enough to be seen, shorter than the 2 s the
#: node's bank adapter waits for the answer to a freeze's status
BANK_ANSWER_DELAY = "1s"


class SetupError(Exception):
    """The demo cannot start here; the message says why and what to do."""


def free_ports(count: int) -> list[int]:
    """``count`` distinct ports free on loopback now (held open together, so they differ)."""
    with ExitStack() as held:
        ports = []
        for _ in range(count):
            sock = held.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            sock.bind(("127.0.0.1", 0))
            ports.append(int(sock.getsockname()[1]))
    return ports


def demo_ports(node_port: int | None = None, base_port: int | None = None) -> dict[str, int]:
    """The node's and the providers' ports: those given (providers on consecutive ports), the rest free ones."""
    spare = iter(free_ports(4))
    ports = {"node": node_port if node_port is not None else next(spare)}
    for i, name in enumerate(PROVIDERS):
        ports[name] = base_port + i if base_port is not None else next(spare)
    return ports


def _running_pids(folder: Path) -> list[int]:
    """Processes a stack started from ``folder`` that still run, as its ``stack.json`` records them."""
    try:
        state = json.loads((folder / "stack.json").read_text())
        pids = [int(pid) for pid in dict(state.get("pids") or {}).values()]
    except (OSError, ValueError, TypeError, AttributeError):
        return []
    alive = []
    for pid in pids:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        except PermissionError:
            pass  # it exists, under another user
        if str(folder) not in _command_line(pid, default=str(folder)):
            continue  # the pid was reused by an unrelated process
        alive.append(pid)
    return alive


def _command_line(pid: int, default: str) -> str:
    """The process's command line where the system shows it (Linux); ``default`` where it cannot be read."""
    try:
        text = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return default
    return text or default  # empty while the process is still starting or exiting: assume the worst


def fresh_folder(path: Path) -> Path:
    """Empty ``path`` for a new stack (creating it); refuse when a stack runs there or it holds other files."""
    folder = path.resolve()
    if folder.exists():
        if not folder.is_dir():
            raise SetupError(f"{path} is not a folder; choose another --data-dir")
        running = _running_pids(folder)
        if running:
            raise SetupError(f"a stack is still running from {path} (processes {', '.join(map(str, running))}); "
                             f"stop it first (Ctrl-C where it runs, or `freezesim down --data-dir {path}`), "
                             "or choose another --data-dir")
        strangers = sorted(p.name for p in folder.iterdir() if p.name not in STACK_ENTRIES)
        if strangers:
            raise SetupError(f"{path} holds files a stack did not write ({', '.join(strangers[:5])}); the demo wipes "
                             "its data folder at every start, so choose another --data-dir")
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def demo_stack(folder: Path, ports: dict[str, int]) -> Stack:
    """The stack the story runs on (not started): sample debtors, demo courts, the 60-day notice period."""
    settings = {"grace_days": GRACE_DAYS, "living_allowance": fen_to_yuan(LIVING_ALLOWANCE), "background": True,
                "worker_interval_s": WORKER_INTERVAL_S}
    return Stack(StackOptions(data_dir=folder, ports=ports, sample_data=True, demo=True, node_settings=settings))


def prepare(stack: Stack) -> None:
    """Once the stack is up: the bank answers later, as real banks do."""
    stack.admin("bank", "PUT", "/bank/processing", {"delay": BANK_ANSWER_DELAY})
