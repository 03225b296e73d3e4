"""The pytest plugin's fixtures: a whole stack for a test module, ready court clients, and nothing left after."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from court_node.client import CourtClient, Party
from court_node.stack.invariants import check_stack
from court_node.stack.launcher import Stack
from tests.e2e.stack_probes import processes_mentioning

pytestmark = pytest.mark.slow

DEBTOR = Party("李明", "resident_id", "11010819850315203X")
CREDITOR = Party("某网络借贷信息中介公司", "uscc", "91110000600037341L")


def test_the_stack_fixture_serves_the_default_stack(freezesim_stack: Stack, court_client: CourtClient) -> None:
    assert [p["name"] for p in court_client.providers()] == ["bank", "alipay", "wechat"]
    account = freezesim_stack.admin("bank", "GET", "/accounts/6222021234567890123")
    assert account["balance"] == "8600.00"  # the sample debtors are seeded


def test_court_client_for_serves_any_demo_user(court_client_for: Callable[[str], CourtClient]) -> None:
    clerk = court_client_for("demo-clerk-0105")
    case = clerk.file_case("（2026）京0105执9002号", CREDITOR, DEBTOR, "5000.00", "0.00", judgment_date="2026-06-01")
    assert case["court"]["code"] == "京0105"


def test_the_fixtures_stack_keeps_every_invariant(freezesim_stack: Stack) -> None:
    assert [str(v) for v in check_stack(freezesim_stack)] == []


def test_a_test_suite_using_the_fixture_leaves_nothing_running(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_mine.py").write_text(
        "def test_mine(freezesim_stack, court_client):\n"
        "    assert court_client.health()['status'] == 'ok'\n"
        "    assert freezesim_stack.admin('node', 'GET', '/clock')['stopped'] is False\n")
    base = tmp_path / "base"
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--basetemp", str(base),
                          "test_mine.py"], cwd=tmp_path, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout
    assert list(base.rglob("logs/node.log"))  # the stack ran under the base folder
    assert processes_mentioning(base) == []
