"""`freezesim up --detach`, `status` and `down` as real commands: the stack serves, and nothing is left after."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from court_node.client import CourtClient, Party
from court_node.stack.groups import is_alive
from court_node.stack.invariants import check_stack
from court_node.stack.launcher import Stack
from court_node.stack.state import read_state
from tests.e2e.court.flows import inspect_all
from tests.e2e.stack_probes import (
    freezesim,
    port_is_free,
    processes_mentioning,
    stack_ports,
    write_stack_file,
)

pytestmark = pytest.mark.slow

#: the sample P2P borrower and his account at each provider (payment_mocks/samples)
BORROWER = Party("李明", "resident_id", "11010819850315203X")
BORROWER_ACCOUNTS = {"bank": "6222021234567890123", "alipay": "2088102146225135",
                     "wechat": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}
CREDITOR = Party("某网络借贷信息中介公司", "uscc", "91110000600037341L")


def test_up_detach_serves_the_stack_until_down_leaves_nothing_running(tmp_path: Path) -> None:
    ports = stack_ports()
    stack_file = write_stack_file(tmp_path, ports)
    data = tmp_path / "data"
    up = freezesim("up", "--detach", "--stack", str(stack_file))
    try:
        assert up.returncode == 0, up.stdout + up.stderr
        assert "Running in the background" in up.stdout and "demo-judge-0101" in up.stdout
        state = read_state(data)
        assert state is not None and set(state.services) == {"node", "bank", "alipay", "wechat"}
        assert state.supervisor is None and all(is_alive(s.process) for s in state.services.values())

        judge = CourtClient(f"http://127.0.0.1:{ports['node']}", "demo-judge-0101", timeout=30)
        assert [p["name"] for p in judge.providers()] == ["bank", "alipay", "wechat"]
        case = judge.file_case("（2026）京0101执9001号", CREDITOR, BORROWER, "10000.00", "0.00",
                               judgment_date="2026-06-01")
        found = {r["provider"]: [a["account_no"] for a in r["accounts"]]
                 for r in inspect_all(judge, case["id"])["results"]}
        assert found == {name: [account] for name, account in BORROWER_ACCOUNTS.items()}  # a signed call each

        status = freezesim("status", "--stack", str(stack_file))
        assert status.returncode == 0, status.stdout + status.stderr
        for name in ("node", "bank", "alipay", "wechat"):
            assert f"http://127.0.0.1:{ports[name]}" in status.stdout
        assert status.stdout.count(" up ") == 4 and "demo-judge-0101" in status.stdout
        assert "\x1b" not in status.stdout  # piped: plain text
        assert [str(v) for v in check_stack(Stack.attach(data))] == []
    finally:
        down = freezesim("down", "--stack", str(stack_file))
    assert down.returncode == 0, down.stdout + down.stderr
    assert "stopped node" in down.stdout and "the stack in" in down.stdout
    assert not any(is_alive(s.process) for s in state.services.values())
    assert all(port_is_free(port) for port in ports.values())
    assert processes_mentioning(data) == []
    assert read_state(data) is None
    after = freezesim("status", "--stack", str(stack_file))
    assert after.returncode == 3 and "no stack is running" in after.stdout


def test_a_second_up_on_a_running_folder_is_refused(tmp_path: Path) -> None:
    ports = stack_ports()
    stack_file = write_stack_file(tmp_path, ports)
    up = freezesim("up", "--detach", "--stack", str(stack_file))
    try:
        assert up.returncode == 0, up.stdout + up.stderr
        again = freezesim("up", "--detach", "--stack", str(stack_file), "--node-port", "1")
        assert again.returncode == 1 and "a stack is already running from" in again.stderr
        assert "freezesim down --data-dir" in again.stderr
    finally:
        down = freezesim("down", "--stack", str(stack_file))
    assert down.returncode == 0 and processes_mentioning(tmp_path / "data") == []


def test_a_port_in_use_is_named_and_nothing_is_started(tmp_path: Path) -> None:
    ports = stack_ports()
    stack_file = write_stack_file(tmp_path, ports)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", ports["alipay"]))
        busy.listen()
        up = freezesim("up", "--detach", "--stack", str(stack_file))
    assert up.returncode == 1
    assert f"port {ports['alipay']} (alipay) already in use on 127.0.0.1; nothing was started" in up.stderr
    assert processes_mentioning(tmp_path / "data") == [] and read_state(tmp_path / "data") is None


def test_a_service_that_does_not_come_up_is_named_with_its_log_and_the_others_are_stopped(tmp_path: Path) -> None:
    ports = stack_ports()
    stack_file = write_stack_file(tmp_path, ports, wechat='profile = "1999"')
    up = freezesim("up", "--detach", "--stack", str(stack_file))
    assert up.returncode == 1
    assert "wechat exited with code 2 before it answered" in up.stderr
    assert "unknown profile '1999'" in up.stderr  # quoted from its log
    assert "nothing was left running" in up.stderr
    assert processes_mentioning(tmp_path / "data") == []
    assert all(port_is_free(port) for port in ports.values()) and read_state(tmp_path / "data") is None


def test_down_stops_a_foreground_up_through_its_own_shutdown(tmp_path: Path) -> None:
    ports = stack_ports()
    stack_file = write_stack_file(tmp_path, ports)
    proc = subprocess.Popen([sys.executable, "-m", "court_node", "up", "--stack", str(stack_file)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if "Press Ctrl-C" in line:
                break
        down = freezesim("down", "--stack", str(stack_file))
        output = proc.communicate(timeout=60)[0]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    assert down.returncode == 0 and f"stopped up (pid {proc.pid})" in down.stdout
    assert proc.returncode == 0 and "the stack stopped." in output
    assert processes_mentioning(tmp_path / "data") == []
    assert all(port_is_free(port) for port in ports.values())
