"""Reset, snapshots and restore."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from payment_mocks.control import faults, journal
from tests.integration.control_generic import ACCOUNT, admin_headers, close_app, make_app, provider_of, seed_debtor


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = make_app(tmp_path / "generic")
    seed_debtor(app)
    yield app
    close_app(app)


def balance(app: Flask) -> int:
    with provider_of(app).ledger.transaction() as tx:
        return tx.account_view(ACCOUNT).balance


def credit(app: Flask, amount: str) -> None:
    response = app.test_client().post(f"/_admin/accounts/{ACCOUNT}/credit", json={"amount": amount},
                                      headers=admin_headers())
    assert response.status_code == 201


def test_reset_empties_the_books_but_keeps_callers_and_keys(app: Flask) -> None:
    client = app.test_client()
    provider = provider_of(app)
    client.post("/_admin/callers", json={"kind": "bank_node", "caller_id": "n1", "secret": "x" * 20},
                headers=admin_headers())
    serial = provider.keys.serial
    response = client.post("/_admin/reset", headers=admin_headers())
    assert response.status_code == 200
    info = client.get("/_admin/info", headers=admin_headers()).json
    assert info is not None and info["counts"]["subjects"] == 0 and info["counts"]["accounts"] == 0
    assert info["platform_key_serial"] == serial
    assert [c.caller_id for c in provider.callers.all()] == ["n1"]


def test_reset_clears_faults_journal_and_moves_the_clock_back_to_real_time(app: Flask) -> None:
    client = app.test_client()
    client.put("/_admin/faults", json={"latency_ms": 1}, headers=admin_headers())
    client.get("/generic/v1/ping")
    client.post("/_admin/clock", json={"advance": "30d"}, headers=admin_headers())
    client.post("/_admin/clock", json={"stop": True}, headers=admin_headers())
    response = client.post("/_admin/reset", headers=admin_headers())
    assert response.json is not None
    assert response.json["clock"]["stopped"] is False and abs(response.json["clock"]["offset_seconds"]) < 5
    db = provider_of(app).ledger.db
    assert faults.load_config(db) is None and journal.count(db) == 0


def test_a_snapshot_restores_the_books_as_they_were(app: Flask) -> None:
    client = app.test_client()
    response = client.post("/_admin/snapshots", json={"name": "before-salary"}, headers=admin_headers())
    assert response.status_code == 201
    assert response.json is not None and response.json["name"] == "before-salary"
    credit(app, "2500.00")
    assert balance(app) == 1_250_000
    restored = client.post("/_admin/snapshots/before-salary/restore", headers=admin_headers())
    assert restored.status_code == 200
    assert balance(app) == 1_000_000
    assert client.get("/_admin/invariants", headers=admin_headers()).json == {"ok": True, "violations": []}


def test_restoring_a_snapshot_brings_back_what_a_reset_removed(app: Flask) -> None:
    client = app.test_client()
    client.post("/_admin/snapshots", json={"name": "seeded"}, headers=admin_headers())
    client.post("/_admin/reset", headers=admin_headers())
    client.post("/_admin/snapshots/seeded/restore", headers=admin_headers())
    assert balance(app) == 1_000_000


def test_a_snapshot_of_the_same_name_is_replaced(app: Flask) -> None:
    client = app.test_client()
    client.post("/_admin/snapshots", json={"name": "s"}, headers=admin_headers())
    credit(app, "1.00")
    client.post("/_admin/snapshots", json={"name": "s"}, headers=admin_headers())
    credit(app, "1.00")
    client.post("/_admin/snapshots/s/restore", headers=admin_headers())
    assert balance(app) == 1_000_100


def test_snapshots_are_listed_by_name(app: Flask) -> None:
    client = app.test_client()
    for name in ("b", "a_1"):
        client.post("/_admin/snapshots", json={"name": name}, headers=admin_headers())
    response = client.get("/_admin/snapshots", headers=admin_headers())
    assert response.json is not None
    assert [s["name"] for s in response.json["snapshots"]] == ["a_1", "b"]
    assert all(s["size_bytes"] > 0 and s["created_at"].endswith("Z") for s in response.json["snapshots"])


def test_no_snapshots_yet_is_an_empty_list(app: Flask) -> None:
    assert app.test_client().get("/_admin/snapshots", headers=admin_headers()).json == {"snapshots": []}


@pytest.mark.parametrize("body", [{"name": "../escape"}, {"name": ""}, {"name": "x" * 65}, {"name": 7}, {},
                                  {"name": "ok", "extra": 1}, {"name": "a b"}])
def test_bad_snapshot_names_are_refused(app: Flask, body: dict[str, object]) -> None:
    response = app.test_client().post("/_admin/snapshots", json=body, headers=admin_headers())
    assert response.status_code == 400
    assert not (provider_of(app).settings.data_dir / "snapshots").exists()


def test_restoring_an_unknown_snapshot_is_a_404(app: Flask) -> None:
    response = app.test_client().post("/_admin/snapshots/never-taken/restore", headers=admin_headers())
    assert response.status_code == 404
    assert response.json is not None and response.json["error"]["code"] == "SNAPSHOT_NOT_FOUND"


def test_restoring_with_a_bad_name_is_a_400(app: Flask) -> None:
    response = app.test_client().post("/_admin/snapshots/bad.name/restore", headers=admin_headers())
    assert response.status_code == 400
