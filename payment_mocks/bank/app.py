"""The bank mock's composition root: ``create_app(config)`` wires the runtime, the dialect and the routes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response

from payment_mocks.bank.auth import finish_response
from payment_mocks.bank.callbacks import BankWorker
from payment_mocks.bank.dialect import BankDialect, BankRefusal, from_ledger
from payment_mocks.bank.openapi import docs
from payment_mocks.bank.processing import BankSettler, set_processing_delay
from payment_mocks.bank.routes_admin import bank_admin
from payment_mocks.bank.routes_batches import batches
from payment_mocks.bank.routes_judicial import judicial
from payment_mocks.bank.routes_retail import retail
from payment_mocks.bank.store import BANK_SCHEMA, TABLE
from payment_mocks.ledger import LedgerError
from payment_mocks.runtime import Provider, ProviderSettings, init_provider

EXTENSION_KEY = "bank"


@dataclass(frozen=True)
class BankState:
    """What the bank's views need besides the provider: its own id and the background worker."""

    bank_id: str
    provider: Provider
    worker: BankWorker
    settler: BankSettler


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the bank mock. Config beyond the shared settings: ``bank_id`` (default ``"BANK"``),
    ``processing_delay`` (``"2h"``, stored in the data folder), ``background`` (default True: a daemon thread
    settles due requests and delivers callbacks; tests turn it off and call ``worker.run_once()``)."""
    settings = ProviderSettings.from_mapping("bank", config)
    dialect = BankDialect()
    app = Flask(__name__)
    provider = init_provider(app, settings, dialect, freeze_prefix="BKF")

    provider.ledger.db.run_script(BANK_SCHEMA)
    if TABLE not in provider.ledger.extra_tables:
        provider.ledger.extra_tables.append(TABLE)
    settler = BankSettler()
    provider.ledger.settlers.append(settler)
    if settings.extra.get("processing_delay") is not None:
        set_processing_delay(provider, settings.extra["processing_delay"])

    bank_id = str(settings.extra.get("bank_id") or "BANK")
    worker = BankWorker(provider, bank_id)
    app.extensions[EXTENSION_KEY] = BankState(bank_id, provider, worker, settler)

    @app.errorhandler(BankRefusal)
    def _bank_error(exc: BankRefusal) -> Response:
        return dialect.render(exc)

    @app.errorhandler(LedgerError)
    def _ledger_error(exc: LedgerError) -> Response:
        return dialect.render(from_ledger(exc))

    for blueprint in (judicial, batches, retail, bank_admin, docs):
        app.register_blueprint(blueprint)
    app.after_request(finish_response)

    if _flag(settings.extra.get("background", True)):
        worker.start()
        # A worker process forked after create_app has no thread yet: start one on its first request.
        app.before_request(worker.start)
    return app


def _flag(value: object) -> bool:
    """A switch from a mapping or the environment: ``False``, ``"0"``, ``"false"``, ``"no"`` and ``"off"`` are off."""
    if isinstance(value, str):
        return value.strip().lower() not in ("0", "false", "no", "off", "")
    return bool(value)


def bank_state(app: Flask) -> BankState:
    """The bank's state attached to ``app`` by ``create_app``."""
    state: BankState = app.extensions[EXTENSION_KEY]
    return state
