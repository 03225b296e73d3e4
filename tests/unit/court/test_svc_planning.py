"""Freezes as planned (or given): never over the amount due, the living allowance left, the provider order kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.unit.court.node_requests import CLERK, DEBTOR, OTHER_JUDGE
from tests.unit.court.svc_world import COMPANY, World, fake_provider, make_world, open_accounts


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = make_world(tmp_path, [fake_provider("bank", capture_credits=True), fake_provider("alipay"),
                              fake_provider("wechat", whole_account_freeze=False)],
                   provider_order=["alipay", "bank", "wechat"])
    yield w
    w.close()


def _plan(world: World, case_id: int, **body: Any) -> Any:
    answer = world.freeze(case_id, dry_run=True, **body)
    assert answer.status_code == 200, answer.json
    return answer.json["plan"]


def _items(plan: Any) -> list[tuple[str, str, str]]:
    return [(i["provider"], i["amount"], i["mode"]) for i in plan["items"]]


def test_a_plan_follows_the_provider_order_and_leaves_a_person_the_living_allowance(world: World) -> None:
    open_accounts(world, DEBTOR, bank=("6222001", 1_000_000), alipay=("2088001", 1_000_000))
    case_id = world.file(principal="20000.00", costs="0")
    world.inspect(case_id)
    plan = _plan(world, case_id)
    assert _items(plan) == [("alipay", "10000.00", "amount"), ("bank", "8500.00", "amount")]
    assert (plan["allowance_left"], plan["total"], plan["target"]) == ("1500.00", "18500.00", "20000.00")


def test_a_company_gets_no_allowance(world: World) -> None:
    open_accounts(world, COMPANY, alipay=("2088009", 1_000_000))
    case_id = world.file(debtor=COMPANY, principal="5000.00", costs="0")
    world.inspect(case_id)
    assert _items(_plan(world, case_id)) == [("alipay", "5000.00", "amount")]


def test_a_provider_that_captures_credits_is_asked_for_what_the_balances_lack(world: World) -> None:
    open_accounts(world, COMPANY, bank=("6222009", 100_000), alipay=("2088009", 100_000))
    case_id = world.file(debtor=COMPANY, principal="5000.00", costs="0")
    freezes = world.inspect_and_freeze(case_id)
    bank = next(f for f in freezes if f["provider"] == "bank")
    assert (bank["amount"], bank["held"], bank["unmet"]) == ("4000.00", "1000.00", "3000.00")
    world.fake("bank").credit("6222009", 200_000)
    assert world.get(f"/api/v1/freezes/{bank['id']}?refresh=true").json["held"] == "3000.00"


def test_money_other_authorities_hold_is_waited_for_in_line(world: World) -> None:
    open_accounts(world, COMPANY, alipay=("2088009", 300_000))
    first = world.file(9, court="京0105", token=OTHER_JUDGE, debtor=COMPANY, principal="3000.00", costs="0")
    world.inspect_and_freeze(first, OTHER_JUDGE)
    mine = world.file(debtor=COMPANY, principal="2000.00", costs="0")
    [waiting] = world.inspect_and_freeze(mine)
    assert (waiting["status"], waiting["queue_position"], waiting["amount"]) == ("waiting", 1, "2000.00")


def test_a_person_keeps_the_allowance_even_where_others_hold_money(world: World) -> None:
    open_accounts(world, DEBTOR, alipay=("2088001", 200_000))
    other = world.file(9, court="京0105", token=OTHER_JUDGE, principal="1000.00", costs="0")
    world.inspect_and_freeze(other, OTHER_JUDGE, items=[{"provider": "alipay", "account_no": "2088001",
                                                         "amount": "1000.00"}])
    case_id = world.file()
    world.inspect(case_id)
    plan = _plan(world, case_id)
    assert (plan["items"], plan["allowance_left"]) == ([], "1000.00")


def test_a_second_freeze_plans_only_what_the_first_did_not_secure(world: World) -> None:
    open_accounts(world, COMPANY, alipay=("2088009", 300_000))
    case_id = world.file(debtor=COMPANY, principal="5000.00", costs="0")
    world.inspect_and_freeze(case_id)
    world.fake("alipay").credit("2088009", 500_000)
    world.inspect(case_id)
    plan = _plan(world, case_id)
    assert (plan["target"], _items(plan)) == ("2000.00", [("alipay", "2000.00", "amount")])
    world.freeze(case_id)
    assert world.case(case_id)["frozen"] == "5000.00"
    assert _plan(world, case_id)["items"] == []


def test_whole_accounts_are_planned_where_the_provider_allows_it(world: World) -> None:
    open_accounts(world, COMPANY, alipay=("2088009", 100_000), wechat=("wx009", 100_000))
    case_id = world.file(debtor=COMPANY, principal="5000.00", costs="0")
    world.inspect(case_id)
    assert _items(_plan(world, case_id, mode="account")) == [("alipay", "1000.00", "account"),
                                                             ("wechat", "1000.00", "amount")]


def test_an_explicit_plan_over_the_amount_due_is_refused(world: World) -> None:
    case_id = world.file(principal="1000.00", costs="0")
    items = [{"provider": "bank", "account_no": "6222001", "amount": "600.00"},
             {"provider": "alipay", "account_no": "2088001", "amount": "400.01"}]
    answer = world.freeze(case_id, items=items)
    assert (answer.status_code, answer.json["error"]["code"]) == (422, "OVER_FREEZE")
    assert answer.json["error"]["details"]["target_fen"] == 100_000
    assert world.fake("bank").received == [] and world.get(f"/api/v1/cases/{case_id}/freezes").json["freezes"] == []


def test_an_explicit_plan_within_the_amount_due_is_placed_without_an_inspection(world: World) -> None:
    open_accounts(world, DEBTOR, bank=("6222001", 1_000_000))
    case_id = world.file(principal="1000.00", costs="0")
    answer = world.freeze(case_id, items=[{"provider": "bank", "account_no": "6222001", "amount": "1000.00"}],
                          term_days=30)
    assert answer.status_code == 201, answer.json
    [freeze] = answer.json["freezes"]
    assert (freeze["status"], freeze["held"], freeze["end_date"]) == ("active", "1000.00", "2026-03-31")


def test_a_whole_account_item_needs_a_provider_that_takes_it(world: World) -> None:
    case_id = world.file()
    answer = world.freeze(case_id, items=[{"provider": "wechat", "account_no": "wx1", "amount": "1.00",
                                           "mode": "account"}])
    assert (answer.status_code, answer.json["error"]["code"]) == (422, "CAPABILITY_NOT_SUPPORTED")


def test_a_dry_run_sends_nothing(world: World) -> None:
    open_accounts(world, DEBTOR, bank=("6222001", 1_000_000))
    case_id = world.file()
    world.inspect(case_id)
    received = list(world.fake("bank").received)
    assert _plan(world, case_id)["items"] and world.fake("bank").received == received


def test_planning_needs_a_completed_inspection(world: World) -> None:
    answer = world.freeze(world.file())
    assert (answer.status_code, answer.json["error"]["code"]) == (409, "INSPECTION_REQUIRED")


def test_nothing_to_freeze_is_refused(world: World) -> None:
    case_id = world.file()
    world.inspect(case_id)
    answer = world.freeze(case_id)
    assert (answer.status_code, answer.json["error"]["code"]) == (422, "NOTHING_TO_FREEZE")


def test_only_judges_freeze(world: World) -> None:
    assert world.freeze(world.file(), CLERK).status_code == 403


@pytest.mark.parametrize("body", [{"term_days": 366}, {"term_days": 0}, {"mode": "all"}, {"dry_run": "yes"},
                                  {"items": []}, {"items": [{"provider": "bank", "account_no": "1", "amount": 5}]},
                                  {"items": [{"provider": "nobody", "account_no": "1", "amount": "5.00"}]},
                                  {"items": [{"provider": "bank", "account_no": "1", "amount": "5.00"},
                                             {"provider": "bank", "account_no": "1", "amount": "5.00"}]},
                                  {"document_no": " "}])
def test_bad_freeze_input_is_400(world: World, body: dict[str, Any]) -> None:
    answer = world.freeze(world.file(), **body)
    assert (answer.status_code, answer.json["error"]["code"]) == (400, "INVALID_FIELD"), answer.json
