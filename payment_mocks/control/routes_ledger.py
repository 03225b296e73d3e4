"""Read-only control routes over the books: subjects, accounts, movements, freezes, payouts, restrictions.

Each read runs in a ledger transaction, so expiries that fell due are settled before anything is shown.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response

from payment_mocks.control.auth import require_admin
from payment_mocks.control.routes_common import AdminInputError, query_instant, query_int, query_text, reply
from payment_mocks.control.views import (
    account_json,
    freeze_json,
    movement_json,
    payout_json,
    restriction_json,
    subject_json,
)
from payment_mocks.ledger import FreezeStatus, Subject
from payment_mocks.runtime import current_provider

bp = Blueprint("books", __name__)


@bp.get("/subjects")
@require_admin
def subjects() -> Response:
    with current_provider().ledger.transaction() as tx:
        held: dict[int, list[str]] = {}
        for r in tx.conn.execute("SELECT subject_id, account_no FROM accounts ORDER BY account_no").fetchall():
            held.setdefault(int(r["subject_id"]), []).append(r["account_no"])
        rows = tx.conn.execute("SELECT * FROM subjects ORDER BY id").fetchall()
        found = [{**subject_json(Subject.from_row(r)), "account_nos": held.get(int(r["id"]), [])} for r in rows]
    return reply({"subjects": found})


@bp.get("/accounts")
@require_admin
def accounts() -> Response:
    id_number = query_text("id_number", 40)
    with current_provider().ledger.transaction() as tx:
        if id_number is not None:
            views = tx.accounts_of(tx.subject_by_number(id_number))
        else:
            rows = tx.conn.execute("SELECT account_no FROM accounts ORDER BY account_no").fetchall()
            views = [tx.account_view(r["account_no"]) for r in rows]
        found = [account_json(v) for v in views]
    return reply({"accounts": found})


@bp.get("/accounts/<account_no>")
@require_admin
def account(account_no: str) -> Response:
    with current_provider().ledger.transaction() as tx:
        view = account_json(tx.account_view(account_no))
    return reply(view)


@bp.get("/accounts/<account_no>/movements")
@require_admin
def movements(account_no: str) -> Response:
    since, until = query_instant("since"), query_instant("until")
    with current_provider().ledger.transaction() as tx:
        found = [movement_json(m) for m in tx.movements(account_no, since, until)]
    return reply({"account_no": account_no, "movements": found})


@bp.get("/freezes")
@require_admin
def freezes() -> Response:
    sql, args = "SELECT id FROM freezes WHERE 1 = 1", []
    for name in ("account_no", "authority_code"):
        value = query_text(name, 64)
        if value is not None:
            sql += f" AND {name} = ?"
            args.append(value)
    status = query_text("status", 16)
    if status is not None:
        if status not in {s.value for s in FreezeStatus}:
            raise AdminInputError(f"status must be one of {', '.join(s.value for s in FreezeStatus)}", "status")
        sql += " AND status = ?"
        args.append(status)
    limit = query_int("limit", 1000, lo=1, hi=10_000)
    with current_provider().ledger.transaction() as tx:
        rows = tx.conn.execute(sql + " ORDER BY id LIMIT ?", [*args, limit]).fetchall()
        found = [freeze_json(tx.freeze(int(r["id"]))) for r in rows]
    return reply({"freezes": found})


@bp.get("/payouts")
@require_admin
def payouts() -> Response:
    authority_code = query_text("authority_code", 64)
    with current_provider().ledger.transaction() as tx:
        found = [payout_json(p) for p in tx.payouts(authority_code)]
    return reply({"payouts": found})


@bp.get("/restrictions")
@require_admin
def restrictions() -> Response:
    id_number = query_text("id_number", 40)
    with current_provider().ledger.transaction() as tx:
        if id_number is not None:
            found = tx.restrictions_of(tx.subject_by_number(id_number), include_lifted=True)
        else:
            ids = [int(r["id"]) for r in tx.conn.execute("SELECT id FROM restrictions ORDER BY id").fetchall()]
            found = [tx.restriction(i) for i in ids]
        rendered: list[dict[str, Any]] = [restriction_json(r) for r in found]
    return reply({"restrictions": rendered})
