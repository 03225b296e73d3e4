"""One mock provider's runtime inside its Flask app: ledger, clock, keys, callers, and the dialect's hooks.

Each dialect's ``create_app`` builds a Flask app, calls ``init_provider`` once, and registers its own routes.
Everything that is not part of a dialect (the control API, faults, the request journal, errors for unknown
paths) is wired here, so the three mocks behave the same outside their dialects.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from flask import Flask, Response, current_app
from werkzeug.exceptions import HTTPException

from payment_mocks.clock import SimClock
from payment_mocks.control.callers import CallerRegistry
from payment_mocks.control.keys import PlatformKeys, load_or_create_admin_token
from payment_mocks.ledger import Ledger

EXTENSION_KEY = "freezesim_provider"


class Dialect(Protocol):
    """What a dialect tells the shared runtime about its own error shape."""

    name: str

    def error_response(self, status: int, code: str, message: str, field: str | None = None) -> Response:
        """An error in the dialect's own shape (unknown path, wrong method, body too large, bad content)."""
        ...

    def fault_response(self) -> Response:
        """What an injected server failure looks like in this dialect (a 5xx or its equivalent)."""
        ...


@dataclass
class ProviderSettings:
    """Configuration of one mock provider. Layered: defaults, ``FREEZESIM_<NAME>_*`` environment, overrides."""

    name: str
    data_dir: Path
    admin_token: str | None = None  # None: read or generate ``admin-token`` in the data folder
    profile: str | None = None  # None: keep the persisted profile ("current" on first start)
    journal_cap: int = 10_000
    max_body_bytes: int = 1_000_000
    allow_remote_admin: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, name: str, config: Mapping[str, Any] | None) -> ProviderSettings:
        cfg = dict(config or {})
        env_dir = os.environ.get(f"FREEZESIM_{name.upper()}_DATA_DIR")
        data_dir = Path(cfg.pop("data_dir", None) or env_dir or Path(".freezesim") / "data" / name)
        known = {k: cfg.pop(k) for k in list(cfg) if k in {
            "admin_token", "profile", "journal_cap", "max_body_bytes", "allow_remote_admin"}}
        if "admin_token" not in known and os.environ.get("FREEZESIM_ADMIN_TOKEN"):
            known["admin_token"] = os.environ["FREEZESIM_ADMIN_TOKEN"]
        return cls(name=name, data_dir=data_dir, extra=cfg, **known)


class Provider:
    """Everything one mock provider process holds: created once per app by ``init_provider``."""

    def __init__(self, settings: ProviderSettings, dialect: Dialect, freeze_prefix: str) -> None:
        self.settings = settings
        self.name = settings.name
        self.dialect = dialect
        self.ledger = Ledger(settings.data_dir, provider=settings.name, profile_name=settings.profile,
                             freeze_prefix=freeze_prefix)
        self.keys = PlatformKeys.load_or_create(settings.data_dir)
        self.callers = CallerRegistry(self.ledger.db)
        self.admin_token = settings.admin_token or load_or_create_admin_token(settings.data_dir)

    @property
    def clock(self) -> SimClock:
        return self.ledger.clock


def init_provider(app: Flask, settings: ProviderSettings, dialect: Dialect, *, freeze_prefix: str) -> Provider:
    """Attach a provider runtime to ``app``: ledger, keys, callers, control API, faults, journal, errors."""
    provider = Provider(settings, dialect, freeze_prefix)
    app.extensions[EXTENSION_KEY] = provider
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes

    @app.before_request
    def _refresh_clock() -> None:
        # Another worker process (or the stack's `clock advance`) may have moved simulated time.
        provider.clock.refresh()

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        code = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 413: "BODY_TOO_LARGE", 415: "UNSUPPORTED_MEDIA_TYPE"}
        status = exc.code or 500
        return dialect.error_response(status, code.get(status, "BAD_REQUEST"), exc.description or exc.name)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        app.logger.exception("unexpected error")
        return dialect.error_response(500, "SYSTEM_ERROR", "unexpected error; the request was rolled back")

    _install_shared(app, provider)
    return provider


def _install_shared(app: Flask, provider: Provider) -> None:
    """The control API, fault injection and request journal (payment_mocks.control)."""
    from payment_mocks.control.install import install  # here, not at the top: control imports this module

    install(app, provider)


def current_provider() -> Provider:
    """The provider of the app handling the current request."""
    provider: Provider = current_app.extensions[EXTENSION_KEY]
    return provider
