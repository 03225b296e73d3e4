"""CPU time used by a process tree (a gunicorn master and its workers), from ``/proc/<pid>/stat``."""

from __future__ import annotations

import os
from pathlib import Path

from court_node.bench.memory import PROC, children_of

TICKS_PER_S = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def stat_cpu_ticks(text: str) -> int:
    """User plus system clock ticks of a ``/proc/<pid>/stat`` line (fields 14 and 15)."""
    fields = text.rsplit(")", 1)[1].split()  # the command name, in parentheses, may hold spaces
    return int(fields[11]) + int(fields[12])


def tree_cpu_seconds(pid: int, proc: Path = PROC) -> float:
    """CPU seconds used so far by ``pid`` and its living descendants."""
    ticks = 0
    for member in [pid, *children_of(pid, proc)]:
        try:
            ticks += stat_cpu_ticks((proc / str(member) / "stat").read_text())
        except (OSError, IndexError, ValueError):
            continue
    return ticks / TICKS_PER_S
