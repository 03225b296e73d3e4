"""`freezesim up`: the whole stack starts, answers with the node wired to every provider, stops, and restarts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from payment_mocks.testing import free_port

pytestmark = pytest.mark.slow


def _up(data_dir: Path, node_port: int, base_port: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "court_node", "up", "--once", "--data-dir", str(data_dir),
         "--node-port", str(node_port), "--base-port", str(base_port)],
        capture_output=True, text=True, timeout=180,
    )


def test_up_starts_the_stack_and_a_second_start_reuses_its_state(tmp_path: Path) -> None:
    node_port, base_port = free_port(), free_port()
    while base_port in (node_port - 2, node_port - 1, node_port):
        base_port = free_port()
    first = _up(tmp_path, node_port, base_port)
    assert first.returncode == 0, first.stderr + first.stdout
    assert f"court node  http://127.0.0.1:{node_port}" in first.stdout and "demo-judge-0101" in first.stdout
    credentials = (tmp_path / "node-credentials.json").read_text()
    again = _up(tmp_path, node_port, base_port)
    assert again.returncode == 0, again.stderr + again.stdout
    assert (tmp_path / "node-credentials.json").read_text() == credentials  # the same identities at the providers
    assert "providers:   bank, alipay, wechat" in (tmp_path / "logs" / "node.log").read_text()


def test_a_hangup_stops_every_service_of_the_stack(tmp_path: Path) -> None:
    import signal
    import socket

    ports = [free_port() for _ in range(2)]
    proc = subprocess.Popen([sys.executable, "-m", "court_node", "up", "--data-dir", str(tmp_path),
                             "--node-port", str(ports[0]), "--base-port", str(ports[1])],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if "Press Ctrl-C" in line:
                break
        proc.send_signal(signal.SIGHUP)  # the terminal was closed
        output = proc.communicate(timeout=60)[0]
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0 and "the stack stopped." in output
    for port in (ports[0], ports[1], ports[1] + 1, ports[1] + 2):
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(("127.0.0.1", port))  # nothing listens any more
