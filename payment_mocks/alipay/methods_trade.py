"""The debtor's side: paying a merchant from the balance (``alipay.trade.pay``) and money coming in
(``alipay.fund.trans.uni.transfer``). Payments are what freezes and restriction orders refuse."""

from __future__ import annotations

from typing import Any

from payment_mocks.alipay.errors import Channel, success
from payment_mocks.alipay.registry import Call, MethodSpec
from payment_mocks.alipay.schemas import TradePay, TradePaySchema, Transfer, TransferSchema
from payment_mocks.alipay.views import FUND_ORDER, TRADE, TRANSFER, alipay_no
from payment_mocks.ledger import LedgerTx
from payment_mocks.ledger.errors import IdentityNotMatch
from payment_mocks.money import format_yuan
from payment_mocks.terms import format_beijing


def trade_pay(tx: LedgerTx, call: Call, order: TradePay) -> dict[str, Any]:
    """The buyer pays the app's merchant; refused by freezes and by a restriction order on the category."""
    paid = tx.pay(order.buyer_id, order.amount, merchant=call.app_id, category=order.category,
                  reference=order.out_trade_no)
    amount = format_yuan(paid.amount)
    return success(
        trade_no=alipay_no(paid.at, TRADE, paid.id), out_trade_no=order.out_trade_no, buyer_user_id=order.buyer_id,
        total_amount=amount, receipt_amount=amount, gmt_payment=format_beijing(paid.at),
    )


def fund_transfer(tx: LedgerTx, call: Call, order: Transfer) -> dict[str, Any]:
    """Credit a user's balance (a salary, a refund): always allowed, whatever freezes the account carries."""
    holder = tx.account_view(order.payee_id).subject
    if order.payee_name is not None and order.payee_name != holder.name:
        raise IdentityNotMatch("payee_info.name does not match the holder of the account")
    credited = tx.credit(order.payee_id, order.amount, counterparty=call.app_id,
                         memo=order.order_title or order.remark, reference=order.out_biz_no)
    return success(
        out_biz_no=order.out_biz_no, order_id=alipay_no(credited.at, TRANSFER, credited.id),
        pay_fund_order_id=alipay_no(credited.at, FUND_ORDER, credited.id), status="SUCCESS",
        trans_date=format_beijing(credited.at),
    )


TRADE_METHODS: dict[str, MethodSpec] = {
    "alipay.trade.pay": MethodSpec(
        "alipay.trade.pay", "The buyer pays a merchant from the balance, in a merchant category",
        TradePaySchema, trade_pay, Channel.TRADE, "trade", lambda order: str(order.out_trade_no)),
    "alipay.fund.trans.uni.transfer": MethodSpec(
        "alipay.fund.trans.uni.transfer", "Transfer money into a user's balance",
        TransferSchema, fund_transfer, Channel.TRANSFER, "transfer", lambda order: str(order.out_biz_no)),
}
