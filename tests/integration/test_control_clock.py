"""GET and POST /_admin/clock: time travel, and expiries lapsing at their own instants."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from payment_mocks.ledger import Freeze, FreezeMode
from tests.integration.control_generic import ACCOUNT, admin_headers, close_app, make_app, provider_of, seed_debtor


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = make_app(tmp_path / "generic")
    seed_debtor(app)
    yield app
    close_app(app)


def move(app: Flask, body: Any) -> Any:
    return app.test_client().post("/_admin/clock", json=body, headers=admin_headers())


def place_freeze(app: Flask, amount: int, days: int) -> Freeze:
    with provider_of(app).ledger.transaction() as tx:
        return tx.place_freeze(account_no=ACCOUNT, authority_code="京0101", authority_name="北京市东城区人民法院",
                               request_no="Q-1", document_no="（2026）京0101执1号", mode=FreezeMode.AMOUNT,
                               amount=amount, term_days=days)


def test_the_clock_reports_utc_beijing_offset_and_state(app: Flask) -> None:
    body = app.test_client().get("/_admin/clock", headers=admin_headers()).json
    assert body is not None
    assert body["now"].endswith("Z") and body["now_beijing"].endswith("+08:00")
    assert body["stopped"] is False and abs(body["offset_seconds"]) < 5


def test_set_jumps_to_an_instant_given_in_any_zone(app: Flask) -> None:
    response = move(app, {"set": "2027-01-01T08:00:00+08:00"})
    assert response.status_code == 200
    now = datetime.fromisoformat(response.json["now"])
    assert abs(now - datetime(2027, 1, 1, tzinfo=UTC)) < timedelta(seconds=5)


def test_advance_moves_time_forward(app: Flask) -> None:
    response = move(app, {"advance": "30d"})
    assert response.json is not None
    assert 30 * 86400 - 5 < response.json["offset_seconds"] < 30 * 86400 + 5


def test_stop_freezes_time_and_resume_lets_it_run(app: Flask) -> None:
    stopped = move(app, {"stop": True}).json
    assert stopped is not None and stopped["stopped"] is True
    again = app.test_client().get("/_admin/clock", headers=admin_headers()).json
    assert again is not None and again["now"] == stopped["now"]
    resumed = move(app, {"resume": True}).json
    assert resumed is not None and resumed["stopped"] is False


def test_reset_returns_to_real_time(app: Flask) -> None:
    move(app, {"advance": "400d"})
    body = move(app, {"reset": True}).json
    assert body is not None and abs(body["offset_seconds"]) < 5


def test_advancing_past_an_expiry_lapses_the_freeze_and_frees_the_money(app: Flask) -> None:
    freeze = place_freeze(app, 300_000, days=30)
    move(app, {"advance": "29d"})
    listed = app.test_client().get(f"/_admin/freezes?account_no={ACCOUNT}", headers=admin_headers()).json
    assert listed is not None and listed["freezes"][0]["status"] == "active"
    move(app, {"advance": "2d"})
    listed = app.test_client().get(f"/_admin/freezes?account_no={ACCOUNT}", headers=admin_headers()).json
    assert listed is not None
    [lapsed] = listed["freezes"]
    assert lapsed["status"] == "expired" and lapsed["ended_at"] == lapsed["expires_at"]
    assert lapsed["freeze_no"] == freeze.freeze_no
    account = app.test_client().get(f"/_admin/accounts/{ACCOUNT}", headers=admin_headers()).json
    assert account is not None and account["available_fen"] == 1_000_000 and account["freezes"] == []


def test_the_lapse_is_written_even_if_no_one_looks(app: Flask) -> None:
    place_freeze(app, 100, days=1)
    move(app, {"advance": "2d"})
    with provider_of(app).ledger.db.read() as conn:
        assert conn.execute("SELECT status FROM freezes").fetchone()[0] == "expired"


@pytest.mark.parametrize(("body", "field"), [
    ({}, None),
    ({"advance": "1d", "stop": True}, None),
    ({"advance": "soon"}, "advance"),
    ({"advance": 30}, "advance"),
    ({"advance": "100000y"}, "advance"),
    ({"set": "2027-01-01T00:00:00"}, "set"),
    ({"set": "next week"}, "set"),
    ({"set": 1700000000}, "set"),
    ({"set": "1900-01-01T00:00:00Z"}, "set"),
    ({"stop": False}, "stop"),
    ({"resume": "yes"}, "resume"),
    ({"rewind": "1d"}, "/rewind"),
])
def test_bad_clock_moves_are_400_and_leave_the_clock_alone(app: Flask, body: Any, field: str | None) -> None:
    response = move(app, body)
    assert response.status_code == 400
    assert response.json is not None and response.json["error"]["field"] == field
    clock = app.test_client().get("/_admin/clock", headers=admin_headers()).json
    assert clock is not None and abs(clock["offset_seconds"]) < 5 and clock["stopped"] is False
