"""Amounts on a case: delay interest grows with the node's clock; frozen and collected come from the store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import cast

import pytest
from flask import Flask
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory

from court_node.app import create_app
from court_node.context import EXTENSION_KEY, NodeContext
from court_node.services import cases as service
from court_node.store.cases_repo import case_by_id
from court_node.store.tables import freezes
from tests.unit.court.node_requests import JUDGE, JsonClient, auth, filing, json_client

# 10,000.00 principal at 0.0175 % a day is 1.75 yuan a day; interest runs from 2026-01-11
INTEREST_CASE = filing(principal="10000.00", costs="100.00", delay_interest=True, judgment_date="2026-01-01",
                       interest_from="2026-01-11")


@pytest.fixture
def frozen() -> Iterator[FrozenDateTimeFactory]:
    with freeze_time("2026-03-01T02:00:00Z") as frozen_time:  # 10:00 in Beijing
        yield cast(FrozenDateTimeFactory, frozen_time)


@pytest.fixture
def timed_app(frozen: FrozenDateTimeFactory, tmp_path: Path) -> Iterator[Flask]:
    app = create_app({"data_dir": str(tmp_path / "court"), "demo": True, "grace_days": 60})
    yield app
    app.extensions[EXTENSION_KEY].close()


def _admin(app: Flask) -> dict[str, str]:
    return auth(app.extensions[EXTENSION_KEY].admin_token)


def test_amount_due_counts_delay_interest_to_today(timed_app: Flask) -> None:
    case = json_client(timed_app).post("/api/v1/cases", json=INTEREST_CASE, headers=auth(JUDGE)).json
    assert case["as_of"] == "2026-03-01"
    assert case["amount_due_detail"]["interest_accrued"] == "87.50"  # 50 days, 2026-01-11..03-01
    assert case["amount_due"] == "10187.50"


def test_amount_due_grows_as_time_passes(timed_app: Flask, frozen: FrozenDateTimeFactory) -> None:
    client = json_client(timed_app)
    case_id = client.post("/api/v1/cases", json=INTEREST_CASE, headers=auth(JUDGE)).json["id"]
    frozen.tick(timedelta(days=10))
    assert client.get(f"/api/v1/cases/{case_id}", headers=auth(JUDGE)).json["amount_due"] == "10205.00"


def test_amount_due_follows_the_simulated_clock(timed_app: Flask) -> None:
    client = json_client(timed_app)
    case_id = client.post("/api/v1/cases", json=INTEREST_CASE, headers=auth(JUDGE)).json["id"]
    moved = client.post("/_admin/clock", json={"advance": "30d"}, headers=_admin(timed_app))
    assert moved.status_code == 200 and moved.json["offset_seconds"] == 30 * 86400
    case = client.get(f"/api/v1/cases/{case_id}", headers=auth(JUDGE)).json
    assert (case["as_of"], case["amount_due"]) == ("2026-03-31", "10240.00")


def test_without_delay_interest_the_amount_stays(timed_app: Flask, frozen: FrozenDateTimeFactory) -> None:
    client = json_client(timed_app)
    case_id = client.post("/api/v1/cases", json=filing(), headers=auth(JUDGE)).json["id"]
    frozen.tick(timedelta(days=400))
    assert client.get(f"/api/v1/cases/{case_id}", headers=auth(JUDGE)).json["amount_due"] == "50750.00"


def test_frozen_sums_only_active_freezes(client: JsonClient, node: NodeContext) -> None:
    case_id = client.post("/api/v1/cases", json=filing(), headers=auth(JUDGE)).json["id"]
    now = node.clock.now_us()
    with node.store.write() as conn:
        for n, (status, held) in enumerate([("active", 120_000), ("active", 5_050), ("waiting", 0),
                                            ("released", 99_999)]):
            conn.execute(freezes.insert().values(
                case_id=case_id, court_code="京0101", provider="bank", account_no=f"6222{n}", mode="amount",
                amount=200_000, held=held, status=status, request_no=f"R{n}", document_no="D1", created_at=now,
                updated_at=now))
    assert client.get(f"/api/v1/cases/{case_id}", headers=auth(JUDGE)).json["frozen"] == "1250.50"


def test_collecting_the_whole_amount_satisfies_the_case(client: JsonClient, node: NodeContext) -> None:
    case_id = client.post("/api/v1/cases", json=filing(), headers=auth(JUDGE)).json["id"]
    with node.store.write() as conn:
        case = case_by_id(conn, case_id)
        assert case is not None
        assert not service.record_collection(node, conn, case, amount=750_00, source="debtor_payment")
        assert service.record_collection(node, conn, case, amount=50_000_00, source="deduction", reference="R9")
    shown = client.get(f"/api/v1/cases/{case_id}", headers=auth(JUDGE)).json
    assert (shown["status"], shown["collected"], shown["amount_due"]) == ("satisfied", "50750.00", "0.00")
