"""The node's own invariant check: quiet while each case keeps within its limits, and naming the case when a
case holds freezes it no longer needs (rule 7) or a freeze's deductions disagree with it (rule 5)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from court_node.services.invariants import check_node
from court_node.store import cases_repo, freezes_repo
from tests.unit.court.svc_world import COMPANY, World, fake_provider, make_world, open_accounts


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = make_world(tmp_path, [fake_provider("bank"), fake_provider("alipay")])
    open_accounts(w, COMPANY, bank=("6222010", 600_000), alipay=("2088010", 600_000))
    yield w
    w.close()


def _case(world: World) -> int:
    case_id = world.file(debtor=COMPANY, principal="8000.00", costs="0")
    items = [{"provider": "bank", "account_no": "6222010", "amount": "5000.00"},
             {"provider": "alipay", "account_no": "2088010", "amount": "3000.00"}]
    assert world.freeze(case_id, items=items).status_code == 201
    return case_id


def test_a_case_within_its_limits_shows_nothing(world: World) -> None:
    case_id = _case(world)
    assert world.post(f"/api/v1/cases/{case_id}/payments", {"amount": "3000.00", "document_no": "收据1"}).status_code \
        == 201  # the node releases the Alipay freeze it no longer needs
    assert check_node(world.ctx) == []
    assert world.get("/_admin/invariants", token=world.ctx.admin_token).json == {"ok": True, "violations": []}


def test_a_case_holding_more_than_it_needs_is_named(world: World) -> None:
    case_id = _case(world)
    with world.ctx.store.write() as conn:  # money arrives without the node's services seeing it
        cases_repo.add_collection(conn, case_id, on=date(2026, 3, 1), at=world.ctx.clock.now_us(), amount=300_000,
                                  source="payment", reference="旁路")
    [found] = check_node(world.ctx)
    assert (found.rule, found.case_id) == (7, case_id)
    assert "secures 8000.00 for 5000.00 due" in found.message


def test_a_satisfied_case_still_holding_freezes_is_named(world: World) -> None:
    case_id = _case(world)
    with world.ctx.store.write() as conn:
        cases_repo.set_status(conn, case_id, "satisfied")
    [found] = check_node(world.ctx)
    assert "is satisfied but still holds" in found.message


def test_a_freeze_whose_deductions_disagree_with_it_is_named(world: World) -> None:
    case_id = _case(world)
    assert world.deduct(case_id, amount="1000.00").status_code == 201
    with world.ctx.store.write() as conn:
        [deducted] = [f for f in freezes_repo.freezes_of_case(conn, case_id) if f.deducted]
        freezes_repo.update_freeze(conn, deducted.id, deducted=deducted.deducted + 1)
    [found] = check_node(world.ctx)
    assert found.rule == 5 and "add up to 1000.00" in found.message
