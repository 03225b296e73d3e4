"""The machine a run measured: CPU, memory, Python, system, commit and date, for the report."""

from __future__ import annotations

import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def cpu_model(cpuinfo: str) -> str:
    """The CPU's model name from a ``/proc/cpuinfo`` text (``"unknown"`` when it names none)."""
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("model name", "Model", "cpu model") and value.strip():
            return value.strip()
    return "unknown"


def cpu_count(cpuinfo: str) -> int:
    """Logical processors listed in a ``/proc/cpuinfo`` text (falls back to ``os.cpu_count``)."""
    listed = sum(1 for line in cpuinfo.splitlines() if line.split(":")[0].strip() == "processor")
    return listed or os.cpu_count() or 1


def memory_total_mib(meminfo: str) -> int:
    """``MemTotal`` of a ``/proc/meminfo`` text, in MiB (0 when absent)."""
    for line in meminfo.splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) // 1024
    return 0


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def git_commit(folder: Path) -> str:
    """The commit checked out in ``folder`` or a folder above it, read from ``.git`` (no git process), or ``""``."""
    for candidate in [folder, *folder.parents]:
        git = candidate / ".git"
        if git.is_dir():
            break
    else:
        return ""
    head = _read(str(git / "HEAD")).strip()
    if not head.startswith("ref: "):
        return head[:12]
    ref = head[5:]
    commit = _read(str(git / ref)).strip()
    if not commit:  # a packed ref
        for line in _read(str(git / "packed-refs")).splitlines():
            if line.endswith(" " + ref):
                commit = line.split()[0]
    return commit[:12]


def machine_facts(folder: Path) -> dict[str, Any]:
    """What the figures depend on, as the report shows it."""
    cpuinfo = _read("/proc/cpuinfo")
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "cpu": cpu_model(cpuinfo) if cpuinfo else platform.processor() or "unknown",
        "cpus": cpu_count(cpuinfo),
        "memory_mib": memory_total_mib(_read("/proc/meminfo")),
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "commit": git_commit(folder),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average": [round(x, 2) for x in load],
    }
