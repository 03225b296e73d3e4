"""CourtClient's enforcement methods: the paths, bodies and query strings they send."""

from __future__ import annotations

import json
from typing import Any

import responses

from court_node.client import CourtClient, PlanItem

BASE = "http://127.0.0.1:8000"


def _client() -> CourtClient:
    return CourtClient(BASE, "demo-judge-0101", timeout=1, backoff_s=0)


def _sent() -> Any:
    return json.loads(responses.calls[-1].request.body or b"{}")


@responses.activate
def test_inspect_sends_the_providers_and_the_period() -> None:
    responses.post(f"{BASE}/api/v1/cases/7/inspections", status=201, json={"id": 3})
    assert _client().inspect(7, providers=["bank"], transactions=("2026-01-01", "2026-02-01")) == {"id": 3}
    assert _sent() == {"providers": ["bank"], "transactions": {"from": "2026-01-01", "to": "2026-02-01"}}
    assert "Idempotency-Key" in responses.calls[-1].request.headers


@responses.activate
def test_inspection_and_inspections_read() -> None:
    responses.get(f"{BASE}/api/v1/inspections/3", json={"id": 3})
    responses.get(f"{BASE}/api/v1/cases/7/inspections", json={"inspections": [{"id": 3}]})
    client = _client()
    assert client.inspection(3) == {"id": 3} and client.inspections(7) == [{"id": 3}]


@responses.activate
def test_freeze_sends_an_explicit_plan() -> None:
    responses.post(f"{BASE}/api/v1/cases/7/freezes", status=201, json={"freezes": []})
    _client().freeze(7, "冻结裁定", term_days=30, items=[PlanItem("bank", "6222001", "100.00")])
    assert _sent() == {"document_no": "冻结裁定", "mode": "amount", "dry_run": False, "term_days": 30,
                       "items": [{"provider": "bank", "account_no": "6222001", "amount": "100.00", "mode": "amount"}]}


@responses.activate
def test_plan_freezes_is_a_dry_run() -> None:
    responses.post(f"{BASE}/api/v1/cases/7/freezes", json={"plan": {"target": "1.00"}})
    assert _client().plan_freezes(7, "冻结裁定", mode="account") == {"target": "1.00"}
    assert _sent()["dry_run"] is True and _sent()["mode"] == "account"


@responses.activate
def test_freezes_can_be_read_fresh_from_the_provider() -> None:
    responses.get(f"{BASE}/api/v1/freezes/5", json={"id": 5})
    responses.get(f"{BASE}/api/v1/cases/7/freezes", json={"freezes": [{"id": 5}]})
    client = _client()
    assert client.get_freeze(5, refresh=True) == {"id": 5}
    assert responses.calls[-1].request.url == f"{BASE}/api/v1/freezes/5?refresh=true"
    assert client.freezes(7) == [{"id": 5}]


@responses.activate
def test_renew_and_release_send_their_documents() -> None:
    responses.post(f"{BASE}/api/v1/freezes/5/renew", json={"id": 5})
    responses.post(f"{BASE}/api/v1/freezes/5/release", json={"id": 5})
    client = _client()
    client.renew(5, "续冻裁定", days=90)
    assert _sent() == {"document_no": "续冻裁定", "days": 90}
    client.renew(5, "续冻裁定", end_date="2027-01-01")
    assert _sent() == {"document_no": "续冻裁定", "end_date": "2027-01-01"}
    client.release(5, "解冻裁定")
    assert _sent() == {"document_no": "解冻裁定"}


@responses.activate
def test_deduct_and_deductions() -> None:
    responses.post(f"{BASE}/api/v1/cases/7/deductions", status=201, json={"deductions": []})
    responses.get(f"{BASE}/api/v1/cases/7/deductions", json={"deductions": [{"id": 1}]})
    client = _client()
    client.deduct(7, "扣划裁定", "协助执行通知书", freeze_id=5, amount="100.00")
    assert _sent() == {"document_no": "扣划裁定", "notice_no": "协助执行通知书", "freeze_id": 5, "amount": "100.00"}
    assert client.deductions(7) == [{"id": 1}]


@responses.activate
def test_restrict_and_restrictions() -> None:
    responses.post(f"{BASE}/api/v1/cases/7/restrictions", status=201, json={"case_id": 7})
    responses.get(f"{BASE}/api/v1/cases/7/restrictions", json={"case_id": 7})
    client = _client()
    client.restrict(7, "决定书", categories=["air_travel"])
    assert _sent() == {"document_no": "决定书", "categories": ["air_travel"]}
    assert client.restrictions(7) == {"case_id": 7}
