"""`freezesim clock`: every service of a running stack moves to the same simulated instant."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from court_node.stack.launcher import STATE_FILE, Stack, StackOptions, parse_iso
from payment_mocks.testing import free_port

pytestmark = pytest.mark.slow


def _clock(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "court_node", "clock", *args, "--data-dir", str(data_dir)],
                          capture_output=True, text=True, timeout=60)


def test_clock_advance_moves_every_service_together_and_needs_a_running_stack(tmp_path: Path) -> None:
    ports = {name: free_port() for name in ("node", "bank", "alipay", "wechat")}
    stack = Stack(StackOptions(data_dir=tmp_path, ports=ports, sample_data=False)).start()
    try:
        assert (tmp_path / STATE_FILE).exists()
        stopped = _clock(tmp_path, "stop")
        assert stopped.returncode == 0, stopped.stderr
        moved = _clock(tmp_path, "advance", "30d")
        assert moved.returncode == 0, moved.stderr
        clocks = {name: stack.admin(name, "GET", "/clock") for name in ("node", "bank", "alipay", "wechat")}
        instants = {parse_iso(c["now"]) for c in clocks.values()}
        assert len(instants) == 1, clocks  # stopped clocks: exactly one common instant
        assert all(29.9 * 86400 < c["offset_seconds"] < 30.1 * 86400 for c in clocks.values())
        shown = _clock(tmp_path, "show")
        assert shown.returncode == 0 and shown.stdout.count("stopped") == 4
        bad = _clock(tmp_path, "advance", "thirty days")
        assert bad.returncode != 0 and "duration" in bad.stderr
    finally:
        stack.stop()
    gone = _clock(tmp_path, "show")
    assert gone.returncode != 0 and "no running stack" in gone.stderr
