"""What the stack commands' end-to-end tests share: free ports, the freezesim command, and finding leftovers."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from court_node.stack.groups import cmdline, start_time
from court_node.testing import free_ports


def freezesim(*args: str, cwd: Path | None = None, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "court_node", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd)


def stack_ports() -> dict[str, int]:
    return free_ports(["node", "bank", "alipay", "wechat"])


def write_stack_file(folder: Path, ports: dict[str, int], extra: str = "", wechat: str = "") -> Path:
    """A stack file in ``folder`` with its data in ``folder/data``: the default courts, demo users, sample data."""
    path = folder / "stack.toml"
    path.write_text(f"""\
[stack]
data_dir = "data"

[node]
port = {ports["node"]}
grace_days = 60
{extra}
[[courts]]
code = "京0101"
name = "北京市东城区人民法院"
enforcement_account = "0200000709014400123"

[providers.bank]
port = {ports["bank"]}

[providers.alipay]
port = {ports["alipay"]}

[providers.wechat]
port = {ports["wechat"]}
{wechat}
""", encoding="utf-8")
    return path


def processes_mentioning(folder: Path) -> list[str]:
    """Every live process whose command line names ``folder``: what a stack started there and left running."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and start_time(int(entry.name)) is not None:
            line = cmdline(int(entry.name))
            if str(folder) in line:
                found.append(f"{entry.name}: {line}")
    return found


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True
