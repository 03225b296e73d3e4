"""`freezesim mocks`: the three providers start with sample debtors, answer, and stop without leftovers."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from payment_mocks.testing import free_port

pytestmark = pytest.mark.slow


def test_mocks_command_starts_three_seeded_providers_and_stops_them(tmp_path: Path) -> None:
    base = free_port()
    while any(not _free(base + i) for i in range(3)):
        base = free_port()
    done = subprocess.run(
        [sys.executable, "-c", "from court_node.cli.main import main; main()", "mocks", "--once",
         "--data-dir", str(tmp_path), "--base-port", str(base)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    for offset, name in enumerate(("bank", "alipay", "wechat")):
        assert f"http://127.0.0.1:{base + offset}" in done.stdout
        with closing(sqlite3.connect(tmp_path / name / "ledger.sqlite3")) as db:
            assert db.execute("SELECT COUNT(*) FROM subjects").fetchone()[0] >= 2  # sample debtors seeded
        assert _free(base + offset), f"{name} still listens after --once"


def test_mocks_command_refuses_a_port_in_use_and_leaves_nothing_running(tmp_path: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-c", "from court_node.cli.main import main; main()", "mocks", "--once",
             "--data-dir", str(tmp_path), "--base-port", str(port - 1)],
            capture_output=True, text=True, timeout=120,
        )
    assert done.returncode != 0 and "already in use" in done.stderr
    assert _free(port - 1)


def _free(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT leftovers are not listeners
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True
