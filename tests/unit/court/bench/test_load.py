"""The load generator: N clients, each built once, for a count of calls or a duration; failures are counted."""

from __future__ import annotations

import threading

import pytest

from court_node.bench.load import Call, run_load


def test_a_count_of_calls_is_spread_over_the_clients_each_built_once() -> None:
    built: list[int] = []
    seen: list[int] = []
    lock = threading.Lock()

    def factory(i: int) -> Call:
        built.append(i)

        def call(n: int) -> None:
            with lock:
                seen.append(n)

        return call

    result = run_load(factory, 4, count=50)
    assert sorted(built) == [0, 1, 2, 3]
    assert sorted(seen) == list(range(50))
    assert (result.count, result.errors, result.clients) == (50, 0, 4)
    assert result.rate > 0


def test_failed_calls_are_counted_with_the_first_message() -> None:
    def factory(i: int) -> Call:
        def call(n: int) -> None:
            if n % 2:
                raise RuntimeError("refused")

        return call

    result = run_load(factory, 2, count=10)
    assert (result.count, result.errors) == (5, 5)
    assert result.first_error == "RuntimeError: refused"


def test_a_duration_ends_the_run() -> None:
    result = run_load(lambda i: lambda n: None, 2, duration_s=0.2)
    assert 0.2 <= result.seconds < 5
    assert result.count > 0


def test_exactly_one_of_count_and_duration() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        run_load(lambda i: lambda n: None, 1)
