"""The request journal: what is recorded, what never is, filters, and the size cap."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.integration.control_generic import ACCOUNT, admin_headers, close_app, make_app, provider_of, seed_debtor


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = make_app(tmp_path / "generic")
    seed_debtor(app)
    yield app
    close_app(app)


def credit(client: FlaskClient, request_no: str, amount_fen: int = 100, **headers: str) -> Any:
    return client.post("/generic/v1/credit", headers=headers,
                       json={"account_no": ACCOUNT, "amount_fen": amount_fen, "request_no": request_no,
                             "caller": "court-node-1"})


def journal(app: Flask, query: str = "") -> list[dict[str, Any]]:
    response = app.test_client().get(f"/_admin/journal{query}", headers=admin_headers())
    assert response.status_code == 200, response.json
    assert response.json is not None
    entries: list[dict[str, Any]] = response.json["entries"]
    return entries


def test_a_dialect_request_is_journaled_with_caller_and_request_number(app: Flask) -> None:
    credit(app.test_client(), "R-1")
    [entry] = journal(app)
    assert (entry["method"], entry["path"], entry["status"]) == ("POST", "/generic/v1/credit", 200)
    assert entry["caller"] == "court-node-1" and entry["request_no"] == "R-1" and entry["fault"] is None
    assert '"request_no": "R-1"' in entry["request_body"] and '"balance":"10001.00"' in entry["response_body"]
    assert entry["at"].endswith("Z") and entry["duration_ms"] >= 0


def test_the_instant_recorded_is_the_simulated_one(app: Flask) -> None:
    client = app.test_client()
    client.post("/_admin/clock", json={"set": "2030-06-01T00:00:00Z"}, headers=admin_headers())
    client.get("/generic/v1/ping?x=1")
    [entry] = journal(app)
    assert entry["at"].startswith("2030-06-01") and entry["query"] == "x=1"


def test_control_health_and_openapi_requests_are_not_journaled(app: Flask) -> None:
    client = app.test_client()
    client.get("/_admin/info", headers=admin_headers())
    client.get("/health")
    client.get("/openapi.json")
    assert journal(app) == []


def test_an_unknown_dialect_path_is_journaled_with_its_status(app: Flask) -> None:
    app.test_client().get("/generic/v1/nowhere")
    [entry] = journal(app)
    assert entry["status"] == 404 and entry["path"] == "/generic/v1/nowhere"


def test_authorization_headers_are_never_stored(app: Flask) -> None:
    credit(app.test_client(), "R-1", Authorization="Bearer caller-secret-token")
    with provider_of(app).ledger.db.read() as conn:
        rows = [tuple(r) for r in conn.execute("SELECT * FROM request_journal").fetchall()]
    assert rows and "caller-secret-token" not in repr(rows)


def test_bodies_are_cut_to_two_kilobytes(app: Flask) -> None:
    app.test_client().post("/generic/v1/credit", json={"account_no": ACCOUNT, "amount_fen": 1, "pad": "x" * 5000})
    [entry] = journal(app)
    assert len(entry["request_body"]) == 2048


def test_entries_come_newest_first(app: Flask) -> None:
    client = app.test_client()
    for n in range(3):
        credit(client, f"R-{n}")
    assert [e["request_no"] for e in journal(app)] == ["R-2", "R-1", "R-0"]


def test_filters_narrow_the_journal(app: Flask) -> None:
    client = app.test_client()
    credit(client, "R-1")
    client.get("/generic/v1/ping")
    credit(client, "R-2", amount_fen=0)  # refused by the ledger: 422
    assert [e["path"] for e in journal(app, "?method=get")] == ["/generic/v1/ping"]
    assert [e["request_no"] for e in journal(app, "?path_prefix=/generic/v1/cr")] == ["R-2", "R-1"]
    assert [e["request_no"] for e in journal(app, "?status=422")] == ["R-2"]
    assert [e["request_no"] for e in journal(app, "?request_no=R-1")] == ["R-1"]
    first_id = journal(app, "?request_no=R-1")[0]["id"]
    assert [e["request_no"] for e in journal(app, f"?since_id={first_id}")] == ["R-2", None]
    assert len(journal(app, "?limit=1")) == 1


@pytest.mark.parametrize("query", ["limit=0", "limit=1001", "limit=ten", "status=abc", "since_id=-1",
                                   "method=" + "X" * 17])
def test_bad_journal_filters_are_a_400(app: Flask, query: str) -> None:
    response = app.test_client().get(f"/_admin/journal?{query}", headers=admin_headers())
    assert response.status_code == 400


def test_the_journal_keeps_only_the_newest_entries_up_to_its_cap(tmp_path: Path) -> None:
    app = make_app(tmp_path / "capped", journal_cap=3)
    try:
        seed_debtor(app)
        client = app.test_client()
        for n in range(5):
            credit(client, f"R-{n}")
        response = client.get("/_admin/journal", headers=admin_headers())
        assert response.json is not None
        assert response.json["total"] == 3
        assert [e["request_no"] for e in response.json["entries"]] == ["R-4", "R-3", "R-2"]
    finally:
        close_app(app)


def test_a_journal_that_cannot_be_written_does_not_fail_the_request(app: Flask) -> None:
    with provider_of(app).ledger.db.write() as conn:
        conn.execute("DROP TABLE request_journal")
    response = credit(app.test_client(), "R-1")
    assert response.status_code == 200
    with provider_of(app).ledger.transaction() as tx:
        assert tx.account_view(ACCOUNT).balance == 1_000_100
