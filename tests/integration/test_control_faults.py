"""PUT, GET and DELETE /_admin/faults, and what each fault does to a dialect request (in process)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from payment_mocks.control.faults import FaultConfig, decide
from tests.integration.control_generic import ACCOUNT, admin_headers, close_app, make_app, provider_of, seed_debtor


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = make_app(tmp_path / "generic")
    seed_debtor(app)
    yield app
    close_app(app)


def set_faults(app: Flask, body: Any) -> Any:
    response = app.test_client().put("/_admin/faults", json=body, headers=admin_headers())
    assert response.status_code == 200, response.json
    return response.json


def credit(client: FlaskClient, request_no: str = "R-1") -> Any:
    return client.post("/generic/v1/credit", json={"account_no": ACCOUNT, "amount_fen": 100,
                                                   "request_no": request_no})


def balance(app: Flask) -> int:
    with provider_of(app).ledger.transaction() as tx:
        return tx.account_view(ACCOUNT).balance


def last_fault(app: Flask) -> Any:
    entries = app.test_client().get("/_admin/journal?limit=1", headers=admin_headers()).json
    assert entries is not None
    return entries["entries"][0]["fault"]


def test_faults_are_set_read_back_and_cleared(app: Flask) -> None:
    client = app.test_client()
    body = set_faults(app, {"seed": 7, "latency_ms": 5, "error_rate": 0.25, "error_kind": "drop",
                            "paths": ["/generic/v1/credit"]})
    assert body["faults"]["seed"] == 7 and body["faults"]["error_kind"] == "drop"
    assert body["faults"]["paths"] == ["/generic/v1/credit"] and body["requests_counted"] == 0
    read = client.get("/_admin/faults", headers=admin_headers()).json
    assert read == body
    cleared = client.delete("/_admin/faults", headers=admin_headers()).json
    assert cleared is not None and cleared["faults"] is None


@pytest.mark.parametrize(("body", "field"), [
    ({"seed": True}, "/seed"),
    ({"seed": "42"}, "/seed"),
    ({"latency_ms": 1.5}, "/latency_ms"),
    ({"latency_ms": -1}, "/latency_ms"),
    ({"latency_jitter_ms": 700_000}, "/latency_jitter_ms"),
    ({"error_rate": 1.5}, "/error_rate"),
    ({"error_rate": "0.5"}, "/error_rate"),
    ({"error_kind": "explode"}, "/error_kind"),
    ({"timeout_s": -2}, "/timeout_s"),
    ({"refuse_for_s": False}, "/refuse_for_s"),
    ({"paths": "/generic"}, "/paths"),
    ({"paths": ["generic"]}, "/paths/0"),
    ({"chaos": True}, "/chaos"),
])
def test_bad_fault_settings_are_a_400_and_change_nothing(app: Flask, body: Any, field: str) -> None:
    set_faults(app, {"latency_ms": 1})
    response = app.test_client().put("/_admin/faults", json=body, headers=admin_headers())
    assert response.status_code == 400
    assert response.json is not None and response.json["error"]["field"] == field
    current = app.test_client().get("/_admin/faults", headers=admin_headers()).json
    assert current is not None and current["faults"]["latency_ms"] == 1


def test_an_error_fault_answers_in_the_dialect_shape_without_handling(app: Flask) -> None:
    set_faults(app, {"error_rate": 1})
    response = credit(app.test_client())
    assert response.status_code == 500
    assert response.json == {"error": {"code": "SYSTEM_ERROR", "message": "injected fault", "field": None}}
    assert balance(app) == 1_000_000
    assert last_fault(app) == {"n": 1, "kind": "error", "latency_ms": 0}


def test_latency_delays_the_answer(app: Flask) -> None:
    set_faults(app, {"latency_ms": 150})
    started = time.monotonic()
    assert credit(app.test_client()).status_code == 200
    assert time.monotonic() - started >= 0.15
    assert last_fault(app) == {"n": 1, "kind": None, "latency_ms": 150}


def test_a_timeout_answers_late_but_the_request_goes_through(app: Flask) -> None:
    set_faults(app, {"error_rate": 1, "error_kind": "timeout", "timeout_s": 0.2})
    started = time.monotonic()
    assert credit(app.test_client()).status_code == 200
    assert time.monotonic() - started >= 0.2
    assert balance(app) == 1_000_100


def test_faults_touch_only_the_paths_named(app: Flask) -> None:
    set_faults(app, {"error_rate": 1, "paths": ["/generic/v1/credit"]})
    client = app.test_client()
    assert client.get("/generic/v1/ping").status_code == 200
    assert credit(client).status_code == 500


def test_faults_never_touch_control_health_or_openapi(app: Flask) -> None:
    set_faults(app, {"error_rate": 1, "paths": ["/"]})
    client = app.test_client()
    assert client.get("/_admin/info", headers=admin_headers()).status_code == 200
    assert client.get("/health").status_code == 200
    assert client.get("/openapi.json").status_code == 404  # the generic dialect serves none; not a fault
    counted = client.get("/_admin/faults", headers=admin_headers()).json
    assert counted is not None and counted["requests_counted"] == 0


def outcomes(app: Flask, count: int) -> list[int]:
    client = app.test_client()
    return [credit(client, f"R-{n}").status_code for n in range(count)]


def test_the_same_seed_gives_the_same_faults_in_the_same_order(app: Flask) -> None:
    set_faults(app, {"seed": 42, "error_rate": 0.5})
    first = outcomes(app, 24)
    set_faults(app, {"seed": 42, "error_rate": 0.5})
    assert outcomes(app, 24) == first
    expected = [500 if decide(FaultConfig(seed=42, error_rate=0.5), n).kind else 200 for n in range(1, 25)]
    assert first == expected and 500 in first and 200 in first


def test_another_seed_gives_other_faults(app: Flask) -> None:
    set_faults(app, {"seed": 42, "error_rate": 0.5})
    first = outcomes(app, 24)
    set_faults(app, {"seed": 43, "error_rate": 0.5})
    assert outcomes(app, 24) != first


def test_requests_are_counted_from_when_the_faults_were_set(app: Flask) -> None:
    set_faults(app, {"seed": 1, "latency_ms": 1})
    outcomes(app, 3)
    body = app.test_client().get("/_admin/faults", headers=admin_headers()).json
    assert body is not None and body["requests_counted"] == 3


def test_a_refusal_window_turns_requests_away_unhandled_then_closes(app: Flask) -> None:
    body = set_faults(app, {"refuse_for_s": 0.4})
    assert body["refusing"] is True and 0 < body["refuse_remaining_s"] <= 0.4
    assert credit(app.test_client()).status_code == 503  # in process there is no socket to close
    assert balance(app) == 1_000_000
    assert last_fault(app) == {"kind": "refuse"}
    time.sleep(0.45)
    assert credit(app.test_client()).status_code == 200
    assert balance(app) == 1_000_100


def test_a_cleared_configuration_injects_nothing(app: Flask) -> None:
    set_faults(app, {"error_rate": 1})
    app.test_client().delete("/_admin/faults", headers=admin_headers())
    assert credit(app.test_client()).status_code == 200
