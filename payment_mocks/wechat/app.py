"""The WeChat-wallet-like mock: a Flask app speaking WeChat Pay API v3 style on the shared freeze ledger."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, Response

from payment_mocks.runtime import ProviderSettings, init_provider
from payment_mocks.wechat import (
    auth,
    routes_deductions,
    routes_freezes,
    routes_queries,
    routes_restrictions,
    routes_wallet,
)
from payment_mocks.wechat.dialect import V3Error, WechatDialect, json_response
from payment_mocks.wechat.openapi import openapi_document

FREEZE_PREFIX = "WXF"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: provider runtime (ledger, keys, callers, control API), signatures, v3 routes."""
    app = Flask("payment_mocks.wechat")
    settings = ProviderSettings.from_mapping("wechat", config)
    init_provider(app, settings, WechatDialect(), freeze_prefix=FREEZE_PREFIX)
    auth.install(app)
    app.register_error_handler(V3Error, _render)
    for module in (routes_queries, routes_freezes, routes_deductions, routes_restrictions, routes_wallet):
        app.register_blueprint(module.bp)
    app.add_url_rule("/openapi.json", "openapi", _openapi, methods=["GET"])
    return app


def _render(exc: V3Error) -> Response:
    return exc.response()


def _openapi() -> Response:
    return json_response(200, openapi_document())
