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
    money,
    movement_json,
    payout_json,
    restriction_json,
    subject_json,
)
from payment_mocks.ledger import AccountView, Freeze, FreezeStatus, LedgerTx, Restriction, Subject
from payment_mocks.runtime import current_provider

bp = Blueprint("books", __name__)


def all_subjects(tx: LedgerTx) -> list[tuple[Subject, list[str]]]:
    """Every subject in the order registered, with its account numbers."""
    held: dict[int, list[str]] = {}
    for r in tx.conn.execute("SELECT subject_id, account_no FROM accounts ORDER BY account_no").fetchall():
        held.setdefault(int(r["subject_id"]), []).append(r["account_no"])
    rows = tx.conn.execute("SELECT * FROM subjects ORDER BY id").fetchall()
    return [(Subject.from_row(r), held.get(int(r["id"]), [])) for r in rows]


def all_accounts(tx: LedgerTx) -> list[AccountView]:
    """Every account by number, with its balance, available money and measures."""
    rows = tx.conn.execute("SELECT account_no FROM accounts ORDER BY account_no").fetchall()
    return [tx.account_view(r["account_no"]) for r in rows]


def matching_freezes(tx: LedgerTx, *, account_no: str | None = None, authority_code: str | None = None,
                     status: FreezeStatus | None = None, limit: int = 1000) -> list[Freeze]:
    """Freezes in arrival order, narrowed by account, authority and status."""
    sql, args = "SELECT id FROM freezes WHERE 1 = 1", []
    for name, value in (("account_no", account_no), ("authority_code", authority_code)):
        if value is not None:
            sql += f" AND {name} = ?"
            args.append(value)
    if status is not None:
        sql += " AND status = ?"
        args.append(status.value)
    rows = tx.conn.execute(sql + " ORDER BY id LIMIT ?", [*args, limit]).fetchall()
    return [tx.freeze(int(r["id"])) for r in rows]


def all_restrictions(tx: LedgerTx) -> list[Restriction]:
    """Every restriction order in the order issued, lifted ones included."""
    ids = [int(r["id"]) for r in tx.conn.execute("SELECT id FROM restrictions ORDER BY id").fetchall()]
    return [tx.restriction(i) for i in ids]


@bp.get("/subjects")
@require_admin
def subjects() -> Response:
    with current_provider().ledger.transaction() as tx:
        found = [{**subject_json(s), "account_nos": nos} for s, nos in all_subjects(tx)]
    return reply({"subjects": found})


@bp.get("/accounts")
@require_admin
def accounts() -> Response:
    id_number = query_text("id_number", 40)
    with current_provider().ledger.transaction() as tx:
        views = tx.accounts_of(tx.subject_by_number(id_number)) if id_number is not None else all_accounts(tx)
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
    account_no, authority_code = query_text("account_no", 64), query_text("authority_code", 64)
    status = query_text("status", 16)
    if status is not None and status not in {s.value for s in FreezeStatus}:
        raise AdminInputError(f"status must be one of {', '.join(s.value for s in FreezeStatus)}", "status")
    limit = query_int("limit", 1000, lo=1, hi=10_000) or 1000
    with current_provider().ledger.transaction() as tx:
        found = [freeze_json(f) for f in matching_freezes(
            tx, account_no=account_no, authority_code=authority_code,
            status=None if status is None else FreezeStatus(status), limit=limit)]
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
            found = all_restrictions(tx)
        rendered: list[dict[str, Any]] = [restriction_json(r) for r in found]
    return reply({"restrictions": rendered})


@bp.get("/totals")
@require_admin
def totals() -> Response:
    """The terms of invariant 1 read in one transaction, so that a sample taken under load is consistent."""
    with current_provider().ledger.transaction() as tx:
        q = tx.conn.execute
        rows = q("SELECT kind, SUM(amount) AS total FROM movements GROUP BY kind")
        kinds = {r["kind"]: int(r["total"]) for r in rows}
        balances = int(q("SELECT COALESCE(SUM(balance), 0) FROM accounts").fetchone()[0])
        payouts = int(q("SELECT COALESCE(SUM(amount), 0) FROM payouts").fetchone()[0])
    seeded, credited, paid = kinds.get("seed", 0), kinds.get("credit", 0), kinds.get("payment", 0)
    return reply({**money("balances", balances), **money("payouts", payouts), **money("debtor_payments", paid),
                  **money("seeded", seeded), **money("credited", credited),
                  **money("total", balances + payouts + paid)})
