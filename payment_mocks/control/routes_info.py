"""Control routes that describe the provider: info, health, keys, capability profile and invariants."""

from __future__ import annotations

from flask import Blueprint, Response

import payment_mocks
from payment_mocks.control.auth import require_admin
from payment_mocks.control.routes_clock import clock_json
from payment_mocks.control.routes_common import AdminInputError, json_body, reply
from payment_mocks.control.views import iso
from payment_mocks.ledger import PROFILES
from payment_mocks.runtime import current_provider

bp = Blueprint("info", __name__)


def health() -> Response:
    """``GET /health``: unguarded liveness for stack runners and load balancers."""
    provider = current_provider()
    return reply({"status": "ok", "provider": provider.name, "version": payment_mocks.__version__,
                  "profile": provider.ledger.profile_name, "now": iso(provider.clock.now_us())})


@bp.get("/info")
@require_admin
def info() -> Response:
    provider = current_provider()
    ledger = provider.ledger
    conn = ledger.db.connection()

    def count(sql: str) -> int:
        return int(conn.execute(sql).fetchone()[0])

    return reply({
        "provider": provider.name,
        "dialect": provider.dialect.name,
        "version": payment_mocks.__version__,
        "profile": ledger.profile_name,
        "capabilities": ledger.capabilities.as_dict(),
        "clock": clock_json(provider),
        "counts": {
            "subjects": count("SELECT COUNT(*) FROM subjects"),
            "accounts": count("SELECT COUNT(*) FROM accounts"),
            "freezes": count("SELECT COUNT(*) FROM freezes"),
            "freezes_in_force": count("SELECT COUNT(*) FROM freezes WHERE status IN ('active', 'waiting')"),
        },
        "platform_key_serial": provider.keys.serial,
        "data_dir": str(provider.settings.data_dir),
    })


@bp.get("/keys")
@require_admin
def keys() -> Response:
    provider = current_provider()
    return reply({"algorithm": "RSA2048/SHA256", "public_key_pem": provider.keys.public_pem,
                  "serial": provider.keys.serial})


def profile_json() -> dict[str, object]:
    """The capability profile in force, its switches, and the profiles this provider can take."""
    provider = current_provider()
    return {"profile": provider.ledger.profile_name, "capabilities": provider.ledger.capabilities.as_dict(),
            "available": sorted(PROFILES.get(provider.ledger.provider, {}))}


@bp.get("/profile")
@require_admin
def get_profile() -> Response:
    return reply(profile_json())


@bp.put("/profile")
@require_admin
def put_profile() -> Response:
    body = json_body()
    unknown = sorted(set(body) - {"profile"})
    if unknown:
        raise AdminInputError("unknown field", f"/{unknown[0]}")
    switch_profile(body.get("profile"))
    return reply(profile_json())


def switch_profile(name: object) -> None:
    """Put a capability profile in force; AdminInputError when it is not one of this provider's."""
    if not isinstance(name, str):
        raise AdminInputError("profile must be the name of a capability profile", "profile")
    try:
        current_provider().ledger.set_profile(name)
    except ValueError as exc:
        raise AdminInputError(str(exc), "profile") from None


@bp.get("/invariants")
@require_admin
def invariants() -> Response:
    violations = current_provider().ledger.check_invariants()
    return reply({"ok": not violations, "violations": [v.as_dict() for v in violations]})
