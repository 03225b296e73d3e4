"""``GET /health`` (no token) and ``GET /api/v1/providers``."""

from __future__ import annotations

from flask import Blueprint, Response

from court_node import __version__
from court_node.api.http import node_context, reply
from court_node.api.schemas.meta import HealthSchema, ProviderListSchema
from court_node.auth import requires
from court_node.clock import iso
from court_node.services.providers import check_health, providers

bp = Blueprint("meta", __name__)


@bp.get("/health")
def health() -> Response:
    ctx = node_context()
    results = check_health(ctx.adapters, ctx.settings.health_timeout_s)
    status = "ok" if all(h.reachable for h in results) else "degraded"
    return reply(HealthSchema().dump({"status": status, "version": __version__, "now": iso(ctx.clock.now_us()),
                                      "providers": results}))


@bp.get("/api/v1/providers")
@requires()
def list_providers() -> Response:
    return reply(ProviderListSchema().dump({"providers": providers(node_context())}))
