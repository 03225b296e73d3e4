"""Every POST of the court node's API: a retry under the same Idempotency-Key after a lost answer takes effect once
(the answer replayed, the node's records and the providers' books as the first request left them), and the same
key with another body is refused with 422 IDEMPOTENCY_KEY_REUSED, changing nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.proofs.node_world import Prepared, node_records, prepare, provider_books
from tests.unit.court.node_requests import CLERK, JUDGE, auth, filing
from tests.unit.court.svc_world import COMPANY, World, fake_provider, make_world

Build = Callable[[World, Prepared], tuple[str, dict[str, Any], dict[str, Any]]]


@dataclass(frozen=True)
class Call:
    """One mutating route: how to reach it from the prepared state, with a body and another body."""

    name: str
    build: Build
    token: str = JUDGE


def _notice(world: World, p: Prepared) -> tuple[str, dict[str, Any], dict[str, Any]]:
    case_id = world.file(serial=40, debtor=COMPANY, notice=False)
    return f"/api/v1/cases/{case_id}/notice", {"document_no": "通知书A"}, {"document_no": "通知书B"}


CALLS = (
    Call("file a case", lambda w, p: ("/api/v1/cases", filing(50, debtor=dict(COMPANY)), filing(51))),
    Call("serve the notice", _notice),
    Call("inspect", lambda w, p: (f"/api/v1/cases/{p.case_id}/inspections", {}, {"providers": ["bank"]})),
    Call("freeze", lambda w, p: (
        f"/api/v1/cases/{p.case_id}/freezes",
        {"document_no": "冻结裁定2", "items": [{"provider": "alipay", "account_no": "2088077", "amount": "3000.00"}]},
        {"document_no": "冻结裁定2", "items": [{"provider": "alipay", "account_no": "2088077", "amount": "2000.00"}]},
    )),
    Call("renew", lambda w, p: (f"/api/v1/freezes/{p.freeze_id}/renew", {"document_no": "续冻", "days": 30},
                                {"document_no": "续冻", "days": 60})),
    Call("release", lambda w, p: (f"/api/v1/freezes/{p.freeze_id}/release", {"document_no": "解冻A"},
                                  {"document_no": "解冻B"})),
    Call("deduct", lambda w, p: (
        f"/api/v1/cases/{p.case_id}/deductions",
        {"document_no": "扣划裁定", "notice_no": "协助执行通知书", "amount": "1000.00"},
        {"document_no": "扣划裁定", "notice_no": "协助执行通知书", "amount": "2000.00"},
    )),
    Call("record a payment", lambda w, p: (f"/api/v1/cases/{p.case_id}/payments",
                                           {"amount": "500.00", "document_no": "收据1"},
                                           {"amount": "600.00", "document_no": "收据1"}), token=CLERK),
    Call("restrict", lambda w, p: (f"/api/v1/cases/{p.case_id}/restrictions", {"document_no": "限消决定书"},
                                   {"document_no": "限消决定书", "categories": ["air_travel"]})),
)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = make_world(tmp_path, [fake_provider("bank"), fake_provider("alipay")], grace_days=0)
    yield w
    w.close()


def _post(world: World, path: str, body: dict[str, Any], key: str, token: str) -> Any:
    return world.client.post(path, json=body, headers=auth(token, **{"Idempotency-Key": key}))


@pytest.mark.parametrize("call", CALLS, ids=[c.name for c in CALLS])
def test_a_retry_after_a_lost_answer_takes_effect_once(world: World, call: Call) -> None:
    path, body, _ = call.build(world, prepare(world))
    first = _post(world, path, body, "retry-1", call.token)  # the caller never reads this answer
    assert first.status_code < 300, first.json
    records, books = node_records(world), provider_books(world)
    again = _post(world, path, body, "retry-1", call.token)
    assert (again.status_code, again.get_data()) == (first.status_code, first.get_data())
    assert again.headers["Idempotent-Replayed"] == "true"
    assert node_records(world) == records
    assert provider_books(world) == books


@pytest.mark.parametrize("call", CALLS, ids=[c.name for c in CALLS])
def test_the_same_key_with_another_body_is_refused_and_changes_nothing(world: World, call: Call) -> None:
    path, body, other = call.build(world, prepare(world))
    assert _post(world, path, body, "reused-1", call.token).status_code < 300
    records, books = node_records(world), provider_books(world)
    refused = _post(world, path, other, "reused-1", call.token)
    assert (refused.status_code, refused.json["error"]["code"]) == (422, "IDEMPOTENCY_KEY_REUSED")
    assert node_records(world) == records
    assert provider_books(world) == books
