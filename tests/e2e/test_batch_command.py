"""`freezesim batch`: file and inspect cases through a running stack's bulk path, with progress lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from court_node.stack.launcher import Stack, StackOptions
from payment_mocks.testing import free_port
from tests.unit.court.node_requests import DEBTOR, filing

pytestmark = pytest.mark.slow
JUDGE = "demo-judge-0101"


def _batch(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "court_node", "batch", *args, "--data-dir", str(data_dir),
                           "--token", JUDGE], capture_output=True, text=True, timeout=120)


def test_batch_files_and_inspects_with_progress_and_exits_by_the_outcome(tmp_path: Path) -> None:
    ports = {name: free_port() for name in ("node", "bank", "alipay", "wechat")}
    stack = Stack(StackOptions(data_dir=tmp_path / "stack", ports=ports, sample_data=True)).start()
    try:
        cases = tmp_path / "cases.jsonl"
        bodies = [filing(700 + i, debtor=dict(DEBTOR)) for i in range(5)] + [filing(800, "京0105")]
        cases.write_text("".join(json.dumps(b, ensure_ascii=False) + "\n" for b in bodies), encoding="utf-8")
        filed = _batch(tmp_path / "stack", "file", str(cases))
        assert filed.returncode == 1, filed.stderr  # the other court's case failed
        assert "5 succeeded, 1 failed" in filed.stdout
        assert "CASE_COURT_MISMATCH" in filed.stdout
        assert "/6 done" in filed.stdout  # plain progress lines when piped
        started = _batch(tmp_path / "stack", "file", str(cases), "--no-wait")
        assert started.returncode == 0 and started.stdout.strip().isdigit()
        listed = _batch(tmp_path / "stack", "items", "1")
        ids = [line.split("\t")[1] for line in listed.stdout.splitlines() if "\tsucceeded\t" in line]
        assert len(ids) == 5
        inspected = _batch(tmp_path / "stack", "inspect", "--cases", ",".join(ids))
        assert inspected.returncode == 0, inspected.stdout + inspected.stderr
        assert "5 succeeded, 0 failed" in inspected.stdout
        failed = _batch(tmp_path / "stack", "items", "1", "--failed")
        assert failed.stdout.count("\n") == 1 and "CASE_COURT_MISMATCH" in failed.stdout
        status = _batch(tmp_path / "stack", "status", "1")
        assert "completed, 6/6 done" in status.stdout
        usage = _batch(tmp_path / "stack", "inspect", "--cases", "9-1")
        assert usage.returncode == 2
    finally:
        stack.stop()
