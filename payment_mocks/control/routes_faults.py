"""Control routes for fault injection and the request journal."""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, Response

from payment_mocks.control import faults, journal
from payment_mocks.control.auth import require_admin
from payment_mocks.control.routes_common import json_body, load, query_int, query_text, reply
from payment_mocks.runtime import current_provider

bp = Blueprint("faults", __name__)


def faults_json() -> dict[str, Any]:
    """The fault configuration in force, the requests counted under it and the refusal window left."""
    db = current_provider().ledger.db
    config = faults.load_config(db)
    now = time.time()
    return {
        "faults": None if config is None else config.as_json(),
        "requests_counted": faults.requests_counted(db),
        "refusing": config is not None and config.refusing(now),
        "refuse_remaining_s": 0.0 if config is None else round(max(0.0, config.refuse_until - now), 3),
    }


@bp.get("/faults")
@require_admin
def get_faults() -> Response:
    return reply(faults_json())


def set_faults(body: Any) -> None:
    """Validate a whole fault configuration (AdminInputError naming the field) and put it in force."""
    values = load(faults.FaultSchema(), body)
    faults.save_config(current_provider().ledger.db, faults.FaultConfig.from_loaded(values, time.time()))


@bp.put("/faults")
@require_admin
def put_faults() -> Response:
    set_faults(json_body())
    return reply(faults_json())


@bp.delete("/faults")
@require_admin
def delete_faults() -> Response:
    faults.clear(current_provider().ledger.db)
    return reply(faults_json())


@bp.get("/journal")
@require_admin
def get_journal() -> Response:
    query = journal.JournalQuery(
        limit=query_int("limit", 50, lo=1, hi=1000) or 50,
        method=query_text("method", 16),
        path_prefix=query_text("path_prefix"),
        status=query_int("status", None, lo=0, hi=999),
        request_no=query_text("request_no"),
        since_id=query_int("since_id", None, lo=0, hi=2**62),
    )
    db = current_provider().ledger.db
    return reply({"entries": journal.entries(db, query), "total": journal.count(db)})
