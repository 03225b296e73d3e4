"""The Alipay-like mock: a Flask app speaking the Alipay open-platform gateway dialect on the shared ledger."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from payment_mocks.alipay.dialect import AlipayDialect
from payment_mocks.alipay.gateway import blueprint
from payment_mocks.alipay.openapi import docs
from payment_mocks.runtime import ProviderSettings, init_provider

#: freeze numbers are all digits, as Alipay's own numbers are: 2026 + a 10-digit serial
FREEZE_PREFIX = "2026"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: provider runtime (ledger, keys, callers, control API), then the gateway and its document."""
    app = Flask("payment_mocks.alipay")
    settings = ProviderSettings.from_mapping("alipay", config)
    init_provider(app, settings, AlipayDialect(), freeze_prefix=FREEZE_PREFIX)
    app.register_blueprint(blueprint)
    app.register_blueprint(docs)
    return app
