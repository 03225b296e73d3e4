"""The demo's stack: a fresh data folder every run (never someone else's files), free ports unless told."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from court_node.demo.fresh_stack import SetupError, demo_ports, demo_stack, fresh_folder


@pytest.fixture
def leftover_stack(tmp_path: Path) -> Iterator[Path]:
    """A folder whose stack.json names a process still running from it."""
    folder = tmp_path / "demo"
    (folder / "court").mkdir(parents=True)
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", str(folder / "court")])
    (folder / "stack.json").write_text(json.dumps({"pids": {"node": proc.pid}}))
    try:
        yield folder
    finally:
        proc.kill()
        proc.wait(timeout=10)


def test_a_missing_folder_is_created(tmp_path: Path) -> None:
    assert fresh_folder(tmp_path / "a" / "demo").is_dir()


def test_the_previous_runs_folder_is_wiped(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    (folder / "bank").mkdir(parents=True)
    (folder / "bank" / "ledger.sqlite3").write_text("books")
    (folder / "stack.json").write_text(json.dumps({"pids": {"node": 2 ** 22 + 1}}))  # no such process
    assert list(fresh_folder(folder).iterdir()) == []


def test_a_folder_holding_other_files_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text("years of work")
    with pytest.raises(SetupError, match=r"thesis\.tex"):
        fresh_folder(tmp_path)
    assert (tmp_path / "thesis.tex").read_text() == "years of work"


def test_a_folder_a_stack_still_runs_from_is_refused(leftover_stack: Path) -> None:
    with pytest.raises(SetupError, match="still running"):
        fresh_folder(leftover_stack)
    assert (leftover_stack / "stack.json").exists()


def test_a_file_is_not_a_data_folder(tmp_path: Path) -> None:
    (tmp_path / "demo").write_text("")
    with pytest.raises(SetupError, match="not a folder"):
        fresh_folder(tmp_path / "demo")


def test_ports_are_free_and_distinct_by_default() -> None:
    ports = demo_ports()
    assert sorted(ports) == ["alipay", "bank", "node", "wechat"]
    assert len(set(ports.values())) == 4


def test_given_ports_are_kept_with_the_providers_consecutive() -> None:
    assert demo_ports(9000, 9101) == {"node": 9000, "bank": 9101, "alipay": 9102, "wechat": 9103}


def test_the_stack_has_the_stories_settings(tmp_path: Path) -> None:
    options = demo_stack(tmp_path, demo_ports()).options
    assert options.sample_data and options.demo
    assert dict(options.node_settings or {}) == {"grace_days": 60, "living_allowance": "1500.00", "background": True,
                                                 "worker_interval_s": 0.5}
