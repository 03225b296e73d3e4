"""The court node under gunicorn with two workers behaves as one node: one clock, one set of demo users, one
reconciler."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest
import requests

from court_node.client import CourtClient
from court_node.demo_data import DEMO_USERS
from court_node.stack.groups import group_members
from court_node.stack.launcher import Stack
from court_node.testing import stack_options_for_tests, start_stack

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    options = stack_options_for_tests(tmp_path_factory.mktemp("two-workers"), node_workers=2, node_threads=2)
    options = replace(options, node_settings={**(options.node_settings or {}), "worker_interval_s": 0.2})
    running = start_stack(options)
    try:
        yield running
    finally:
        running.stop()


def _offsets(stack: Stack, times: int) -> set[int]:
    """The node's clock offset in whole days, as each of ``times`` fresh connections sees it."""
    headers = {"Authorization": f"Bearer {stack.node.admin_token()}", "Connection": "close"}
    return {round(requests.get(f"{stack.url('node')}/_admin/clock", headers=headers, timeout=10)
                  .json()["offset_seconds"] / 86400) for _ in range(times)}


def test_the_node_runs_a_master_and_two_workers(stack: Stack) -> None:
    assert stack.node.record is not None
    assert len(group_members(stack.node.record.pid)) == 3


def test_a_clock_move_through_one_worker_is_seen_by_every_worker(stack: Stack) -> None:
    stack.admin("node", "POST", "/clock", {"advance": "30d"})
    assert _offsets(stack, 40) == {30}
    stack.admin("node", "POST", "/clock", {"reset": True})
    assert _offsets(stack, 40) == {0}


def test_the_demo_users_are_seeded_once(stack: Stack) -> None:
    with sqlite3.connect(stack.node.data_dir / "court.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM users").fetchone()[0] == len(DEMO_USERS)
    judge = CourtClient(stack.url("node"), "demo-judge-0105", timeout=30)
    assert [p["name"] for p in judge.providers()] == ["bank", "alipay", "wechat"]


def test_one_worker_reconciles(stack: Stack) -> None:
    lock = stack.node.data_dir / "reconciler.lock"
    deadline = time.monotonic() + 10
    while not (lock.exists() and lock.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert stack.node.record is not None
    workers = set(group_members(stack.node.record.pid)) - {stack.node.record.pid}
    assert int(lock.read_text()) in workers
