"""``/_admin/invariants``, ``/_admin/freezes`` and ``/_admin/reconcile``: what the stack's invariant check needs
from the node (loopback, admin token, like ``/_admin/clock``).

``freezes`` lists every court's freezes so that an outside check can compare them with each provider's books
(PRODUCT.md invariant 6); ``reconcile`` settles open requests first, so that only real disagreements remain.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response
from sqlalchemy import select

from court_node.api.admin import require_admin
from court_node.api.http import node_context, reply
from court_node.domain.money import fen_to_yuan
from court_node.services.invariants import check_node
from court_node.services.reconcile import reconcile
from court_node.store.outbox_repo import OPEN_STATES
from court_node.store.tables import freezes, provider_requests

bp = Blueprint("admin_checks", __name__, url_prefix="/_admin")


@bp.get("/invariants")
@require_admin
def invariants() -> Response:
    violations = check_node(node_context())
    return reply({"ok": not violations,
                  "violations": [{"rule": v.rule, "case_id": v.case_id, "message": v.message} for v in violations]})


@bp.get("/freezes")
@require_admin
def all_freezes() -> Response:
    ctx = node_context()
    with ctx.store.read() as conn:
        busy = {row.freeze_id for row in conn.execute(
            select(provider_requests.c.freeze_id).where(provider_requests.c.state.in_(OPEN_STATES),
                                                        provider_requests.c.freeze_id.is_not(None)))}
        rows = conn.execute(select(freezes).order_by(freezes.c.id)).all()
    return reply({"freezes": [_row(row, row.id in busy) for row in rows]})


def _row(row: Any, busy: bool) -> dict[str, Any]:
    return {"id": row.id, "case_id": row.case_id, "court_code": row.court_code, "provider": row.provider,
            "account_no": row.account_no, "mode": row.mode, "status": row.status,
            "amount": None if row.amount is None else fen_to_yuan(row.amount), "held": fen_to_yuan(row.held),
            "unmet": fen_to_yuan(row.unmet), "deducted": fen_to_yuan(row.deducted),
            "queue_position": row.queue_position, "provider_ref": row.provider_ref, "request_no": row.request_no,
            "busy": busy or row.status == "pending"}


@bp.post("/reconcile")
@require_admin
def run_reconcile() -> Response:
    report = reconcile(node_context())
    return reply({"checked": report.checked, "resolved": report.resolved, "resent": report.resent,
                  "still_open": report.still_open, "freezes_synced": report.freezes_synced,
                  "releases": report.releases})
