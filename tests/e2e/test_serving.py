"""``payment_mocks.serving.main`` for real: gunicorn workers on a free port, faults over the wire, clean stops."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from payment_mocks.control.faults import FaultConfig, decide
from payment_mocks.control.seed import sample_seed_path
from tests.integration.control_generic import ADMIN_TOKEN, admin_headers

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
LI_BANK_ACCOUNT = "6222021234567890123"
# main() imports payment_mocks.<name>; the generic test dialect stands in for a real one.
LAUNCH = (
    "import sys, tests.integration.control_generic as generic\n"
    "sys.modules['payment_mocks.generic'] = generic\n"
    "from payment_mocks.serving import main\n"
    "raise SystemExit(main('generic', sys.argv[1:]))\n"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "Z" not in (Path(f"/proc/{pid}/stat").read_text().split(") ")[1][:1])


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def start(tmp_path: Path, data_dir: Path, *args: str) -> Served:
    port = free_port()
    log = tmp_path / f"serve-{port}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-c", LAUNCH, "--port", str(port), "--data-dir", str(data_dir),
             "--admin-token", ADMIN_TOKEN, *args],
            cwd=REPO, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True,
        )
    served = Served(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}:\n{served.output()}")
        try:
            if requests.get(f"{served.url}/health", timeout=1).status_code == 200:
                return served
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    stop(served)
    raise AssertionError(f"server did not become healthy:\n{served.output()}")


def stop(served: Served) -> int:
    """SIGTERM the server; returns its exit status once it and every worker are gone."""
    workers = children_of(served.process.pid)
    served.process.send_signal(signal.SIGTERM)
    try:
        status = served.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(served.process.pid, signal.SIGKILL)
        served.process.wait(timeout=10)
        raise
    deadline = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [w for w in workers if alive(w)], "workers left running"
    return status


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def gunicorn(tmp_path: Path, data_dir: Path) -> Iterator[Served]:
    served = start(tmp_path, data_dir, "--workers", "2", "--threads", "4", "--seed-file",
                   str(sample_seed_path("bank")))
    try:
        yield served
    finally:
        if served.process.poll() is None:
            stop(served)


def admin(served: Served, method: str, path: str, body: Any = None) -> Any:
    response = requests.request(method, f"{served.url}/_admin{path}", json=body, headers=admin_headers(), timeout=10)
    assert response.status_code < 300, response.text
    return response.json()


def credit(served: Served, request_no: str, timeout: float = 10) -> requests.Response:
    return requests.post(f"{served.url}/generic/v1/credit", timeout=timeout,
                         json={"account_no": LI_BANK_ACCOUNT, "amount_fen": 100, "request_no": request_no})


def test_gunicorn_serves_with_several_workers_and_stops_cleanly(gunicorn: Served, data_dir: Path) -> None:
    assert admin(gunicorn, "GET", "/info")["counts"]["subjects"] == 4
    assert len(children_of(gunicorn.process.pid)) == 2
    assert stop(gunicorn) == 0
    output = gunicorn.output()
    assert f"listening on {gunicorn.url} (gunicorn, 2 worker(s) x 4 threads)" in output
    assert str(data_dir.resolve()) in output and "seeded 4 subjects" in output
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT leftovers are not listeners
        probe.bind(("127.0.0.1", int(gunicorn.url.rsplit(":", 1)[1])))


def test_a_restart_keeps_the_data_and_does_not_seed_again(gunicorn: Served, tmp_path: Path, data_dir: Path) -> None:
    admin(gunicorn, "POST", f"/accounts/{LI_BANK_ACCOUNT}/credit", {"amount": "400.00"})
    stop(gunicorn)
    again = start(tmp_path, data_dir, "--seed-file", str(sample_seed_path("bank")))
    try:
        assert admin(again, "GET", f"/accounts/{LI_BANK_ACCOUNT}")["balance"] == "9000.00"
        assert admin(again, "GET", "/info")["counts"]["subjects"] == 4
    finally:
        stop(again)
    assert "not applied: the ledger already has subjects" in again.output()


def test_a_dropped_response_under_gunicorn_was_committed(gunicorn: Served) -> None:
    admin(gunicorn, "PUT", "/faults", {"error_rate": 1, "error_kind": "drop"})
    with pytest.raises(requests.ConnectionError):
        credit(gunicorn, "R-1")
    admin(gunicorn, "DELETE", "/faults")
    assert admin(gunicorn, "GET", f"/accounts/{LI_BANK_ACCOUNT}")["balance_fen"] == 860_100


def test_a_refusal_under_gunicorn_turns_connections_away(gunicorn: Served) -> None:
    admin(gunicorn, "PUT", "/faults", {"refuse_for_s": 1.0})
    with pytest.raises(requests.ConnectionError):
        credit(gunicorn, "R-1")
    time.sleep(1.05)
    assert credit(gunicorn, "R-2").status_code == 200
    assert admin(gunicorn, "GET", f"/accounts/{LI_BANK_ACCOUNT}")["balance_fen"] == 860_100


def test_seeded_faults_replay_the_same_whichever_worker_answers(gunicorn: Served) -> None:
    admin(gunicorn, "PUT", "/faults", {"seed": 2024, "error_rate": 0.5})
    seen = [credit(gunicorn, f"R-{n}").status_code for n in range(16)]
    expected = [500 if decide(FaultConfig(seed=2024, error_rate=0.5), n).kind else 200 for n in range(1, 17)]
    assert seen == expected
    journal = admin(gunicorn, "GET", "/journal?limit=16")["entries"]
    assert [e["fault"]["n"] if e["fault"] else None for e in reversed(journal)] == [
        n if kind == 500 else None for n, kind in enumerate(expected, start=1)]


def test_the_werkzeug_server_runs_and_stops_on_sigterm(tmp_path: Path, data_dir: Path) -> None:
    served = start(tmp_path, data_dir, "--server", "werkzeug")
    try:
        assert requests.get(f"{served.url}/health", timeout=5).json()["provider"] == "generic"
    finally:
        assert stop(served) == 0
    assert "(werkzeug, threaded)" in served.output()


def test_an_unusable_seed_file_stops_the_start(tmp_path: Path, data_dir: Path) -> None:
    bad = tmp_path / "seed.json"
    bad.write_text(json.dumps({"subjects": [{"name": "李明", "id_type": "resident_id", "id_number": "1"}]}))
    result = subprocess.run([sys.executable, "-c", LAUNCH, "--data-dir", str(data_dir), "--seed-file", str(bad)],
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "/subjects/0/id_number" in result.stderr
