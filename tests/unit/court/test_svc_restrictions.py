"""The dishonest-debtor list and restriction orders: published to the providers that take them, lifted at the end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from court_node.adapters.fake_books import BookRefusal
from tests.unit.court.node_requests import CLERK, DEBTOR, JUDGE, OTHER_JUDGE
from tests.unit.court.svc_world import World, fake_provider, make_world, open_accounts


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = make_world(tmp_path, [fake_provider("bank"), fake_provider("alipay"),
                              fake_provider("wechat", restrictions=False)], grace_days=0)
    open_accounts(w, DEBTOR, bank=("6222001", 500_000), alipay=("2088001", 500_000))
    yield w
    w.close()


def _restrict(world: World, case_id: int, token: str = JUDGE) -> Any:
    return world.post(f"/api/v1/cases/{case_id}/restrictions", {"document_no": "（2026）京0101执1号决定书"}, token)


def test_the_debtor_is_listed_and_every_provider_that_takes_orders_gets_one(world: World) -> None:
    case_id = world.file()
    answer = _restrict(world, case_id)
    assert answer.status_code == 201, answer.json
    assert answer.json["listing"]["document_no"] == "（2026）京0101执1号决定书"
    orders = {o["provider"]: o for o in answer.json["orders"]}
    assert set(orders) == {"bank", "alipay"} and {o["status"] for o in orders.values()} == {"active"}
    with pytest.raises(BookRefusal):
        world.fake("alipay").pay("2088001", 100, "air_travel")
    world.fake("alipay").pay("2088001", 100, "grocery")
    assert {"debtor.listed", "restriction.published"} <= set(world.actions(case_id))


def test_no_listing_when_what_is_frozen_covers_the_debt(world: World) -> None:
    case_id = world.file(principal="3000.00", costs="0")
    world.inspect_and_freeze(case_id)
    answer = _restrict(world, case_id)
    assert (answer.status_code, answer.json["error"]["code"]) == (422, "FROZEN_COVERS_DEBT")
    assert world.fake("bank").books.restrictions == []


def test_a_debtor_is_listed_once(world: World) -> None:
    case_id = world.file()
    _restrict(world, case_id)
    again = _restrict(world, case_id)
    assert (again.status_code, again.json["error"]["code"]) == (409, "ALREADY_LISTED")


def test_orders_are_lifted_when_the_case_is_satisfied(world: World) -> None:
    case_id = world.file(principal="5000.00", costs="0")
    assert _restrict(world, case_id).status_code == 201
    world.inspect_and_freeze(case_id)
    answer = world.deduct(case_id)
    assert answer.json["case"]["status"] == "satisfied", answer.json
    view = world.get(f"/api/v1/cases/{case_id}/restrictions").json
    assert {o["status"] for o in view["orders"]} == {"lifted"} and view["listing"]["lifted_at"] is not None
    world.fake("alipay").pay("2088001", 100, "air_travel")
    assert {"restriction.lifted", "debtor.delisted"} <= set(world.actions(case_id))


def test_only_judges_list_and_courts_see_their_own(world: World) -> None:
    case_id = world.file()
    assert _restrict(world, case_id, CLERK).status_code == 403
    assert _restrict(world, case_id, OTHER_JUDGE).status_code == 404
    assert world.get(f"/api/v1/cases/{case_id}/restrictions", OTHER_JUDGE).status_code == 404


@pytest.mark.parametrize("categories", [[], ["groceries"], "air_travel"])
def test_categories_must_be_restricted_ones(world: World, categories: object) -> None:
    answer = world.post(f"/api/v1/cases/{world.file()}/restrictions", {"document_no": "决定书",
                                                                       "categories": categories})
    assert answer.status_code == 400
