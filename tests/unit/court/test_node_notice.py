"""Service of the enforcement notice, and when deductions become allowed after it (grace days)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import cast

import pytest
from flask import Flask
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory

from court_node.app import create_app
from court_node.clock import to_us
from court_node.context import EXTENSION_KEY, NodeContext
from court_node.services import cases as service
from court_node.store.cases_repo import case_by_id
from tests.unit.court.node_requests import JUDGE, JsonClient, auth, filing, json_client


@pytest.fixture
def frozen() -> Iterator[FrozenDateTimeFactory]:
    with freeze_time("2026-03-01T02:00:00Z") as frozen_time:  # 10:00 in Beijing
        yield cast(FrozenDateTimeFactory, frozen_time)


@pytest.fixture
def graced(frozen: FrozenDateTimeFactory, tmp_path: Path) -> Iterator[Flask]:
    app = create_app({"data_dir": str(tmp_path / "court"), "demo": True, "grace_days": 60})
    yield app
    app.extensions[EXTENSION_KEY].close()


def _filed(client: JsonClient) -> int:
    return int(client.post("/api/v1/cases", json=filing(), headers=auth(JUDGE)).json["id"])


def test_the_notice_defaults_to_now(client: JsonClient, node: NodeContext) -> None:
    case_id = _filed(client)
    before = node.clock.now_us()
    case = client.post(f"/api/v1/cases/{case_id}/notice", json={"document_no": "（2026）京0101执123号通知书"},
                       headers=auth(JUDGE)).json
    assert case["status"] == "notice_served" and case["notice_document_no"] == "（2026）京0101执123号通知书"
    assert before <= to_us(datetime.fromisoformat(case["notice_served_at"])) <= node.clock.now_us()
    assert case["deductions_allowed_from"] == case["as_of"]  # no grace days configured


def test_deductions_wait_the_grace_days_after_the_notice(graced: Flask) -> None:
    client = json_client(graced)
    case_id = _filed(client)
    case = client.post(f"/api/v1/cases/{case_id}/notice",
                       json={"document_no": "N1", "served_at": "2026-02-28T23:30:00+08:00"}, headers=auth(JUDGE)).json
    assert case["notice_served_at"] == "2026-02-28T15:30:00.000000Z"
    assert case["deductions_allowed_from"] == "2026-04-29"  # Beijing 2026-02-28 + 60 days


def test_deductions_become_allowed_on_the_day(graced: Flask, frozen: FrozenDateTimeFactory) -> None:
    client = json_client(graced)
    ctx: NodeContext = graced.extensions[EXTENSION_KEY]
    case_id = _filed(client)
    client.post(f"/api/v1/cases/{case_id}/notice", json={"document_no": "N1"}, headers=auth(JUDGE))
    with ctx.store.read() as conn:
        case = case_by_id(conn, case_id)
    assert case is not None and not service.deductions_allowed(ctx, case)
    frozen.tick(timedelta(days=59))
    assert not service.deductions_allowed(ctx, case)
    frozen.tick(timedelta(days=1))
    assert service.deductions_allowed(ctx, case)


def test_the_notice_is_recorded_once(client: JsonClient) -> None:
    case_id = _filed(client)
    client.post(f"/api/v1/cases/{case_id}/notice", json={"document_no": "N1"}, headers=auth(JUDGE))
    again = client.post(f"/api/v1/cases/{case_id}/notice", json={"document_no": "N2"}, headers=auth(JUDGE))
    assert again.status_code == 409 and again.json["error"]["code"] == "NOTICE_ALREADY_SERVED"
    assert client.get(f"/api/v1/cases/{case_id}", headers=auth(JUDGE)).json["notice_document_no"] == "N1"


@pytest.mark.parametrize(("body", "field"), [
    ({}, "document_no"),
    ({"document_no": ""}, "document_no"),
    ({"document_no": "N1", "served_at": "2999-01-01T00:00:00Z"}, "served_at"),
    ({"document_no": "N1", "served_at": "2026-03-01 10:00"}, "served_at"),
    ({"document_no": "N1", "served_at": "2020-01-01T00:00:00Z"}, "served_at"),
    ({"document_no": "N1", "by": "mail"}, "by"),
])
def test_bad_notices_are_400(client: JsonClient, body: dict[str, str], field: str) -> None:
    case_id = _filed(client)
    answer = client.post(f"/api/v1/cases/{case_id}/notice", json=body, headers=auth(JUDGE))
    assert answer.status_code == 400 and field in answer.json["error"]["details"]["fields"]
    assert client.get(f"/api/v1/cases/{case_id}", headers=auth(JUDGE)).json["status"] == "filed"
