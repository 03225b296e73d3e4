"""GET, POST and DELETE /_admin/callers."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from payment_mocks.control.callers import CallerKind
from payment_mocks.signing import generate_rsa_key, public_pem
from tests.integration.control_generic import admin_headers, close_app, make_app, provider_of


@functools.cache
def caller_key() -> str:
    return public_pem(generate_rsa_key())


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = make_app(tmp_path / "generic")
    yield app
    close_app(app)


def register(app: Flask, body: Any) -> Any:
    return app.test_client().post("/_admin/callers", json=body, headers=admin_headers())


def test_a_bank_node_is_registered_with_its_secret_kept_back(app: Flask) -> None:
    response = register(app, {"kind": "bank_node", "caller_id": "court-node-1", "secret": "0123456789abcdef!"})
    assert response.status_code == 201
    assert response.json == {"kind": "bank_node", "caller_id": "court-node-1", "name": "", "public_key_pem": "",
                             "serial": "", "has_secret": "yes"}
    stored = provider_of(app).callers.get(CallerKind.BANK_NODE, "court-node-1")
    assert stored is not None and stored.secret == "0123456789abcdef!"


def test_rsa_callers_are_registered_with_their_keys(app: Flask) -> None:
    assert register(app, {"kind": "alipay_app", "caller_id": "2021000000000001",
                          "public_key_pem": caller_key()}).status_code == 201
    assert register(app, {"kind": "wechat_mch", "caller_id": "1900000109", "public_key_pem": caller_key(),
                          "serial": "5157F09EFDC096DE15"}).status_code == 201
    listed = app.test_client().get("/_admin/callers", headers=admin_headers()).json
    assert listed is not None
    assert [(c["kind"], c["caller_id"]) for c in listed["callers"]] == [
        ("alipay_app", "2021000000000001"), ("wechat_mch", "1900000109")]


def test_the_list_never_shows_secrets(app: Flask) -> None:
    register(app, {"kind": "bank_node", "caller_id": "n1", "secret": "very-secret-value-123"})
    response = app.test_client().get("/_admin/callers", headers=admin_headers())
    assert "very-secret-value-123" not in response.get_data(as_text=True)


def test_registering_again_replaces_the_caller(app: Flask) -> None:
    register(app, {"kind": "bank_node", "caller_id": "n1", "secret": "a" * 16})
    register(app, {"kind": "bank_node", "caller_id": "n1", "secret": "b" * 16, "name": "新节点"})
    [caller] = provider_of(app).callers.all()
    assert caller.secret == "b" * 16 and caller.name == "新节点"


@pytest.mark.parametrize(("body", "field"), [
    ({"kind": "alipay_app", "caller_id": "a1", "public_key_pem": "-----BEGIN PUBLIC KEY-----\nxx\n"},
     "/public_key_pem"),
    ({"kind": "alipay_app", "caller_id": "a1"}, "/public_key_pem"),
    ({"kind": "wechat_mch", "caller_id": "m1", "public_key_pem": "KEY"}, "/serial"),
    ({"kind": "bank_node", "caller_id": "n1", "secret": "short"}, "/secret"),
    ({"kind": "bank_node", "caller_id": "", "secret": "x" * 16}, "/caller_id"),
    ({"kind": "bank_node", "caller_id": "n" * 65, "secret": "x" * 16}, "/caller_id"),
    ({"kind": "teller", "caller_id": "n1"}, "/kind"),
    ({"kind": "bank_node", "caller_id": "n1", "secret": "x" * 16, "role": "admin"}, "/role"),
    ({"kind": "bank_node", "caller_id": 12, "secret": "x" * 16}, "/caller_id"),
])
def test_a_bad_caller_is_a_400_naming_the_field(app: Flask, body: dict[str, Any], field: str) -> None:
    if body.get("public_key_pem") == "KEY":
        body = {**body, "public_key_pem": caller_key()}
    response = register(app, body)
    assert response.status_code == 400
    assert response.json is not None and response.json["error"]["field"] == field
    assert provider_of(app).callers.all() == []


def test_a_caller_is_removed(app: Flask) -> None:
    register(app, {"kind": "bank_node", "caller_id": "n1", "secret": "x" * 16})
    response = app.test_client().delete("/_admin/callers/bank_node/n1", headers=admin_headers())
    assert response.status_code == 200
    assert provider_of(app).callers.all() == []


def test_removing_an_unknown_caller_is_a_404(app: Flask) -> None:
    response = app.test_client().delete("/_admin/callers/bank_node/ghost", headers=admin_headers())
    assert response.status_code == 404
    assert response.json is not None and response.json["error"]["code"] == "CALLER_NOT_FOUND"


def test_removing_with_an_unknown_kind_is_a_400(app: Flask) -> None:
    response = app.test_client().delete("/_admin/callers/teller/n1", headers=admin_headers())
    assert response.status_code == 400
    assert response.json is not None and response.json["error"]["field"] == "kind"
