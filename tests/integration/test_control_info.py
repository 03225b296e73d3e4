"""Info, keys, capability profile, invariants, unknown control routes and the OpenAPI path items."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from payment_mocks.control.openapi import control_openapi_paths
from payment_mocks.signing import load_public_pem
from tests.integration.control_generic import ACCOUNT, admin_headers, close_app, make_app, provider_of, seed_debtor


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = make_app(tmp_path / "generic")
    seed_debtor(app)
    yield app
    close_app(app)


@pytest.fixture
def wechat(tmp_path: Path) -> Iterator[Flask]:
    app = make_app(tmp_path / "wechat", name="wechat")
    yield app
    close_app(app)


def test_info_describes_the_provider(app: Flask) -> None:
    body = app.test_client().get("/_admin/info", headers=admin_headers()).json
    assert body is not None
    assert body["provider"] == "generic" and body["dialect"] == "generic" and body["profile"] == "current"
    assert body["capabilities"]["online_deduction"] is True
    assert body["counts"] == {"subjects": 1, "accounts": 1, "freezes": 0, "freezes_in_force": 0}
    assert body["platform_key_serial"].startswith("PUB_KEY_ID_")
    assert body["clock"]["now"].endswith("Z")


def test_keys_give_the_platform_public_key_and_serial(app: Flask) -> None:
    body = app.test_client().get("/_admin/keys", headers=admin_headers()).json
    assert body is not None
    assert body["algorithm"] == "RSA2048/SHA256"
    assert load_public_pem(body["public_key_pem"]).key_size == 2048
    assert body["serial"] == provider_of(app).keys.serial


def test_profile_lists_what_is_available(wechat: Flask) -> None:
    body = wechat.test_client().get("/_admin/profile", headers=admin_headers()).json
    assert body == {"profile": "current", "available": ["2019", "current"],
                    "capabilities": {"capture_credits": True, "online_deduction": True, "whole_account_freeze": True,
                                     "renewal": True, "restrictions": True}}


def test_switching_profile_changes_the_capabilities(wechat: Flask) -> None:
    response = wechat.test_client().put("/_admin/profile", json={"profile": "2019"}, headers=admin_headers())
    assert response.status_code == 200
    assert response.json is not None and response.json["capabilities"]["online_deduction"] is False
    assert provider_of(wechat).ledger.capabilities.online_deduction is False


@pytest.mark.parametrize("body", [{"profile": "2018"}, {"profile": 2019}, {}, {"profile": "current", "x": 1}])
def test_a_bad_profile_is_a_400_and_keeps_the_current_one(wechat: Flask, body: object) -> None:
    response = wechat.test_client().put("/_admin/profile", json=body, headers=admin_headers())
    assert response.status_code == 400
    assert provider_of(wechat).ledger.profile_name == "current"


def test_invariants_hold_on_a_fresh_ledger(app: Flask) -> None:
    response = app.test_client().get("/_admin/invariants", headers=admin_headers())
    assert response.status_code == 200 and response.json == {"ok": True, "violations": []}


def test_a_broken_invariant_is_reported_with_200(app: Flask) -> None:
    with provider_of(app).ledger.db.write() as conn:  # money appearing from nowhere
        conn.execute("UPDATE accounts SET balance = balance + 1 WHERE account_no = ?", (ACCOUNT,))
    response = app.test_client().get("/_admin/invariants", headers=admin_headers())
    assert response.status_code == 200
    assert response.json is not None and response.json["ok"] is False
    assert {v["invariant"] for v in response.json["violations"]} == {1}


def test_an_unknown_control_path_is_a_404_in_the_control_shape(app: Flask) -> None:
    response = app.test_client().get("/_admin/nothing-here", headers=admin_headers())
    assert response.status_code == 404
    assert response.json is not None and response.json["error"]["code"] == "NOT_FOUND"


def test_a_wrong_method_is_a_405_naming_the_allowed_ones(app: Flask) -> None:
    response = app.test_client().delete("/_admin/clock", headers=admin_headers())
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, POST"


def test_openapi_describes_every_control_route_and_health(app: Flask) -> None:
    paths = control_openapi_paths()
    for rule in app.url_map.iter_rules():
        if not (rule.rule.startswith("/_admin/") or rule.rule == "/health") or rule.endpoint.endswith("unknown_route"):
            continue
        templated = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
        assert templated in paths, templated
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
            assert method.lower() in paths[templated], f"{method} {templated}"


def test_openapi_operation_ids_are_unique() -> None:
    ids = [op["operationId"] for item in control_openapi_paths().values() for op in item.values()]
    assert len(ids) == len(set(ids))
