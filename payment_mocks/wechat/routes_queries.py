"""POST /v3/judicial/account-queries: a debtor's wallets, balances, measures and transaction records."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from flask import Blueprint, Response

from payment_mocks.clock import BEIJING, to_us
from payment_mocks.ledger import AccountView, LedgerTx
from payment_mocks.ledger.errors import SubjectNotFound
from payment_mocks.wechat.envelope import answer_once, read_body
from payment_mocks.wechat.schemas import ID_TYPES, AccountQuerySchema
from payment_mocks.wechat.views import account_view, restriction_view

bp = Blueprint("wechat_queries", __name__)

SUBJECT_FIELDS = {"id_number": "/subject/id_number", "name": "/subject/name", "id_type": "/subject/id_type"}


def beijing_midnight(day: date) -> int:
    return to_us(datetime.combine(day, time(0), tzinfo=BEIJING))


@bp.post("/v3/judicial/account-queries")
def account_query() -> Response:
    data = read_body(AccountQuerySchema())
    return answer_once("query", "out_query_no", data, SUBJECT_FIELDS, lambda tx: (200, _answer(tx, data)))


def _answer(tx: LedgerTx, data: dict[str, Any]) -> dict[str, Any]:
    who = data["subject"]
    try:
        tx.subject_by_number(who["id_number"])
    except SubjectNotFound:
        # Not a customer of this wallet: an empty answer, not a refusal, so a court can query everyone.
        return {"out_query_no": data["out_query_no"], "accounts": [], "restrictions": []}
    subject = tx.check_identity(who["name"], ID_TYPES[who["id_type"]], who["id_number"])
    window = data.get("transactions")
    accounts = []
    for account in tx.accounts_of(subject):
        accounts.append(account_view(account, _records(tx, account, window)))
    return {
        "out_query_no": data["out_query_no"],
        "accounts": accounts,
        "restrictions": [restriction_view(r) for r in tx.restrictions_of(subject)],
    }


def _records(tx: LedgerTx, account: AccountView, window: dict[str, date] | None) -> list[Any] | None:
    """Transaction records for the Beijing dates the court named, both ends included."""
    if window is None:
        return None
    since = beijing_midnight(window["start_date"])
    until = beijing_midnight(window["end_date"] + timedelta(days=1))
    return list(tx.movements(account.account_no, since, until))
