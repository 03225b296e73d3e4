"""``create_app(config)``: the court node's composition root. No module-level app.

It loads the layered settings, opens the store, builds the clock, the audit trail and the provider adapters
into one ``NodeContext`` (``app.extensions["court_node"]``), seeds the configured courts (and the demo data),
and registers the blueprints and error handlers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask

from court_node.adapters.base import ProviderAdapter
from court_node.api import (
    admin,
    admin_checks,
    batches,
    cases,
    deductions,
    freezes,
    inspections,
    meta,
    openapi,
    payments,
    restrictions,
)
from court_node.api.errors import install_error_handlers
from court_node.audit.chain import AuditLog
from court_node.clock import SimClock
from court_node.config import ConfigError, NodeSettings, load_settings
from court_node.console import bp as console_bp
from court_node.console import configure_sessions
from court_node.context import EXTENSION_KEY, NodeContext
from court_node.demo_data import seed_demo
from court_node.services.worker import Worker
from court_node.store.clock_repo import persisted_clock
from court_node.store.courts_repo import ensure_courts
from court_node.store.engine import Store


def build_adapters(settings: NodeSettings, now: Callable[[], float] | None = None) -> dict[str, ProviderAdapter]:
    """One adapter per configured provider, in the configured order, on the clock ``now`` (Unix seconds)."""
    if not settings.providers:
        return {}
    from court_node.adapters import registry  # only a node with providers loads the adapters

    by_name = {p.name: p for p in settings.providers}
    adapters = {}
    for name in settings.provider_order:
        try:
            adapters[name] = registry.build(by_name[name], now=now)
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"provider {name!r}: {exc}") from exc
    return adapters


def build_context(settings: NodeSettings) -> NodeContext:
    """Open the store and wire everything the services need."""
    clocks: list[SimClock] = []  # the clock needs the store; the adapters read it only once they are used
    adapters = build_adapters(settings, now=lambda: clocks[0].now_us() / 1_000_000)
    store = Store(settings.database_url)  # after the adapters: a bad config changes nothing
    clock = persisted_clock(store)
    clocks.append(clock)
    with store.write() as conn:
        ensure_courts(conn, settings.courts)
        if settings.demo:
            seed_demo(conn, clock.now_us())
    token = settings.admin_token or admin.load_or_create_admin_token(settings.data_dir)
    return NodeContext(settings=settings, store=store, clock=clock, audit=AuditLog(clock), admin_token=token,
                       adapters=adapters)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """A court node app: defaults, then the config file, then ``FREEZESIM_NODE_*``, then ``config``."""
    settings = load_settings(config)
    app = Flask("court_node")
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Chinese names stay readable
    app.json.sort_keys = False  # type: ignore[attr-defined]
    ctx = build_context(settings)
    app.extensions[EXTENSION_KEY] = ctx

    @app.before_request
    def _refresh_clock() -> None:
        # another worker, or the stack's `clock advance`, may have moved simulated time
        ctx.clock.refresh()

    install_error_handlers(app)
    configure_sessions(app, settings.data_dir)  # the console's signed session cookie
    blueprints = (meta.bp, cases.bp, inspections.bp, freezes.bp, deductions.bp, payments.bp, restrictions.bp,
                  batches.bp, admin.bp, admin_checks.bp, openapi.bp, console_bp)
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    if settings.background:
        worker = Worker(ctx, settings.worker_interval_s)
        ctx.on_close.append(worker.stop)
        worker.start()
    return app
