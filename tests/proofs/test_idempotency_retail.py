"""The debtor's side of every provider (bank retail debits and credits, Alipay trade.pay and transfers, WeChat
wallet payments and transfers in) against the real mocks: the answer is dropped after the provider committed it,
the retry under the same number is answered as the first, and the balance moved exactly once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from payment_mocks.bank.client import BankError
from payment_mocks.testing import MockProvider, start_mock

pytestmark = pytest.mark.slow

ID_NUMBER = "11010519491231002X"
ACCOUNTS = {"bank": "6222020200112233445", "alipay": "2088000000000001", "wechat": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}


@dataclass(frozen=True)
class Call:
    provider: str
    name: str
    send: Callable[[Any, str], Any]
    delta: int


def _bank_debit(client: Any, account: str) -> Any:
    return client.debit(account, request_no="P1", amount="100.00", merchant="shop", category="grocery")


def _bank_credit(client: Any, account: str) -> Any:
    return client.credit(account, request_no="S1", amount="100.00", counterparty="北京某科技有限公司")


def _alipay_pay(client: Any, account: str) -> Any:
    return client.execute("alipay.trade.pay", {"out_trade_no": "T1", "buyer_id": account, "total_amount": "100.00",
                                               "subject": "一笔消费", "merchant_category": "food"})


def _alipay_transfer(client: Any, account: str) -> Any:
    return client.execute("alipay.fund.trans.uni.transfer", {
        "out_biz_no": "B1", "trans_amount": "100.00", "product_code": "TRANS_ACCOUNT_NO_PWD",
        "biz_scene": "DIRECT_TRANSFER", "order_title": "工资",
        "payee_info": {"identity": account, "identity_type": "ALIPAY_USER_ID"}})


def _wechat_pay(client: Any, account: str) -> Any:
    return client.pay(out_trade_no="PAY-000001", openid=account, amount_fen=10_000, description="一笔消费",
                      merchant_category="food")


def _wechat_transfer(client: Any, account: str) -> Any:
    return client.transfer_in(out_bill_no="BILL-000001", openid=account, amount_fen=10_000)


CALLS = (
    Call("bank", "retail debit", _bank_debit, -10_000),
    Call("bank", "retail credit", _bank_credit, 10_000),
    Call("alipay", "trade.pay", _alipay_pay, -10_000),
    Call("alipay", "fund.trans.uni.transfer", _alipay_transfer, 10_000),
    Call("wechat", "wallet payment", _wechat_pay, -10_000),
    Call("wechat", "wallet transfer in", _wechat_transfer, 10_000),
)


@pytest.fixture(scope="module")
def mocks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[MockProvider, Any]]]:
    started: dict[str, tuple[MockProvider, Any]] = {}
    try:
        for name in ACCOUNTS:
            mock = start_mock(name, tmp_path_factory.mktemp(f"retail-{name}"))
            client: Any = getattr(mock, f"{name}_client")()
            if name == "bank":
                client.retries = 0  # the lost answer must reach the test, not be retried away
            started[name] = (mock, client)
        yield started
    finally:
        for mock, _ in started.values():
            mock.stop()


def _balance(mock: MockProvider, account: str) -> int:
    return int(mock.admin("GET", f"/accounts/{account}")["balance_fen"])


@pytest.mark.parametrize("call", CALLS, ids=[f"{c.provider} {c.name}" for c in CALLS])
def test_a_retry_after_a_dropped_answer_moves_the_money_once(
        mocks: dict[str, tuple[MockProvider, Any]], call: Call) -> None:
    mock, client = mocks[call.provider]
    mock.reset()
    account = ACCOUNTS[call.provider]
    mock.seed({"subjects": [{"name": "李明", "id_type": "resident_id", "id_number": ID_NUMBER,
                             "accounts": [{"account_no": account, "balance": "1000.00"}]}]})
    mock.admin("PUT", "/faults", {"seed": 1, "error_rate": 1.0, "error_kind": "drop"})
    try:
        with pytest.raises((requests.ConnectionError, BankError)) as lost:
            call.send(client, account)
        assert not isinstance(lost.value, BankError) or lost.value.code == "CONNECTION_FAILED"
    finally:
        mock.admin("DELETE", "/faults")
    assert _balance(mock, account) == 100_000 + call.delta  # committed before the answer was dropped
    first = call.send(client, account)
    again = call.send(client, account)
    assert again == first
    assert _balance(mock, account) == 100_000 + call.delta
    assert mock.invariants() == []
