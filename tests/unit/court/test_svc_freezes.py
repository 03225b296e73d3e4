"""One freeze: read it (from its provider when stale), renew it before expiry, release it; own court only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from court_node.services.reconcile import reconcile
from tests.unit.court.node_requests import CLERK, OTHER_JUDGE, VIEWER
from tests.unit.court.svc_world import COMPANY, World, fake_provider, make_world, open_accounts


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = make_world(tmp_path, [fake_provider("bank"), fake_provider("alipay", asynchronous=True)], grace_days=0)
    open_accounts(w, COMPANY, bank=("6222009", 1_000_000), alipay=("2088009", 1_000_000))
    yield w
    w.close()


def _placed(world: World, days: int = 30, provider: str = "bank", account: str = "6222009") -> dict[str, Any]:
    case_id = world.file(debtor=COMPANY, principal="5000.00", costs="0")
    answer = world.freeze(case_id, term_days=days,
                          items=[{"provider": provider, "account_no": account, "amount": "5000.00"}])
    assert answer.status_code == 201, answer.json
    freeze: dict[str, Any] = answer.json["freezes"][0]
    return freeze


def test_a_freeze_shows_its_requests_and_any_role_of_the_court_reads_it(world: World) -> None:
    freeze = _placed(world)
    seen = world.get(f"/api/v1/freezes/{freeze['id']}", VIEWER).json
    assert (seen["status"], seen["held"], seen["end_date"]) == ("active", "5000.00", "2026-03-31")
    assert [(r["operation"], r["state"], r["attempts"]) for r in seen["requests"]] == [("freeze", "completed", 1)]


def test_another_courts_freeze_is_not_found(world: World) -> None:
    freeze = _placed(world)
    for answer in (world.get(f"/api/v1/freezes/{freeze['id']}", OTHER_JUDGE),
                   world.post(f"/api/v1/freezes/{freeze['id']}/renew", {"document_no": "续", "days": 30}, OTHER_JUDGE),
                   world.post(f"/api/v1/freezes/{freeze['id']}/release", {"document_no": "解"}, OTHER_JUDGE)):
        assert (answer.status_code, answer.json["error"]["code"]) == (404, "FREEZE_NOT_FOUND")
    assert world.fake("bank").freeze(freeze["provider_ref"]).status == "active"


def test_a_renewal_moves_the_end_date(world: World) -> None:
    freeze = _placed(world)
    answer = world.post(f"/api/v1/freezes/{freeze['id']}/renew", {"document_no": "续冻裁定", "days": 365})
    assert (answer.status_code, answer.json["end_date"]) == (200, "2027-03-31")
    assert world.fake("bank").freeze(freeze["provider_ref"]).expires_at is not None
    renew = [r for r in answer.json["requests"] if r["operation"] == "renew"]
    assert renew[0]["state"] == "completed"


def test_a_renewal_beyond_365_days_past_the_end_is_refused(world: World) -> None:
    freeze = _placed(world)
    answer = world.post(f"/api/v1/freezes/{freeze['id']}/renew", {"document_no": "续冻裁定",
                                                                   "end_date": "2027-04-01"})
    assert (answer.status_code, answer.json["error"]["code"]) == (422, "TERM_INVALID")


def test_an_expired_freeze_cannot_be_renewed(world: World) -> None:
    freeze = _placed(world, days=10)
    world.advance(11)
    answer = world.post(f"/api/v1/freezes/{freeze['id']}/renew", {"document_no": "续冻裁定", "days": 30})
    assert (answer.status_code, answer.json["error"]["code"]) == (422, "FREEZE_EXPIRED")
    assert world.get(f"/api/v1/freezes/{freeze['id']}").json["status"] == "expired"


def test_a_stale_freeze_is_read_from_its_provider(world: World) -> None:
    freeze = _placed(world, days=10)
    world.advance(10)
    seen = world.get(f"/api/v1/freezes/{freeze['id']}").json
    assert (seen["status"], seen["held"]) == ("expired", "0.00")
    assert "freeze.expired" in world.actions(freeze["case_id"])


def test_a_release_frees_the_money(world: World) -> None:
    freeze = _placed(world)
    answer = world.post(f"/api/v1/freezes/{freeze['id']}/release", {"document_no": "解冻裁定"})
    assert (answer.status_code, answer.json["status"], answer.json["held"]) == (200, "released", "0.00")
    assert world.fake("bank").account_found("6222009").available == 1_000_000
    again = world.post(f"/api/v1/freezes/{freeze['id']}/release", {"document_no": "解冻裁定"})
    assert (again.status_code, again.json["error"]["code"]) == (409, "FREEZE_ENDED")
    assert world.case(freeze["case_id"])["frozen"] == "0.00"


def test_an_asynchronous_release_is_accepted_then_settled(world: World) -> None:
    freeze = _placed(world, provider="alipay", account="2088009")
    assert freeze["status"] == "pending"
    assert world.get(f"/api/v1/freezes/{freeze['id']}").json["status"] == "pending"  # the provider has not answered
    world.fake("alipay").settle()
    assert world.get(f"/api/v1/freezes/{freeze['id']}").json["status"] == "active"  # a read asks for the answer
    answer = world.post(f"/api/v1/freezes/{freeze['id']}/release", {"document_no": "解冻裁定"})
    assert (answer.status_code, answer.json["status"]) == (202, "active")
    twice = world.post(f"/api/v1/freezes/{freeze['id']}/release", {"document_no": "解冻裁定"})
    assert (twice.status_code, twice.json["error"]["code"]) == (409, "REQUEST_IN_FLIGHT")
    world.fake("alipay").settle()
    reconcile(world.ctx)
    assert world.get(f"/api/v1/freezes/{freeze['id']}").json["status"] == "released"


def test_a_pending_freeze_cannot_be_released_yet(world: World) -> None:
    freeze = _placed(world, provider="alipay", account="2088009")
    answer = world.post(f"/api/v1/freezes/{freeze['id']}/release", {"document_no": "解冻裁定"})
    assert (answer.status_code, answer.json["error"]["code"]) == (409, "FREEZE_PENDING")


def test_only_judges_renew_and_release(world: World) -> None:
    freeze = _placed(world)
    assert world.post(f"/api/v1/freezes/{freeze['id']}/renew", {"document_no": "续", "days": 1}, CLERK
                      ).status_code == 403
    assert world.post(f"/api/v1/freezes/{freeze['id']}/release", {"document_no": "解"}, CLERK).status_code == 403


@pytest.mark.parametrize("body", [{"document_no": "续"}, {"document_no": "续", "days": 1, "end_date": "2026-05-01"},
                                  {"document_no": "续", "days": 0}, {"days": 30}, {"document_no": "续", "days": "30"}])
def test_a_renewal_needs_a_document_and_exactly_one_of_end_date_and_days(world: World, body: dict[str, Any]) -> None:
    freeze = _placed(world)
    answer = world.post(f"/api/v1/freezes/{freeze['id']}/renew", body)
    assert answer.status_code == 400, answer.json


def test_actions_on_a_freeze_are_on_the_case_timeline_with_their_documents(world: World) -> None:
    freeze = _placed(world)
    world.post(f"/api/v1/freezes/{freeze['id']}/renew", {"document_no": "续冻裁定", "days": 30})
    world.post(f"/api/v1/freezes/{freeze['id']}/release", {"document_no": "解冻裁定"})
    events = world.get(f"/api/v1/cases/{freeze['case_id']}/events").json["events"]
    documents = {e["action"]: e["document_no"] for e in events}
    assert documents["freeze.requested"] == "冻结裁定" and documents["freeze.placed"] == "冻结裁定"
    assert documents["freeze.renewed"] == "续冻裁定" and documents["freeze.released"] == "解冻裁定"
    assert all(e["user"]["name"] == "张法官" for e in events)
