"""A debtor paying the court directly: the amount due falls, the excess is released, a full payment satisfies."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.unit.court.node_requests import CLERK
from tests.unit.court.svc_world import COMPANY, World, fake_provider, make_world, open_accounts


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = make_world(tmp_path, [fake_provider("bank"), fake_provider("alipay")])
    open_accounts(w, COMPANY, bank=("6222010", 600_000), alipay=("2088010", 600_000))
    yield w
    w.close()


def _case_with_two_freezes(world: World) -> tuple[int, dict[str, Any]]:
    case_id = world.file(debtor=COMPANY, principal="8000.00", costs="0")
    items = [{"provider": "bank", "account_no": "6222010", "amount": "5000.00"},
             {"provider": "alipay", "account_no": "2088010", "amount": "3000.00"}]
    answer = world.freeze(case_id, items=items)
    assert answer.status_code == 201, answer.json
    return case_id, {f["provider"]: f for f in answer.json["freezes"]}


def test_a_payment_lowers_the_amount_due_and_releases_a_freeze_no_longer_needed(world: World) -> None:
    case_id, _ = _case_with_two_freezes(world)
    answer = world.post(f"/api/v1/cases/{case_id}/payments", {"amount": "3000.00", "document_no": "收据001"}, CLERK)
    assert answer.status_code == 201, answer.json
    assert (answer.json["amount_due"], answer.json["collected"]) == ("5000.00", "3000.00")
    statuses = {f["provider"]: f["status"] for f in world.get(f"/api/v1/cases/{case_id}/freezes").json["freezes"]}
    assert statuses == {"bank": "active", "alipay": "released"}  # bank's 5000 still secures what is due
    assert "payment.recorded" in world.actions(case_id)


def test_a_full_payment_satisfies_the_case_and_releases_everything(world: World) -> None:
    case_id, _ = _case_with_two_freezes(world)
    answer = world.post(f"/api/v1/cases/{case_id}/payments", {"amount": "8000.00", "document_no": "收据002"})
    assert answer.json["status"] == "satisfied"
    freezes = world.get(f"/api/v1/cases/{case_id}/freezes").json["freezes"]
    assert {f["status"] for f in freezes} == {"released"}


@pytest.mark.parametrize(("body", "status"), [
    ({"amount": "8000.01", "document_no": "收据003"}, 422),
    ({"amount": 100, "document_no": "收据004"}, 400),
    ({"amount": "-1", "document_no": "收据005"}, 400),
    ({"amount": "10.00"}, 400),
])
def test_bad_payments_are_refused_and_change_nothing(world: World, body: dict[str, Any], status: int) -> None:
    case_id, _ = _case_with_two_freezes(world)
    answer = world.post(f"/api/v1/cases/{case_id}/payments", body)
    assert answer.status_code == status
    assert world.case(case_id)["collected"] == "0.00"
