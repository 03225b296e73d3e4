"""Memory of a process tree (a gunicorn master and its workers) from ``/proc/<pid>/status``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True)
class TreeMemory:
    """Resident memory of a process and its descendants, in KiB: now (VmRSS) and the peak (VmHWM), summed."""

    rss_kib: int
    peak_kib: int
    processes: int

    @property
    def peak_mib(self) -> float:
        return round(self.peak_kib / 1024, 1)

    @property
    def rss_mib(self) -> float:
        return round(self.rss_kib / 1024, 1)


def status_fields(text: str) -> dict[str, int]:
    """The ``kB`` fields of a ``/proc/<pid>/status`` text (``VmRSS``, ``VmHWM``...) in KiB."""
    fields: dict[str, int] = {}
    for line in text.splitlines():
        name, _, rest = line.partition(":")
        parts = rest.split()
        if len(parts) == 2 and parts[1] == "kB" and parts[0].isdigit():
            fields[name] = int(parts[0])
    return fields


def children_of(pid: int, proc: Path = PROC) -> list[int]:
    """Every descendant of ``pid`` (from each task's ``children`` list), depth first."""
    found: list[int] = []
    pending = [pid]
    while pending:
        current = pending.pop()
        for task in (proc / str(current) / "task").glob("*"):
            try:
                kids = [int(k) for k in (task / "children").read_text().split()]
            except (OSError, ValueError):
                continue
            found.extend(kids)
            pending.extend(kids)
    return found


def tree_memory(pid: int, proc: Path = PROC) -> TreeMemory:
    """The memory of ``pid`` and its descendants; processes that exit meanwhile are left out."""
    rss = peak = count = 0
    for member in [pid, *children_of(pid, proc)]:
        try:
            fields = status_fields((proc / str(member) / "status").read_text())
        except OSError:
            continue
        rss += fields.get("VmRSS", 0)
        peak += fields.get("VmHWM", 0)
        count += 1
    return TreeMemory(rss_kib=rss, peak_kib=peak, processes=count)
