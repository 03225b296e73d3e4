"""The process groups a stack started, known by pid AND start time, so that a recycled pid is never signalled.

Each service runs in its own session (``start_new_session``), so its process group id is the pid of the process
that was started, and stopping the group stops its gunicorn workers too. The start time (field 22 of
``/proc/<pid>/stat``, in clock ticks since boot) tells the process we started from a later one that got its pid.
Where there is no ``/proc`` the start time is unknown and the pid and group alone are trusted.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_PROC = Path("/proc")


@dataclass(frozen=True)
class ProcessRecord:
    """One started process: its pid (also its process group id) and its start time, when known."""

    pid: int
    start_time: int | None

    def to_json(self) -> dict[str, Any]:
        return {"pid": self.pid, "start_time": self.start_time}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ProcessRecord:
        start = data.get("start_time")
        return cls(int(data["pid"]), None if start is None else int(start))


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of ``/proc/<pid>/stat`` after the command name (field 3 first); None when there is none."""
    try:
        text = (_PROC / str(pid) / "stat").read_text()
    except (OSError, ValueError):
        return None
    # the command name (field 2) is in parentheses and may itself hold spaces or parentheses
    return text[text.rfind(")") + 2:].split()


def start_time(pid: int) -> int | None:
    """Field 22 of ``/proc/<pid>/stat``: when the process started; None when it is gone or a zombie."""
    fields = _stat_fields(pid)
    if fields is None or fields[0] in ("Z", "X"):
        return None
    return int(fields[19])


def record_of(pid: int) -> ProcessRecord:
    """The record of a process we have just started."""
    return ProcessRecord(pid, start_time(pid))


def has_proc() -> bool:
    return (_PROC / "self" / "stat").exists()


def is_alive(record: ProcessRecord) -> bool:
    """True while the very process we started runs (not a zombie, not a later process with its pid)."""
    if has_proc():
        current = start_time(record.pid)
        return current is not None and (record.start_time is None or current == record.start_time)
    try:
        os.kill(record.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False  # someone else's process: not ours
    return True


def group_members(pgid: int) -> list[int]:
    """Every live (not zombie) process of the process group ``pgid``."""
    if not has_proc():
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            return []
        return [pgid]
    members = []
    for entry in _PROC.iterdir():
        if not entry.name.isdigit():
            continue
        fields = _stat_fields(int(entry.name))
        if fields is not None and fields[0] not in ("Z", "X") and int(fields[2]) == pgid:
            members.append(int(entry.name))
    return members


def cmdline(pid: int) -> str:
    """The process's command line, arguments separated by spaces ('' when unreadable)."""
    try:
        return (_PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""


def stop_group(record: ProcessRecord, grace_s: float = 10.0) -> bool:
    """SIGTERM the group led by the recorded process, SIGKILL what is left after ``grace_s``.

    Does nothing (and returns False) unless the recorded process itself still runs: a group whose leader is
    gone, or whose pid now belongs to another process, is not ours to signal.
    """
    if not is_alive(record):
        return False
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(record.pid, signal.SIGTERM)
    if _wait_gone(record.pid, grace_s):
        return True
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(record.pid, signal.SIGKILL)
    _wait_gone(record.pid, 5.0)
    return True


def _wait_gone(pgid: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while group_members(pgid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
