"""The outbox sends a batch provider's requests through its batch forms, recording each as a single one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from court_node.services.reconcile import reconcile
from tests.unit.court.node_requests import DEBTOR
from tests.unit.court.svc_world import World, fake_provider, make_world, open_accounts


def _world(tmp_path: Path, **bank_options: object) -> World:
    w = make_world(tmp_path, [fake_provider("bank", timeout_s=0.05, batch=True, **bank_options),
                              fake_provider("alipay")], grace_days=0)
    open_accounts(w, DEBTOR, bank=("6222001", 1_000_000), alipay=("2088001", 100_000))
    w.fake("bank").open_account(DEBTOR["name"], DEBTOR["id_type"], DEBTOR["id_number"], "6222002", 1_000_000)
    return w


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = _world(tmp_path)
    yield w
    w.close()


@pytest.fixture
def slow_bank(tmp_path: Path) -> Iterator[World]:
    w = _world(tmp_path, asynchronous=True)
    yield w
    w.close()


def _bank_freezes(world: World, case_id: int) -> list[dict[str, object]]:
    world.inspect(case_id)
    answer = world.freeze(case_id)
    assert answer.status_code == 201, answer.json
    return [f for f in answer.json["freezes"] if f["provider"] == "bank"]


def test_an_inspection_asks_a_batch_provider_through_its_batch_form(world: World) -> None:
    results = {r["provider"]: r for r in world.inspect(world.file())["results"]}
    assert [m for m, _ in world.fake("bank").batch_calls] == ["query_many"]
    assert world.fake("bank").batch_calls[0][1] == [results["bank"]["request_no"]]
    assert {p: r["state"] for p, r in results.items()} == {"bank": "completed", "alipay": "completed"}
    assert len(results["bank"]["accounts"]) == 2
    assert world.fake("alipay").batch_calls == []


def test_freezes_on_several_accounts_of_a_batch_provider_go_in_one_call(world: World) -> None:
    case_id = world.file(principal="15000.00", costs="0")
    freezes = _bank_freezes(world, case_id)
    control_calls = [numbers for method, numbers in world.fake("bank").batch_calls if method == "control_many"]
    assert len(control_calls) == 1 and sorted(control_calls[0]) == sorted(str(f["request_no"]) for f in freezes)
    assert len(freezes) == 2 and {f["status"] for f in freezes} == {"active"}
    assert world.case(case_id)["frozen"] == "15000.00"


def test_a_lost_answer_in_a_batch_leaves_only_its_request_unknown_and_reconcile_counts_it_once(world: World) -> None:
    bank = world.fake("bank")
    bank.timeout_next(method="control")
    case_id = world.file(principal="15000.00", costs="0")
    freezes = _bank_freezes(world, case_id)
    assert sorted(f["requests"][0]["state"] for f in freezes) == ["completed", "unknown"]  # type: ignore[index]
    reconcile(world.ctx)
    assert world.case(case_id)["frozen"] == "15000.00"
    assert sorted(bank.received[-2:]) == sorted(str(f["request_no"]) for f in freezes)
    assert len(bank.freezes_on("6222001")) + len(bank.freezes_on("6222002")) == 2


def test_pending_queries_are_read_back_through_the_batch_read(slow_bank: World) -> None:
    inspection = slow_bank.inspect(slow_bank.file())
    assert inspection["state"] == "pending"
    slow_bank.fake("bank").settle()
    done = slow_bank.get(f"/api/v1/inspections/{inspection['id']}").json
    assert done["state"] == "completed"
    assert [m for m, _ in slow_bank.fake("bank").batch_calls] == ["query_many", "query_results"]


def test_pending_freezes_are_read_back_through_the_batch_read(slow_bank: World) -> None:
    case_id = slow_bank.file(principal="15000.00", costs="0")
    inspection = slow_bank.inspect(case_id)
    slow_bank.fake("bank").settle()
    assert slow_bank.get(f"/api/v1/inspections/{inspection['id']}").json["state"] == "completed"
    answer = slow_bank.freeze(case_id)
    assert answer.status_code == 201, answer.json
    slow_bank.fake("bank").settle()
    listed = slow_bank.get(f"/api/v1/cases/{case_id}/freezes").json["freezes"]
    assert {f["status"] for f in listed if f["provider"] == "bank"} == {"active"}
    assert "control_results" in [m for m, _ in slow_bank.fake("bank").batch_calls]
