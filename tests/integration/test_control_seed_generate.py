"""POST /_admin/seed/generate: many synthetic debtors through the control API, all or nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from payment_mocks.ledger.bulk import synthetic_subject
from tests.integration.control_generic import admin_headers, close_app, make_app, provider_of


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = make_app(tmp_path / "generic")
    yield app
    close_app(app)


def generate(client: FlaskClient, body: Any, token: str | None = None) -> Any:
    headers = admin_headers(token) if token else admin_headers()
    return client.post("/_admin/seed/generate", json=body, headers=headers)


def subject_count(app: Flask) -> int:
    return int(provider_of(app).ledger.db.connection().execute("SELECT COUNT(*) FROM subjects").fetchone()[0])


def test_generate_writes_the_subjects_and_reports_them(app: Flask) -> None:
    response = generate(app.test_client(), {"subjects": 120, "seed": 4, "accounts_per_subject": 2,
                                            "balance_fen": 5000})
    assert response.status_code == 201
    body = response.json
    assert body is not None
    assert (body["subjects"], body["accounts"], body["seeded_fen"], body["seeded"]) == (120, 240, 1_200_000,
                                                                                         "12000.00")
    assert body["first_subject"]["id_number"] == synthetic_subject(4, 0).id_number
    assert subject_count(app) == 120


def test_the_books_hold_their_invariants_after_a_generation(app: Flask) -> None:
    client = app.test_client()
    assert generate(client, {"subjects": 300}).status_code == 201
    answer = client.get("/_admin/invariants", headers=admin_headers())
    assert answer.json is not None and answer.json["violations"] == []


def test_generate_needs_the_admin_token(app: Flask) -> None:
    response = generate(app.test_client(), {"subjects": 10}, token="wrong-token")
    assert response.status_code == 401
    assert response.json is not None and response.json["error"]["code"] == "ADMIN_TOKEN_INVALID"
    assert subject_count(app) == 0


@pytest.mark.parametrize(("body", "field"), [
    ({}, "/subjects"), ({"subjects": "10"}, "/subjects"), ({"subjects": 0}, "/subjects"),
    ({"subjects": 10.5}, "/subjects"), ({"subjects": True}, "/subjects"), ({"subjects": 10, "seed": -3}, "/seed"),
    ({"subjects": 10, "accounts_per_subject": 0}, "/accounts_per_subject"),
    ({"subjects": 10, "balance_fen": "12.00"}, "/balance_fen"), ({"subjects": 10, "colour": "red"}, "/colour"),
])
def test_bad_input_is_a_400_naming_the_field_and_changes_nothing(app: Flask, body: dict[str, Any],
                                                                  field: str) -> None:
    response = generate(app.test_client(), body)
    assert response.status_code == 400
    assert response.json is not None
    assert response.json["error"]["code"] == "INVALID_REQUEST"
    assert response.json["error"]["field"] == field
    assert subject_count(app) == 0


def test_a_body_that_is_not_an_object_is_a_400(app: Flask) -> None:
    response = generate(app.test_client(), [1, 2])
    assert response.status_code == 400
    assert response.json is not None and response.json["error"]["code"] == "INVALID_REQUEST"


def test_generating_the_same_seed_twice_is_a_409_that_changes_nothing(app: Flask) -> None:
    client = app.test_client()
    assert generate(client, {"subjects": 30, "seed": 8}).status_code == 201
    response = generate(client, {"subjects": 40, "seed": 8})
    assert response.status_code == 409
    assert response.json is not None and response.json["error"]["code"] == "DUPLICATE"
    assert subject_count(app) == 30


def test_the_control_openapi_document_describes_generate() -> None:
    from payment_mocks.control.openapi import control_openapi_paths

    operation = control_openapi_paths()["/_admin/seed/generate"]["post"]
    assert operation["operationId"] == "adminSeedGenerate"
    assert set(operation["responses"]) >= {"201", "400", "401", "409"}
