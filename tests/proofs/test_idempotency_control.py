"""The control API's money routes: seed, credit and pay. A retry under the same Idempotency-Key (credit, pay)
moves the money once; the same key with another body is 409 REQUEST_NO_CONFLICT; seeding the same body again
adds nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.integration.control_generic import (
    ACCOUNT,
    DEBTOR_ID,
    DEBTOR_NAME,
    admin_headers,
    close_app,
    make_app,
    provider_of,
    seed_debtor,
)

MOVES = {"credit": {"amount": "100.00", "counterparty": "北京某科技有限公司"},
         "pay": {"amount": "100.00", "merchant": "shop", "category": "grocery"}}
DELTA = {"credit": 10_000, "pay": -10_000}


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = make_app(tmp_path / "generic")
    seed_debtor(app)
    yield app
    close_app(app)


def _balance(app: Flask) -> int:
    with provider_of(app).ledger.transaction() as tx:
        return tx.account_view(ACCOUNT).balance


def _move(app: Flask, kind: str, body: dict[str, Any], key: str | None = "move-1") -> Any:
    headers = admin_headers() | ({"Idempotency-Key": key} if key is not None else {})
    return app.test_client().post(f"/_admin/accounts/{ACCOUNT}/{kind}", json=body, headers=headers)


@pytest.mark.parametrize("kind", sorted(MOVES))
def test_a_retry_under_the_same_key_moves_the_money_once(app: Flask, kind: str) -> None:
    first = _move(app, kind, MOVES[kind])
    again = _move(app, kind, MOVES[kind])
    assert (first.status_code, again.get_data()) == (201, first.get_data())
    assert _balance(app) == 1_000_000 + DELTA[kind]


@pytest.mark.parametrize("kind", sorted(MOVES))
def test_the_same_key_with_another_body_is_refused_and_changes_nothing(app: Flask, kind: str) -> None:
    _move(app, kind, MOVES[kind])
    refused = _move(app, kind, {**MOVES[kind], "amount": "200.00"})
    assert (refused.status_code, refused.get_json()["error"]["code"]) == (409, "REQUEST_NO_CONFLICT")
    assert _balance(app) == 1_000_000 + DELTA[kind]


@pytest.mark.parametrize("kind", sorted(MOVES))
def test_without_a_key_every_call_moves_money(app: Flask, kind: str) -> None:
    _move(app, kind, MOVES[kind], key=None)
    _move(app, kind, MOVES[kind], key=None)
    assert _balance(app) == 1_000_000 + 2 * DELTA[kind]


def test_a_bad_key_is_a_400_and_moves_nothing(app: Flask) -> None:
    refused = _move(app, "credit", MOVES["credit"], key="k" * 65)
    assert (refused.status_code, refused.get_json()["error"]["field"]) == (400, "Idempotency-Key")
    assert _balance(app) == 1_000_000


def test_seeding_the_same_body_again_adds_nothing(app: Flask) -> None:
    body = {"subjects": [{"name": DEBTOR_NAME, "id_type": "resident_id", "id_number": DEBTOR_ID,
                          "accounts": [{"account_no": "6222029999999999999", "balance": "50.00"}]}]}
    client = app.test_client()
    first = client.post("/_admin/seed", json=body, headers=admin_headers())
    again = client.post("/_admin/seed", json=body, headers=admin_headers())
    assert first.status_code < 300, first.get_json()
    assert again.status_code < 500, again.get_json()
    with provider_of(app).ledger.transaction() as tx:
        assert tx.account_view("6222029999999999999").balance == 5_000
        assert len(tx.movements("6222029999999999999")) == 1
