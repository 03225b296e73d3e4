"""The control API's guard: admin token and loopback, on every route; /health stays open."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from payment_mocks.control.auth import is_loopback
from tests.integration.control_generic import (
    ACCOUNT,
    CONTROL_ROUTES,
    admin_headers,
    close_app,
    make_app,
    provider_of,
    seed_debtor,
)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    # Refused requests change nothing, so one provider serves the whole module.
    app = make_app(tmp_path_factory.mktemp("auth") / "generic")
    seed_debtor(app)
    yield app
    close_app(app)


@pytest.mark.parametrize(("method", "path"), CONTROL_ROUTES)
def test_every_control_route_refuses_a_request_without_token(app: Flask, method: str, path: str) -> None:
    response = app.test_client().open(path, method=method, json={})
    assert response.status_code == 401
    assert response.json is not None and response.json["error"]["code"] == "ADMIN_TOKEN_MISSING"


@pytest.mark.parametrize(("method", "path"), CONTROL_ROUTES)
def test_every_control_route_refuses_a_wrong_token(app: Flask, method: str, path: str) -> None:
    response = app.test_client().open(path, method=method, json={}, headers=admin_headers("not-the-token"))
    assert response.status_code == 401
    assert response.json is not None and response.json["error"]["code"] == "ADMIN_TOKEN_INVALID"


@pytest.mark.parametrize(("method", "path"), CONTROL_ROUTES)
def test_every_control_route_refuses_a_remote_caller_even_with_the_token(app: Flask, method: str, path: str) -> None:
    response = app.test_client().open(path, method=method, json={}, headers=admin_headers(),
                                      environ_base={"REMOTE_ADDR": "192.168.1.20"})
    assert response.status_code == 403
    assert response.json is not None and response.json["error"]["code"] == "ADMIN_REMOTE_FORBIDDEN"


def test_a_refused_request_changes_nothing(app: Flask) -> None:
    client = app.test_client()
    client.post(f"/_admin/accounts/{ACCOUNT}/credit", json={"amount": "5.00"}, headers=admin_headers("wrong"))
    with provider_of(app).ledger.transaction() as tx:
        assert tx.account_view(ACCOUNT).balance == 1_000_000


def test_remote_callers_are_allowed_when_the_provider_says_so(tmp_path: Path) -> None:
    app = make_app(tmp_path / "remote", allow_remote_admin=True)
    try:
        response = app.test_client().get("/_admin/info", headers=admin_headers(),
                                         environ_base={"REMOTE_ADDR": "10.1.2.3"})
        assert response.status_code == 200
    finally:
        close_app(app)


def test_the_scheme_is_case_insensitive_but_required(app: Flask) -> None:
    client = app.test_client()
    token = provider_of(app).admin_token
    assert client.get("/_admin/info", headers={"Authorization": f"bearer {token}"}).status_code == 200
    assert client.get("/_admin/info", headers={"Authorization": token}).status_code == 401
    assert client.get("/_admin/info", headers={"Authorization": f"Basic {token}"}).status_code == 401


def test_without_a_configured_token_the_generated_one_is_in_the_data_folder(tmp_path: Path) -> None:
    app = make_app(tmp_path / "own", admin_token=None)
    try:
        token = (tmp_path / "own" / "admin-token").read_text().strip()
        assert app.test_client().get("/_admin/info", headers=admin_headers(token)).status_code == 200
    finally:
        close_app(app)


def test_health_needs_no_token(app: Flask) -> None:
    response = app.test_client().get("/health", environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert response.status_code == 200
    assert response.json is not None
    assert response.json["status"] == "ok" and response.json["provider"] == "generic"
    assert response.json["profile"] == "current" and response.json["now"].endswith("Z")


@pytest.mark.parametrize(("address", "loopback"), [
    ("127.0.0.1", True), ("127.8.9.10", True), ("::1", True), ("::ffff:127.0.0.1", True),
    ("10.0.0.1", False), ("::ffff:10.0.0.1", False), ("", False), (None, False), ("localhost", False),
])
def test_loopback_addresses(address: str | None, loopback: bool) -> None:
    assert is_loopback(address) is loopback
