"""Pages over the books: subjects and their accounts, one account's freezes and records, freezes, restrictions.

Each page reads inside one ledger transaction, as the control API does, so expiries that fell due are settled
before anything is shown, and renders the control API's own views of the values.
"""

from __future__ import annotations

from typing import Any

from flask import Response, request

from payment_mocks.backoffice.blueprint import bp, page
from payment_mocks.control.routes_ledger import all_restrictions, all_subjects, matching_freezes
from payment_mocks.control.views import (
    account_json,
    freeze_json,
    movement_json,
    payout_json,
    restriction_json,
    subject_json,
)
from payment_mocks.ledger import FreezeStatus
from payment_mocks.runtime import current_provider

#: newest transaction records shown on an account page
MOVEMENTS_SHOWN = 500
FREEZES_SHOWN = 1000
MAX_AUTHORITY_LEN = 64


@bp.get("/")
def subjects() -> Response:
    """Every subject with its accounts: the back office's front page."""
    with current_provider().ledger.transaction() as tx:
        found = [{**subject_json(s), "accounts": [account_json(a) for a in tx.accounts_of(s)]}
                 for s, _ in all_subjects(tx)]
    return page("subjects.html", title="Subjects and accounts", subjects=found)


@bp.get("/accounts/<account_no>")
def account(account_no: str) -> Response:
    """One account: its freezes in force and waiting in arrival order, ended freezes, payouts, records."""
    with current_provider().ledger.transaction() as tx:
        view = account_json(tx.account_view(account_no))
        every = tx.freezes_on(account_no, include_ended=True)
        ended = [freeze_json(f) for f in every if f.status.ended]
        records = tx.movements(account_no)
        movements = [movement_json(m) for m in reversed(records[-MOVEMENTS_SHOWN:])]
        ids = {f.id for f in every}
        payouts = [payout_json(p) for p in tx.payouts() if p.freeze_id in ids]
    return page("account.html", title=f"Account {account_no}", account=view, ended=ended, movements=movements,
                movements_total=len(records), payouts=payouts)


@bp.get("/freezes")
def freezes() -> Response:
    """Every freeze, narrowed by status and authority code."""
    status_text = request.args.get("status", "").strip()
    authority = request.args.get("authority", "").strip()
    errors: dict[str, str] = {}
    statuses = [s.value for s in FreezeStatus]
    if status_text and status_text not in statuses:
        errors["status"] = "Choose a status from the list."
    if len(authority) > MAX_AUTHORITY_LEN:
        errors["authority"] = f"An authority code is at most {MAX_AUTHORITY_LEN} characters."
    found: list[dict[str, Any]] = []
    if not errors:
        with current_provider().ledger.transaction() as tx:
            found = [freeze_json(f) for f in matching_freezes(
                tx, authority_code=authority or None, status=FreezeStatus(status_text) if status_text else None,
                limit=FREEZES_SHOWN)]
    return page("freezes.html", 400 if errors else 200, title="Freezes", freezes=found, statuses=statuses,
                status=status_text, authority=authority, errors=errors, limit=FREEZES_SHOWN)


@bp.get("/restrictions")
def restrictions() -> Response:
    """Every consumption restriction order with the subject it names."""
    with current_provider().ledger.transaction() as tx:
        by_id = {s.id: subject_json(s) for s, _ in all_subjects(tx)}
        found = [{**restriction_json(r), "subject": by_id.get(r.subject_id)} for r in all_restrictions(tx)]
    return page("restrictions.html", title="Restrictions", restrictions=found)
