"""``GET /_admin/totals``: the terms of money conservation, read in one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.integration.control_generic import ACCOUNT, admin_headers, close_app, make_app, seed_debtor


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = make_app(tmp_path / "generic")
    seed_debtor(app)
    yield app
    close_app(app)


def test_totals_add_balances_payouts_and_debtor_payments(app: Flask) -> None:
    client = app.test_client()
    seeded = client.get("/_admin/totals", headers=admin_headers()).json
    client.post(f"/_admin/accounts/{ACCOUNT}/credit", json={"amount": "100.00"}, headers=admin_headers())
    client.post(f"/_admin/accounts/{ACCOUNT}/pay", json={"amount": "30.00", "merchant": "早餐店",
                                                         "category": "food"}, headers=admin_headers())
    after = client.get("/_admin/totals", headers=admin_headers()).json
    assert after["credited_fen"] == 10_000
    assert after["debtor_payments_fen"] == 3_000
    assert after["balances_fen"] == seeded["balances_fen"] + 7_000
    assert after["total_fen"] == after["seeded_fen"] + after["credited_fen"] == seeded["total_fen"] + 10_000


def test_totals_need_the_admin_token(app: Flask) -> None:
    assert app.test_client().get("/_admin/totals").status_code == 401
