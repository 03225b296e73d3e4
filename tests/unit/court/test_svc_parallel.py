"""The fan-out's shared pool: bounded calls at once, deadlines kept, calls left behind never blocking others."""

from __future__ import annotations

import threading
import time

import pytest

from court_node.services import parallel
from court_node.services.parallel import run_all


def test_calls_run_at_most_max_workers_at_once() -> None:
    running, most = [0], [0]
    lock = threading.Lock()

    def call() -> int:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.02)
        with lock:
            running[0] -= 1
        return 1

    finished = run_all({i: call for i in range(12)}, dict.fromkeys(range(12), 5.0), max_workers=3)
    assert [f.value for f in finished.values()] == [1] * 12
    assert most[0] == 3


def test_a_call_left_behind_keeps_running_and_the_next_fan_out_is_not_held_up() -> None:
    release = threading.Event()
    ended = threading.Event()

    def slow() -> str:
        release.wait(5)
        ended.set()
        return "late"

    first = run_all({"slow": slow}, {"slow": 0.05})
    assert first["slow"].timed_out
    second = run_all({"quick": lambda: "now"}, {"quick": 1.0})
    assert second["quick"].value == "now"
    release.set()
    assert ended.wait(5)


def test_a_saturated_shared_pool_gives_the_fan_out_a_pool_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "SHARED_THREADS", 1)
    release = threading.Event()
    behind = run_all({"held": lambda: release.wait(5)}, {"held": 0.05})
    assert behind["held"].timed_out
    answered = run_all({i: (lambda i=i: i * 2) for i in range(4)}, dict.fromkeys(range(4), 2.0))
    release.set()
    assert [f.value for f in answered.values()] == [0, 2, 4, 6]


def test_a_failed_call_is_reported_not_raised() -> None:
    def failing() -> None:
        raise ValueError("refused")

    finished = run_all({"x": failing}, {"x": 1.0})
    assert isinstance(finished["x"].error, ValueError)
