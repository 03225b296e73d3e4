"""``/retail/v1``: the debtor's side of the story — balances, payments out (with a merchant category), salary in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response

from payment_mocks.bank import feedback
from payment_mocks.bank.auth import authenticate, current_node
from payment_mocks.bank.dialect import error_body, from_ledger, json_bytes, json_response
from payment_mocks.bank.schemas import CreditSchema, DebitSchema, load
from payment_mocks.bank.wire import note_request_no, read_json, replay
from payment_mocks.ledger import AccountView, LedgerError, LedgerTx, Movement, fingerprint
from payment_mocks.runtime import current_provider

retail = Blueprint("bank_retail", __name__, url_prefix="/retail/v1")
retail.before_request(authenticate)


def balance_view(view: AccountView) -> dict[str, Any]:
    return {
        "account_no": view.account_no,
        "currency": feedback.CURRENCY,
        "balance": feedback.yuan(view.balance),
        "available_balance": feedback.yuan(view.available),
        "whole_account_frozen": view.whole_account_frozen,
    }


def movement_view(movement: Movement) -> dict[str, Any]:
    return {
        "id": movement.id,
        "time": feedback.instant(movement.at),
        "kind": movement.kind.value,
        "amount": feedback.yuan(movement.amount),
        "balance_after": feedback.yuan(movement.balance_after),
        "counterparty": movement.counterparty,
        "category": movement.category,
    }


@retail.get("/accounts/<account_no>")
def get_account(account_no: str) -> Response:
    with current_provider().ledger.transaction() as tx:
        view = tx.account_view(account_no)
    return json_response(200, balance_view(view))


@retail.post("/accounts/<account_no>/debits")
def debit(account_no: str) -> Response:
    """A payment to a merchant; refused (422) by freezes and restriction orders."""
    data = load(DebitSchema(), read_json())
    return _move("debit", account_no, data, lambda tx: tx.pay(
        account_no, data["amount"], merchant=data["merchant"], category=data["category"],
        reference=data["request_no"]))


@retail.post("/accounts/<account_no>/credits")
def credit(account_no: str) -> Response:
    """Money in; unmet bank freezes capture it first (超额冻结)."""
    data = load(CreditSchema(), read_json())
    return _move("credit", account_no, data, lambda tx: tx.credit(
        account_no, data["amount"], counterparty=data["counterparty"], reference=data["request_no"]))


def _move(kind: str, account_no: str, data: dict[str, Any], act: Callable[[LedgerTx], Movement]) -> Response:
    """Idempotent by request_no: the movement and its stored answer commit together; refusals are replayed too."""
    note_request_no(data["request_no"])
    provider = current_provider()
    scope, print_ = "bank-retail:" + current_node(), fingerprint(kind, account_no, data)
    with provider.ledger.transaction() as tx:
        stored = tx.stored_reply(scope, data["request_no"], print_)
        if stored is not None:
            return replay(stored)
        try:
            with tx.savepoint():
                movement = act(tx)
        except LedgerError as exc:
            if exc.kind != "refused":
                raise
            refusal = from_ledger(exc)
            status, body = refusal.status, json_bytes(error_body(refusal.code, refusal.message, refusal.field))
        else:
            answer = {"request_no": data["request_no"], "movement": movement_view(movement),
                      **balance_view(tx.account_view(account_no))}
            status, body = 201, json_bytes(answer)
        tx.save_reply(scope, data["request_no"], print_, status, body)
    return Response(body, status=status, mimetype="application/json")
