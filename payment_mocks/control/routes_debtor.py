"""Control routes that play the debtor for testers: money coming in, and payments to merchants."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response
from marshmallow import Schema, fields, validate

from payment_mocks.control.auth import require_admin
from payment_mocks.control.routes_common import json_body, load, reply
from payment_mocks.control.seed import Yuan
from payment_mocks.control.views import account_json, movement_json
from payment_mocks.runtime import current_provider

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
    with current_provider().ledger.transaction() as tx:
        movement = tx.credit(account_no, body["amount"], counterparty=body["counterparty"], memo=body["memo"],
                             reference=body["reference"])
        result = {"movement": movement_json(movement), "account": account_json(tx.account_view(account_no))}
    return reply(result, 201)


@bp.post("/accounts/<account_no>/pay")
@require_admin
def pay(account_no: str) -> Response:
    body: dict[str, Any] = load(PaySchema(), json_body())
    with current_provider().ledger.transaction() as tx:
        movement = tx.pay(account_no, body["amount"], merchant=body["merchant"], category=body["category"],
                          reference=body["reference"])
        result = {"movement": movement_json(movement), "account": account_json(tx.account_view(account_no))}
    return reply(result, 201)
