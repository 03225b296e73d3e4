"""The node's own provider calls: when a provider applied a freeze or a deduction but its answer was lost, a retry
of the node's request (same Idempotency-Key) still moves the money exactly once at the provider."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from court_node.adapters.fake import FakeAdapter
from tests.proofs.node_world import ALIPAY_ACCOUNT, BANK_ACCOUNT, prepare, provider_books
from tests.unit.court.node_requests import JUDGE, auth
from tests.unit.court.svc_world import World, fake_provider, make_world


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = make_world(tmp_path, [fake_provider("bank"), fake_provider("alipay")], grace_days=0)
    yield w
    w.close()


def _post(world: World, path: str, body: dict[str, Any], key: str) -> Any:
    return world.client.post(path, json=body, headers=auth(JUDGE, **{"Idempotency-Key": key}))


def _held(adapter: FakeAdapter, account_no: str) -> int:
    with adapter.books.lock:
        return sum(adapter.books.held(f) for f in adapter.books.freezes if f.account_no == account_no)


@pytest.mark.parametrize("lost", ["timeout", "unknown"])
def test_a_freeze_applied_but_unanswered_holds_once_after_the_retry(world: World, lost: str) -> None:
    p = prepare(world)
    alipay = world.fake("alipay")
    getattr(alipay, f"{lost}_next")(method="control", applied=True)
    body = {"document_no": "冻结裁定2", "items": [{"provider": "alipay", "account_no": ALIPAY_ACCOUNT,
                                                 "amount": "3000.00"}]}
    _post(world, f"/api/v1/cases/{p.case_id}/freezes", body, "lost-freeze")
    _post(world, f"/api/v1/cases/{p.case_id}/freezes", body, "lost-freeze")
    world.post("/_admin/reconcile", {}, token=world.ctx.admin_token)
    assert _held(alipay, ALIPAY_ACCOUNT) == 300_000
    assert len([f for f in alipay.books.freezes if f.account_no == ALIPAY_ACCOUNT]) == 1
    assert alipay.check_invariants() == []


@pytest.mark.parametrize("lost", ["timeout", "unknown"])
def test_a_deduction_applied_but_unanswered_pays_once_after_the_retry(world: World, lost: str) -> None:
    p = prepare(world)
    bank = world.fake("bank")
    getattr(bank, f"{lost}_next")(method="control", applied=True)
    body = {"document_no": "扣划裁定", "notice_no": "协助执行通知书", "amount": "1000.00"}
    first = _post(world, f"/api/v1/cases/{p.case_id}/deductions", body, "lost-deduction")
    again = _post(world, f"/api/v1/cases/{p.case_id}/deductions", body, "lost-deduction")
    assert (first.status_code, first.json["error"]["code"]) == (504, "PROVIDER_TIMEOUT")
    assert (again.get_data(), again.headers["Idempotent-Replayed"]) == (first.get_data(), "true")
    world.post("/_admin/reconcile", {}, token=world.ctx.admin_token)
    assert [payout.amount for payout in bank.books.payouts] == [100_000]
    assert dict(provider_books(world)["bank"][0])[BANK_ACCOUNT] == 500_000
    assert bank.check_invariants() == []
