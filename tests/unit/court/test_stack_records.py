"""stack.json and the recorded processes: a pid is signalled only while it is still the process that was started."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from court_node.cli.main import cli
from court_node.stack.groups import ProcessRecord, is_alive, record_of, start_time, stop_group
from court_node.stack.state import ServiceRecord, StackState, read_state, write_state


@pytest.fixture
def sleeper() -> Iterator[subprocess.Popen[bytes]]:
    """A process in its own session, standing in for a service."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


def _state(data_dir: Path, pid: int, start: int | None, supervisor: ProcessRecord | None = None) -> StackState:
    service = ServiceRecord("bank", "http://127.0.0.1:1", 1, ProcessRecord(pid, start), "", str(data_dir / "bank"))
    return StackState(data_dir=data_dir, ports={"node": 2, "bank": 1}, providers=("bank",),
                      services={"bank": service}, supervisor=supervisor)


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_a_running_process_is_known_by_its_start_time() -> None:
    assert start_time(os.getpid()) is not None
    assert is_alive(record_of(os.getpid()))


def test_a_recycled_pid_is_not_the_recorded_process(sleeper: subprocess.Popen[bytes]) -> None:
    started = start_time(sleeper.pid)
    assert started is not None
    assert not is_alive(ProcessRecord(sleeper.pid, started + 1))


def test_stopping_never_signals_a_pid_that_now_belongs_to_another_process(sleeper: subprocess.Popen[bytes]) -> None:
    started = start_time(sleeper.pid)
    assert started is not None
    assert stop_group(ProcessRecord(sleeper.pid, started - 1)) is False
    assert sleeper.poll() is None  # still running


def test_stopping_the_recorded_process_stops_its_group(sleeper: subprocess.Popen[bytes]) -> None:
    assert stop_group(record_of(sleeper.pid), grace_s=5) is True
    assert sleeper.wait(timeout=5) is not None


def test_the_state_file_reads_back_what_was_written(tmp_path: Path) -> None:
    state = _state(tmp_path, os.getpid(), start_time(os.getpid()), supervisor=record_of(os.getpid()))
    write_state(state)
    again = read_state(tmp_path)
    assert again is not None and again.services == state.services and again.supervisor == state.supervisor
    assert again.is_running()


def test_a_state_whose_processes_are_gone_is_not_running(tmp_path: Path, sleeper: subprocess.Popen[bytes]) -> None:
    record = record_of(sleeper.pid)
    sleeper.kill()
    sleeper.wait(timeout=5)
    assert not _state(tmp_path, record.pid, record.start_time).is_running()


def test_down_without_a_data_folder_fails_with_a_clear_message(tmp_path: Path) -> None:
    code, output = _run("down", "--data-dir", str(tmp_path / "absent"))
    assert code == 1 and "missing data folder" in output


def test_down_where_nothing_runs_says_so_and_succeeds(tmp_path: Path) -> None:
    code, output = _run("down", "--data-dir", str(tmp_path))
    assert code == 0 and "nothing running" in output


def test_down_stops_the_recorded_process_and_removes_the_record(tmp_path: Path,
                                                                 sleeper: subprocess.Popen[bytes]) -> None:
    write_state(_state(tmp_path, sleeper.pid, start_time(sleeper.pid)))
    code, output = _run("down", "--data-dir", str(tmp_path))
    assert code == 0 and f"stopped bank (pid {sleeper.pid})" in output
    assert sleeper.wait(timeout=5) is not None and read_state(tmp_path) is None


def test_status_of_a_folder_without_a_stack_exits_3(tmp_path: Path) -> None:
    code, output = _run("status", "--data-dir", str(tmp_path))
    assert code == 3 and "no stack is running" in output


def test_status_reports_a_service_down_in_plain_text_and_exits_3(tmp_path: Path,
                                                                 sleeper: subprocess.Popen[bytes]) -> None:
    record = record_of(sleeper.pid)
    sleeper.kill()
    sleeper.wait(timeout=5)
    write_state(_state(tmp_path, record.pid, record.start_time))
    code, output = _run("status", "--data-dir", str(tmp_path))
    assert code == 3 and "bank" in output and "down" in output and "demo-judge-0101" in output
    assert "\x1b" not in output  # not a terminal: no escape codes


def test_up_refuses_a_data_folder_a_stack_runs_from(tmp_path: Path, sleeper: subprocess.Popen[bytes]) -> None:
    write_state(_state(tmp_path, sleeper.pid, start_time(sleeper.pid)))
    code, output = _run("up", "--data-dir", str(tmp_path), "--once")
    assert code == 1 and f"a stack is already running from {tmp_path}" in output
    assert f"freezesim down --data-dir {tmp_path}" in output
    assert sleeper.poll() is None and read_state(tmp_path) is not None


def test_up_refuses_a_data_folder_whose_parent_is_missing(tmp_path: Path) -> None:
    code, output = _run("up", "--data-dir", str(tmp_path / "no" / "stack"), "--once")
    assert code == 1 and "missing data folder" in output
    assert not (tmp_path / "no").exists()


def test_up_names_a_bad_stack_file(tmp_path: Path) -> None:
    (tmp_path / "s.toml").write_text("[node]\nport = 0\n")
    code, output = _run("up", "--stack", str(tmp_path / "s.toml"), "--data-dir", str(tmp_path), "--once")
    assert code == 1 and "s.toml:2: [node] port: 0 is outside 1..65535" in output


def test_up_cleans_a_stale_record_and_refuses_a_busy_port_before_starting_anything(
        tmp_path: Path, sleeper: subprocess.Popen[bytes]) -> None:
    record = record_of(sleeper.pid)
    sleeper.kill()
    sleeper.wait(timeout=5)
    write_state(_state(tmp_path, record.pid, record.start_time))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, output = _run("up", "--data-dir", str(tmp_path), "--node-port", str(port), "--base-port",
                            str(port + 1 if port < 65000 else port - 10), "--once")
    assert code == 1 and "removed the record of an earlier stack" in output
    assert f"port {port} (node)" in output and "already in use on 127.0.0.1; nothing was started" in output
    assert read_state(tmp_path) is None and not (tmp_path / "logs").exists()


def test_detach_and_once_exclude_each_other(tmp_path: Path) -> None:
    code, output = _run("up", "--data-dir", str(tmp_path), "--detach", "--once")
    assert code == 2 and "exclude each other" in output
