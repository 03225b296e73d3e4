"""The debtor's side of the wallet: paying merchants, money coming in, and the balance."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response

from payment_mocks.ledger import AccountView, FreezeMode, FreezeStatus, LedgerTx, Movement
from payment_mocks.terms import beijing_date
from payment_mocks.wechat.auth import current_mchid
from payment_mocks.wechat.envelope import answer_once, read_body, read_once
from payment_mocks.wechat.lookup import path_openid
from payment_mocks.wechat.schemas import PaymentSchema, TransferInSchema
from payment_mocks.wechat.views import balance_view, money, rfc3339

bp = Blueprint("wechat_wallet", __name__)

FIELDS = {"account_no": "/openid", "amount": "/amount/total", "category": "/merchant_category"}


def transaction_id(movement: Movement) -> str:
    """28 digits like a real transaction_id: 4200, the Beijing date, a serial."""
    return f"4200{beijing_date(movement.at):%Y%m%d}{movement.id:016d}"


def _amount_frozen(account: AccountView) -> int:
    return sum(f.held for f in account.freezes if f.status is FreezeStatus.ACTIVE and f.mode is FreezeMode.AMOUNT)


@bp.post("/v3/wallet/payments")
def pay() -> Response:
    data = read_body(PaymentSchema())
    return answer_once("payment", "out_trade_no", data, FIELDS, lambda tx: (200, _pay(tx, data)))


def _pay(tx: LedgerTx, data: dict[str, Any]) -> dict[str, Any]:
    total = data["amount"]["total"]
    movement = tx.pay(data["openid"], total, merchant=current_mchid(), category=data["merchant_category"],
                      reference=data["out_trade_no"])
    return {
        "transaction_id": transaction_id(movement),
        "out_trade_no": data["out_trade_no"],
        "mchid": current_mchid(),
        "openid": data["openid"],
        "trade_state": "SUCCESS",
        "trade_state_desc": "支付成功",
        "description": data["description"],
        "merchant_category": data["merchant_category"],
        "amount": {"total": total, "payer_total": total, "currency": "CNY", "payer_currency": "CNY"},
        "success_time": rfc3339(movement.at),
    }


@bp.post("/v3/wallet/transfers-in")
def transfer_in() -> Response:
    data = read_body(TransferInSchema())
    return answer_once("transfer_in", "out_bill_no", data, FIELDS, lambda tx: (200, _credit(tx, data)))


def _credit(tx: LedgerTx, data: dict[str, Any]) -> dict[str, Any]:
    frozen_before = _amount_frozen(tx.account_view(data["openid"]))
    movement = tx.credit(data["openid"], data["amount"]["total"], counterparty=current_mchid(),
                         memo=data.get("remark", ""), reference=data["out_bill_no"])
    after = tx.account_view(data["openid"])
    return {
        "out_bill_no": data["out_bill_no"],
        "transfer_bill_no": f"WXT{movement.id:016d}",
        "openid": data["openid"],
        "state": "SUCCESS",
        "amount": money(movement.amount),
        # Unmet freezes that capture later credits (current profile) take their share at once.
        "captured_by_freezes": money(_amount_frozen(after) - frozen_before),
        "balance": money(after.balance),
        "available": money(after.available),
        "create_time": rfc3339(movement.at),
    }


@bp.get("/v3/wallet/balances/<openid>")
def balance(openid: str) -> Response:
    path_openid(openid)
    return read_once(lambda tx: balance_view(tx.account_view(openid)), {})
