"""Memory and CPU of a process tree read from /proc, and the machine's facts from /proc/cpuinfo and meminfo."""

from __future__ import annotations

import os
from pathlib import Path

from court_node.bench.cpu import stat_cpu_ticks, tree_cpu_seconds
from court_node.bench.machine import cpu_count, cpu_model, git_commit, memory_total_mib
from court_node.bench.memory import status_fields, tree_memory

STATUS = """Name:\tgunicorn
State:\tS (sleeping)
VmPeak:\t  300000 kB
VmHWM:\t   81920 kB
VmRSS:\t   61440 kB
Threads:\t9
"""


def _fake_proc(root: Path, pid: int, children: list[int], hwm: int, rss: int) -> None:
    task = root / str(pid) / "task" / str(pid)
    task.mkdir(parents=True)
    (task / "children").write_text(" ".join(map(str, children)))
    (root / str(pid) / "status").write_text(f"Name:\tx\nVmHWM:\t{hwm} kB\nVmRSS:\t{rss} kB\n")
    (root / str(pid) / "stat").write_text(f"{pid} (gunicorn: worker [x]) S 1 1 1 0 -1 0 0 0 0 0 {hwm} {rss} 0 0\n")


def test_status_fields_are_read_in_kib() -> None:
    fields = status_fields(STATUS)
    assert fields["VmHWM"] == 81920
    assert fields["VmRSS"] == 61440
    assert "Threads" not in fields


def test_a_master_and_its_workers_add_up(tmp_path: Path) -> None:
    _fake_proc(tmp_path, 100, [101, 102], hwm=50_000, rss=40_000)
    _fake_proc(tmp_path, 101, [], hwm=120_000, rss=100_000)
    _fake_proc(tmp_path, 102, [], hwm=130_000, rss=90_000)
    memory = tree_memory(100, proc=tmp_path)
    assert (memory.peak_kib, memory.rss_kib, memory.processes) == (300_000, 230_000, 3)
    assert memory.peak_mib == 293.0


def test_a_process_gone_meanwhile_is_left_out(tmp_path: Path) -> None:
    _fake_proc(tmp_path, 100, [101], hwm=10_240, rss=10_240)
    assert tree_memory(100, proc=tmp_path).processes == 1


def test_this_process_has_memory_and_cpu() -> None:
    memory = tree_memory(os.getpid())
    assert memory.peak_kib >= memory.rss_kib > 0
    assert tree_cpu_seconds(os.getpid()) > 0


def test_cpu_ticks_survive_a_command_name_with_spaces_and_parentheses() -> None:
    line = "42 (gunicorn: worker (x)) S 1 1 1 0 -1 0 0 0 0 0 250 50 0 0 20 0 9 0"
    assert stat_cpu_ticks(line) == 300


def test_the_cpu_model_count_and_memory_are_read() -> None:
    cpuinfo = ("processor\t: 0\nmodel name\t: Example CPU @ 2.20GHz\n\n"
               "processor\t: 1\nmodel name\t: Example CPU @ 2.20GHz\n")
    assert cpu_model(cpuinfo) == "Example CPU @ 2.20GHz"
    assert cpu_count(cpuinfo) == 2
    assert memory_total_mib("MemTotal:        8152300 kB\nMemFree: 1 kB\n") == 7961


def test_the_commit_is_read_from_the_git_folder_without_git(tmp_path: Path) -> None:
    git = tmp_path / ".git"
    (git / "refs" / "heads").mkdir(parents=True)
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    (git / "refs" / "heads" / "main").write_text("0123456789abcdef0123456789abcdef01234567\n")
    (tmp_path / "sub").mkdir()
    assert git_commit(tmp_path / "sub") == "0123456789ab"


def test_a_folder_outside_any_checkout_has_no_commit(tmp_path: Path) -> None:
    assert git_commit(tmp_path) == ""
