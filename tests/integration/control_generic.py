"""A minimal JSON dialect ("generic") to exercise the shared control API, faults and journal without a real one."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, Response, g, jsonify, request

from payment_mocks.ledger import LedgerError
from payment_mocks.money import format_yuan
from payment_mocks.runtime import EXTENSION_KEY, Provider, ProviderSettings, current_provider, init_provider
from payment_mocks.signing import generate_rsa_key, private_pem

ADMIN_TOKEN = "generic-admin-token-0123456789"
DEBTOR_NAME = "李明"
DEBTOR_ID = "11010519491231002X"
ACCOUNT = "6222021234567890123"


class GenericDialect:
    """Errors as ``{"error": {...}}``; an injected fault is a 500 SYSTEM_ERROR."""

    name = "generic"

    def error_response(self, status: int, code: str, message: str, field: str | None = None) -> Response:
        response = jsonify({"error": {"code": code, "message": message, "field": field}})
        response.status_code = status
        return response

    def fault_response(self) -> Response:
        return self.error_response(500, "SYSTEM_ERROR", "injected fault")


def create_app(config: Mapping[str, Any] | None = None, *, name: str = "generic") -> Flask:
    """The generic provider: control API plus one mutating route that credits an account."""
    app = Flask(__name__)
    settings = ProviderSettings.from_mapping(name, {"admin_token": ADMIN_TOKEN, **dict(config or {})})
    init_provider(app, settings, GenericDialect(), freeze_prefix="T")

    @app.post("/generic/v1/credit")
    def credit() -> Response:
        body = request.get_json(silent=True) or {}
        g.journal_caller = body.get("caller")
        g.journal_request_no = body.get("request_no")
        provider = current_provider()
        try:
            with provider.ledger.transaction() as tx:
                tx.credit(str(body.get("account_no")), int(body.get("amount_fen", 0)), reference=str(
                    body.get("request_no") or ""))
                balance = tx.account_view(str(body.get("account_no"))).balance
        except LedgerError as exc:
            return GenericDialect().error_response(422, exc.code, exc.message, exc.field)
        return jsonify({"balance": format_yuan(balance)})

    @app.get("/generic/v1/ping")
    def ping() -> Response:
        return jsonify({"pong": True})

    return app


@functools.cache
def _platform_key_pem() -> str:
    return private_pem(generate_rsa_key())


def make_app(data_dir: Path, *, name: str = "generic", **config: Any) -> Flask:
    """A generic provider in ``data_dir``, reusing one platform key per test run (generating one is slow)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    key_path = data_dir / "platform-key.pem"
    if not key_path.exists():
        key_path.write_text(_platform_key_pem())
    return create_app({"data_dir": data_dir, **config}, name=name)


def admin_headers(token: str = ADMIN_TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def seed_debtor(app: Flask, balance_fen: int = 1_000_000) -> None:
    """One debtor with one account, written straight through the ledger."""
    with provider_of(app).ledger.transaction() as tx:
        tx.add_subject(DEBTOR_NAME, "resident_id", DEBTOR_ID)
        tx.open_account(ACCOUNT, DEBTOR_ID, balance_fen)


def provider_of(app: Flask) -> Provider:
    provider: Provider = app.extensions[EXTENSION_KEY]
    return provider


def close_app(app: Flask) -> None:
    provider_of(app).ledger.close()


#: every control route, with a path that exists once ``seed_debtor`` ran
CONTROL_ROUTES: list[tuple[str, str]] = [
    ("GET", "/_admin/info"), ("POST", "/_admin/seed"), ("POST", "/_admin/seed/generate"), ("POST", "/_admin/reset"),
    ("GET", "/_admin/snapshots"), ("POST", "/_admin/snapshots"), ("POST", "/_admin/snapshots/s1/restore"),
    ("GET", "/_admin/journal"), ("GET", "/_admin/faults"), ("PUT", "/_admin/faults"), ("DELETE", "/_admin/faults"),
    ("GET", "/_admin/clock"), ("POST", "/_admin/clock"), ("GET", "/_admin/profile"), ("PUT", "/_admin/profile"),
    ("GET", "/_admin/invariants"), ("GET", "/_admin/callers"), ("POST", "/_admin/callers"),
    ("DELETE", "/_admin/callers/bank_node/n1"), ("GET", "/_admin/keys"), ("GET", "/_admin/subjects"),
    ("GET", "/_admin/accounts"), ("GET", f"/_admin/accounts/{ACCOUNT}"),
    ("GET", f"/_admin/accounts/{ACCOUNT}/movements"), ("POST", f"/_admin/accounts/{ACCOUNT}/credit"),
    ("POST", f"/_admin/accounts/{ACCOUNT}/pay"), ("GET", "/_admin/freezes"), ("GET", "/_admin/payouts"),
    ("GET", "/_admin/restrictions"),
]
