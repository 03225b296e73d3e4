"""Fault decisions: a pure function of seed and request number; configuration and counter in the database."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from payment_mocks.control import faults
from payment_mocks.control.faults import FaultConfig, decide, is_dialect_path
from payment_mocks.ledger.database import Database
from payment_mocks.ledger.schema import SCHEMA


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(tmp_path / "ledger.sqlite3")
    database.run_script(SCHEMA)
    yield database
    database.close()


def test_a_decision_depends_only_on_seed_and_request_number() -> None:
    config = FaultConfig(seed=9, latency_ms=10, latency_jitter_ms=90, error_rate=0.3, error_kind="drop")
    assert [decide(config, n) for n in range(1, 50)] == [decide(config, n) for n in range(1, 50)]


def test_other_seeds_give_other_sequences() -> None:
    one = [decide(FaultConfig(seed=1, error_rate=0.5), n).kind for n in range(1, 65)]
    two = [decide(FaultConfig(seed=2, error_rate=0.5), n).kind for n in range(1, 65)]
    assert one != two


def test_the_error_rate_is_roughly_honoured() -> None:
    hits = sum(decide(FaultConfig(seed=3, error_rate=0.2), n).kind == "error" for n in range(1, 2001))
    assert 300 < hits < 500


def test_rate_zero_never_faults_and_rate_one_always_does() -> None:
    assert all(decide(FaultConfig(error_rate=0.0), n).kind is None for n in range(1, 200))
    assert all(decide(FaultConfig(error_rate=1.0, error_kind="timeout"), n).kind == "timeout" for n in range(1, 200))


def test_latency_stays_within_base_plus_jitter() -> None:
    config = FaultConfig(seed=5, latency_ms=100, latency_jitter_ms=40)
    latencies = {decide(config, n).latency_ms for n in range(1, 500)}
    assert min(latencies) >= 100 and max(latencies) <= 140 and len(latencies) > 20


def test_the_fault_kind_does_not_change_which_requests_fault() -> None:
    drops = [decide(FaultConfig(seed=11, error_rate=0.4, error_kind="drop"), n).kind is not None for n in range(99)]
    errors = [decide(FaultConfig(seed=11, error_rate=0.4), n).kind is not None for n in range(99)]
    assert drops == errors


@pytest.mark.parametrize(("path", "dialect"), [
    ("/_admin", False), ("/_admin/faults", False), ("/health", False), ("/openapi.json", False),
    ("/gateway.do", True), ("/v3/judicial/freezes", True), ("/_adminx", True), ("/healthz", True),
])
def test_control_paths_are_never_dialect_paths(path: str, dialect: bool) -> None:
    assert is_dialect_path(path) is dialect


def test_paths_limit_what_faults_cover() -> None:
    config = FaultConfig(paths=("/judicial/v1/control",))
    assert config.covers("/judicial/v1/control/requests")
    assert not config.covers("/judicial/v1/query")
    assert FaultConfig().covers("/anything") and not FaultConfig(paths=("/",)).covers("/_admin/info")


def test_the_refusal_window_is_wall_time_from_when_it_was_set() -> None:
    config = FaultConfig.from_loaded({"refuse_for_s": 30.0}, wall_now=1000.0)
    assert config.refusing(1029.9) and not config.refusing(1030.0)
    assert not FaultConfig.from_loaded({}, wall_now=1000.0).refusing(1000.0)


def test_a_refusal_window_alone_draws_nothing_from_the_seed() -> None:
    assert not FaultConfig(refuse_for_s=10).randomised
    assert FaultConfig(latency_jitter_ms=1).randomised and FaultConfig(error_rate=0.1).randomised


def test_the_configuration_round_trips_through_the_database(db: Database) -> None:
    config = FaultConfig(seed=4, latency_ms=3, error_rate=0.5, error_kind="drop", paths=("/v3",), refuse_until=5.0)
    faults.save_config(db, config)
    assert faults.load_config(db) == config
    faults.clear(db)
    assert faults.load_config(db) is None


def test_setting_faults_restarts_the_request_count(db: Database) -> None:
    faults.save_config(db, FaultConfig())
    assert [faults.take_number(db) for _ in range(3)] == [1, 2, 3]
    faults.save_config(db, FaultConfig())
    assert faults.take_number(db) == 1


def test_request_numbers_are_unique_across_threads(db: Database) -> None:
    faults.save_config(db, FaultConfig())
    taken: list[int] = []
    lock = threading.Lock()

    def take() -> None:
        for _ in range(25):
            n = faults.take_number(db)
            with lock:
                taken.append(n)

    threads = [threading.Thread(target=take) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(taken) == list(range(1, 101))


def test_closing_a_client_without_a_socket_does_nothing() -> None:
    assert faults.close_client({}) is False
