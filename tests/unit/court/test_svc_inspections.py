"""Inspections: every provider at once, each answering (or failing, or timing out) on its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit.court.node_requests import CLERK, DEBTOR, OTHER_JUDGE, VIEWER
from tests.unit.court.svc_world import World, fake_provider, make_world, open_accounts


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = make_world(tmp_path, [fake_provider("bank", timeout_s=0.3, latency_s=0.2),
                              fake_provider("alipay", timeout_s=0.3, latency_s=0.1),
                              fake_provider("wechat", timeout_s=0.3)])
    open_accounts(w, DEBTOR, bank=("6222001", 3_000_000), alipay=("2088001", 500_000))
    yield w
    w.close()


@pytest.fixture
def slow_bank(tmp_path: Path) -> Iterator[World]:
    w = make_world(tmp_path, [fake_provider("bank", asynchronous=True), fake_provider("alipay")])
    open_accounts(w, DEBTOR, bank=("6222001", 3_000_000), alipay=("2088001", 500_000))
    yield w
    w.close()


def test_providers_are_asked_in_parallel_and_one_failing_or_timing_out_does_not_stop_the_others(
        world: World) -> None:
    world.fake("alipay").fail_next()
    world.fake("wechat").timeout_next()
    case_id = world.file()
    results = {r["provider"]: r for r in world.inspect(case_id)["results"]}
    assert results["bank"]["state"] == "completed" and results["bank"]["accounts"][0]["balance"] == "30000.00"
    assert (results["alipay"]["state"], results["alipay"]["error"]["code"]) == ("failed", "PROVIDER_UNAVAILABLE")
    assert (results["wechat"]["state"], results["wechat"]["error"]["code"]) == ("failed", "PROVIDER_TIMEOUT")
    calls = [world.fake(name).timeline[0] for name in ("bank", "alipay", "wechat")]
    assert max(c.started for c in calls) < min(c.ended for c in calls)  # all three were under way at once
    slowest = world.fake("bank").config.timeout_s + world.fake("wechat").config.timeout_s
    assert max(c.ended for c in calls) - min(c.started for c in calls) < slowest


def test_an_asynchronous_provider_stays_pending_until_its_answer_arrives(slow_bank: World) -> None:
    case_id = slow_bank.file()
    inspection = slow_bank.inspect(case_id)
    states = {r["provider"]: r["state"] for r in inspection["results"]}
    assert (inspection["state"], states) == ("pending", {"bank": "pending", "alipay": "completed"})
    again = slow_bank.get(f"/api/v1/inspections/{inspection['id']}").json
    assert again["state"] == "pending"
    slow_bank.fake("bank").settle()
    done = slow_bank.get(f"/api/v1/inspections/{inspection['id']}").json
    assert done["state"] == "completed"
    assert done["results"][0]["accounts"][0]["account_no"] == "6222001"


def test_named_providers_only_are_asked(world: World) -> None:
    inspection = world.inspect(world.file(), providers=["alipay"])
    assert [r["provider"] for r in inspection["results"]] == ["alipay"] and world.fake("bank").received == []


def test_measures_and_transactions_of_the_period_are_kept(world: World) -> None:
    world.fake("bank").credit("6222001", 10_000)
    inspection = world.inspect(world.file(), transactions={"from": "2026-03-01", "to": "2026-03-01"})
    account = inspection["results"][0]["accounts"][0]
    assert [(t["kind"], t["amount"]) for t in account["transactions"]] == [("seed", "30000.00"), ("credit", "100.00")]
    assert inspection["transactions"] == {"from": "2026-03-01", "to": "2026-03-01"}


def test_another_courts_freeze_shows_as_a_prior_measure(world: World) -> None:
    other_case = world.file(2, court="京0105", token=OTHER_JUDGE)
    world.inspect_and_freeze(other_case, OTHER_JUDGE)
    measures = world.inspect(world.file())["results"][0]["accounts"][0]["measures"]
    assert [(m["authority_code"], m["status"]) for m in measures] == [("京0105", "active")]


@pytest.mark.parametrize("body", [{"providers": ["nobody"]}, {"providers": []}, {"providers": "bank"},
                                  {"transactions": {"from": "2026-03-02", "to": "2026-03-01"}},
                                  {"transactions": {"from": "2026-03-01"}}, {"extra": 1}])
def test_bad_input_is_400_and_asks_nobody(world: World, body: dict[str, object]) -> None:
    case_id = world.file()
    answer = world.post(f"/api/v1/cases/{case_id}/inspections", body)
    assert answer.status_code == 400, answer.json
    assert all(world.fake(name).received == [] for name in ("bank", "alipay", "wechat"))


def test_clerks_may_inspect_viewers_may_only_read(world: World) -> None:
    case_id = world.file()
    assert world.post(f"/api/v1/cases/{case_id}/inspections", {}, CLERK).status_code == 201
    assert world.post(f"/api/v1/cases/{case_id}/inspections", {}, VIEWER).status_code == 403
    assert len(world.get(f"/api/v1/cases/{case_id}/inspections", VIEWER).json["inspections"]) == 1


def test_another_courts_case_and_inspection_are_not_found(world: World) -> None:
    case_id = world.file()
    inspection = world.inspect(case_id)
    assert world.post(f"/api/v1/cases/{case_id}/inspections", {}, OTHER_JUDGE).status_code == 404
    answer = world.get(f"/api/v1/inspections/{inspection['id']}", OTHER_JUDGE)
    assert (answer.status_code, answer.json["error"]["code"]) == (404, "INSPECTION_NOT_FOUND")


def test_the_request_and_each_result_are_on_the_timeline(world: World) -> None:
    world.fake("wechat").fail_next()
    case_id = world.file()
    world.inspect(case_id)
    events = world.get(f"/api/v1/cases/{case_id}/events").json["events"]
    results = [e for e in events if e["action"] == "inspection.result"]
    assert sorted(e["detail"]["state"] for e in results) == ["completed", "completed", "failed"]
    requested = next(e for e in events if e["action"] == "inspection.requested")
    assert requested["user"]["name"] == "张法官" and requested["detail"]["providers"] == ["bank", "alipay", "wechat"]


def test_a_node_without_providers_cannot_inspect(tmp_path: Path) -> None:
    w = make_world(tmp_path, [])
    try:
        answer = w.post(f"/api/v1/cases/{w.file()}/inspections", {})
        assert (answer.status_code, answer.json["error"]["code"]) == (409, "NO_PROVIDERS")
    finally:
        w.close()
