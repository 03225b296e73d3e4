"""Control routes that play the debtor for testers: money coming in, and payments to merchants."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, request
from marshmallow import Schema, fields, validate

from payment_mocks.control.auth import require_admin
from payment_mocks.control.routes_common import AdminInputError, json_body, load, reply
from payment_mocks.control.seed import Yuan
from payment_mocks.control.views import account_json, movement_json
from payment_mocks.ledger import LedgerTx, fingerprint
from payment_mocks.runtime import current_provider

IDEMPOTENCY_HEADER = "Idempotency-Key"

bp = Blueprint("debtor", __name__)


class CreditSchema(Schema):
    amount = Yuan(required=True)
    counterparty = fields.String(load_default="", validate=validate.Length(max=100))
    memo = fields.String(load_default="", validate=validate.Length(max=200))
    reference = fields.String(load_default="", validate=validate.Length(max=64))


class PaySchema(Schema):
    amount = Yuan(required=True)
    merchant = fields.String(required=True, validate=validate.Length(1, 100))
    category = fields.String(required=True, validate=validate.Length(1, 64))
    reference = fields.String(load_default="", validate=validate.Length(max=64))


@bp.post("/accounts/<account_no>/credit")
@require_admin
def credit(account_no: str) -> Response:
    body: dict[str, Any] = load(CreditSchema(), json_body())

    def run(tx: LedgerTx) -> dict[str, Any]:
        movement = tx.credit(account_no, body["amount"], counterparty=body["counterparty"], memo=body["memo"],
                             reference=body["reference"])
        return {"movement": movement_json(movement), "account": account_json(tx.account_view(account_no))}

    return _once("credit", account_no, body, run)


@bp.post("/accounts/<account_no>/pay")
@require_admin
def pay(account_no: str) -> Response:
    body: dict[str, Any] = load(PaySchema(), json_body())

    def run(tx: LedgerTx) -> dict[str, Any]:
        movement = tx.pay(account_no, body["amount"], merchant=body["merchant"], category=body["category"],
                          reference=body["reference"])
        return {"movement": movement_json(movement), "account": account_json(tx.account_view(account_no))}

    return _once("pay", account_no, body, run)


def _once(kind: str, account_no: str, body: dict[str, Any], run: Callable[[LedgerTx], dict[str, Any]]) -> Response:
    """Run a money movement; under an Idempotency-Key a retry gets the first answer and moves nothing more."""
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is not None and not (1 <= len(key) <= 64 and key.isprintable()):
        raise AdminInputError(f"{IDEMPOTENCY_HEADER} must be 1 to 64 printable characters", IDEMPOTENCY_HEADER)
    scope, print_ = f"_admin/{kind}", fingerprint(kind, account_no, body)
    with current_provider().ledger.transaction() as tx:
        if key is not None:
            # the first answer is stored in the same transaction as the movement: a lost answer is never doubled
            stored = tx.stored_reply(scope, key, print_)
            if stored is not None:
                return Response(stored.body, status=stored.status, mimetype="application/json")
        response = reply(run(tx), 201)
        if key is not None:
            tx.save_reply(scope, key, print_, 201, response.get_data())
    return response
