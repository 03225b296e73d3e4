"""Control routes that replace state wholesale: seed, reset, snapshots and restore."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from flask import Blueprint, Response

from payment_mocks.control import faults, journal
from payment_mocks.control.auth import require_admin
from payment_mocks.control.routes_clock import clock_json
from payment_mocks.control.routes_common import AdminInputError, json_body, load, reply
from payment_mocks.control.seed import SeedData, SeedSchema, apply_seed
from payment_mocks.control.views import account_json, iso, subject_json
from payment_mocks.runtime import Provider, current_provider

bp = Blueprint("state", __name__)

SNAPSHOT_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


@bp.post("/seed")
@require_admin
def seed() -> Response:
    provider = current_provider()
    data: SeedData = load(SeedSchema(), json_body())
    result = apply_seed(provider.ledger, provider.callers, data)
    assert result is not None  # only_if_empty is off: a seed is always applied or refused
    return reply({
        "subjects": [subject_json(s) for s in result.subjects],
        "accounts": [account_json(a) for a in result.accounts],
        "callers": [c.public_view() for c in result.callers],
    }, 201)


@bp.post("/reset")
@require_admin
def reset() -> Response:
    provider = current_provider()
    db = provider.ledger.db
    provider.ledger.reset()
    faults.clear(db)
    journal.clear(db)
    provider.clock.reset()
    return reply({"reset": True, "clock": clock_json(provider)})


def _snapshot_dir(provider: Provider) -> Path:
    return provider.settings.data_dir / "snapshots"


def _snapshot_path(provider: Provider, name: Any) -> Path:
    if not isinstance(name, str) or not SNAPSHOT_NAME.fullmatch(name):
        raise AdminInputError("a snapshot name is 1 to 64 letters, digits, '_' or '-'", "name")
    return _snapshot_dir(provider) / f"{name}.sqlite3"


def _snapshot_json(path: Path) -> dict[str, Any]:
    stat = path.stat()
    return {"name": path.stem, "size_bytes": stat.st_size, "created_at": iso(int(stat.st_mtime * 1_000_000))}


@bp.post("/snapshots")
@require_admin
def create_snapshot() -> Response:
    provider = current_provider()
    body = json_body()
    unknown = sorted(set(body) - {"name"})
    if unknown:
        raise AdminInputError("unknown field", f"/{unknown[0]}")
    path = _snapshot_path(provider, body.get("name"))
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    provider.ledger.db.backup_to(tmp)
    tmp.replace(path)  # a snapshot of the same name is replaced whole or not at all
    return reply(_snapshot_json(path), 201)


@bp.get("/snapshots")
@require_admin
def list_snapshots() -> Response:
    folder = _snapshot_dir(current_provider())
    found = sorted(folder.glob("*.sqlite3")) if folder.is_dir() else []
    return reply({"snapshots": [_snapshot_json(p) for p in found]})


@bp.post("/snapshots/<name>/restore")
@require_admin
def restore_snapshot(name: str) -> Response:
    provider = current_provider()
    path = _snapshot_path(provider, name)
    if not path.is_file():
        raise AdminInputError(f"no snapshot named {name!r}", "name", status=404, code="SNAPSHOT_NOT_FOUND")
    provider.ledger.db.restore_from(path)
    journal.ensure_schema(provider.ledger.db)
    provider.clock.refresh()  # the snapshot carries the clock it was taken with
    return reply({"restored": name, "clock": clock_json(provider)})
