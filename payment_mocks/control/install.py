"""Wires the control API, fault injection, the request journal and the back office into a provider's app."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from flask import Flask, Response, g, request

from payment_mocks import backoffice
from payment_mocks.control import faults, journal
from payment_mocks.control.routes import admin_api
from payment_mocks.control.routes_info import health

if TYPE_CHECKING:
    from payment_mocks.runtime import Provider

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
CONFIG_ENVIRON_KEY = "freezesim.faults"


def install(app: Flask, provider: Provider) -> None:
    """Register the shared pieces on ``app``."""
    journal.ensure_schema(provider.ledger.db)
    app.register_blueprint(admin_api)
    app.add_url_rule("/health", "freezesim_health", health, methods=["GET"])
    backoffice.install(app, provider)
    app.before_request(_fault_gate(provider))
    app.after_request(_journal_and_drop(app, provider))
    app.wsgi_app = RefusalGate(app.wsgi_app, app, provider)  # type: ignore[method-assign]


class RefusalGate:
    """While a refusal window is open, close dialect connections before the app sees them."""

    def __init__(self, inner: WsgiApp, app: Flask, provider: Provider) -> None:
        self.inner = inner
        self.app = app
        self.provider = provider

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = str(environ.get("PATH_INFO", ""))
        if not faults.is_dialect_path(path):
            return self.inner(environ, start_response)
        try:
            config = faults.load_config(self.provider.ledger.db)
        except Exception:  # fault machinery must never be the reason a request fails
            self.app.logger.exception("cannot read the fault configuration")
            config = None
        environ[CONFIG_ENVIRON_KEY] = config
        if config is None or not config.covers(path) or not config.refusing(time.time()):
            return self.inner(environ, start_response)
        started = time.monotonic()
        faults.close_client(environ)
        _record(self.app, self.provider, journal.JournalEntry(
            at_us=_now_us(self.provider), method=str(environ.get("REQUEST_METHOD", "")), path=path,
            query=str(environ.get("QUERY_STRING", "")), status=None,
            duration_ms=int((time.monotonic() - started) * 1000), fault={"kind": "refuse"},
        ))
        start_response("503 Service Unavailable", [("Content-Length", "0"), ("Connection", "close")])
        return []


def _now_us(provider: Provider) -> int:
    provider.clock.refresh()
    return provider.clock.now_us()


def _fault_gate(provider: Provider) -> Callable[[], Response | None]:
    def gate() -> Response | None:
        if not faults.is_dialect_path(request.path):
            return None
        g.freezesim_started = time.monotonic()
        g.freezesim_at_us = provider.clock.now_us()
        # Read the body now: the journal keeps an excerpt even when the dialect parses it as a form. A body too
        # large or cut short is left for the dialect to refuse in its own shape.
        with suppress(Exception):
            request.get_data(cache=True)
        config: faults.FaultConfig | None = request.environ.get(CONFIG_ENVIRON_KEY)
        if config is None or not config.covers(request.path) or not config.randomised:
            return None
        decision = faults.decide(config, faults.take_number(provider.ledger.db))
        g.freezesim_fault = decision
        if decision.latency_ms:
            time.sleep(decision.latency_ms / 1000)
        if decision.kind == "timeout":
            time.sleep(config.timeout_s)  # the caller has given up by now; the request still goes through
        if decision.kind == "error":
            return provider.dialect.fault_response()
        return None

    return gate


def _journal_and_drop(app: Flask, provider: Provider) -> Callable[[Response], Response]:
    def after(response: Response) -> Response:
        if not faults.is_dialect_path(request.path):
            return response
        decision: faults.FaultDecision | None = g.get("freezesim_fault")
        started = g.get("freezesim_started", time.monotonic())
        _record(app, provider, journal.JournalEntry(
            at_us=g.get("freezesim_at_us") or provider.clock.now_us(),
            method=request.method,
            path=request.path,
            query=request.query_string.decode("latin-1"),
            status=response.status_code,
            duration_ms=int((time.monotonic() - started) * 1000),
            caller=g.get("journal_caller"),
            request_no=g.get("journal_request_no"),
            fault=decision.as_json() if decision is not None and decision.eventful else None,
            request_body=_request_excerpt(),
            response_body=_response_excerpt(response),
        ))
        if decision is not None and decision.kind == "drop":
            # Handled and committed; now the caller never hears back.
            faults.close_client(request.environ)
        return response

    return after


def _record(app: Flask, provider: Provider, entry: journal.JournalEntry) -> None:
    try:
        journal.record(provider.ledger.db, entry, provider.settings.journal_cap)
    except Exception:  # a journal that cannot be written must not fail the request it describes
        app.logger.exception("cannot write the request journal")


def _request_excerpt() -> str:
    try:
        return journal.excerpt(request.get_data(cache=True))
    except Exception:
        return ""


def _response_excerpt(response: Response) -> str:
    if response.direct_passthrough or response.is_streamed:
        return ""
    return journal.excerpt(response.get_data())
