"""A provider killed with SIGKILL in the middle of a burst of requests loses nothing it acknowledged.

The WeChat-like mock runs as a real gunicorn process (2 workers x 8 threads). Eight client threads send
payments and transfers in, each with its own out_*_no; the process group is SIGKILLed mid-burst and
restarted on the same data folder. Every request is then sent again with the same number: an
acknowledged one must replay its first answer, and in the end each took effect exactly once.
"""

from __future__ import annotations

import queue
import secrets
import threading
from collections.abc import Callable
from typing import Any

import pytest
import requests

from payment_mocks.signing import generate_rsa_key, private_pem, public_pem
from payment_mocks.testing import MockProvider
from payment_mocks.wechat.client import WechatClient, WechatError

pytestmark = pytest.mark.slow

WALLETS = [f"oCrashTestWallet{n:012d}" for n in range(4)]
START_FEN = 5_000_000
MCHID = "1900000109"


def _client(mock: MockProvider, key_pem: str, serial: str, platform: tuple[str, str]) -> WechatClient:
    return WechatClient(mock.url, MCHID, serial, key_pem, platform[0], platform[1], timeout=5.0, now=mock.now,
                        session=requests.Session())


def _send(client: WechatClient, op: tuple[str, str, str, int]) -> dict[str, Any]:
    kind, number, wallet, fen = op
    if kind == "pay":
        return client.pay(out_trade_no=number, openid=wallet, amount_fen=fen, description="早餐",
                          merchant_category="food")
    return client.transfer_in(out_bill_no=number, openid=wallet, amount_fen=fen, remark="工资")


def test_sigkill_mid_burst_loses_nothing_acknowledged_and_applies_nothing_twice(
    freezesim_mock: Callable[..., MockProvider],
) -> None:
    mock = freezesim_mock("wechat", workers=2, threads=8)
    mock.seed({"subjects": [{"name": "李明", "id_type": "resident_id", "id_number": "11010519491231002X",
                             "accounts": [{"account_no": w, "balance": "50000.00"} for w in WALLETS]}]})
    key, serial = generate_rsa_key(), secrets.token_hex(20).upper()
    mock.admin("POST", "/callers", {"kind": "wechat_mch", "caller_id": MCHID, "public_key_pem": public_pem(key),
                                    "serial": serial})
    platform = mock.platform_key()
    key_pem = private_pem(key)

    ops = [("pay" if i % 3 else "in", f"CRASH{i:06d}", WALLETS[i % len(WALLETS)], 100 + (i * 37) % 900)
           for i in range(400)]
    todo: queue.Queue[tuple[str, str, str, int]] = queue.Queue()
    for op in ops:
        todo.put(op)
    acked: dict[str, dict[str, Any]] = {}
    lock = threading.Lock()

    def worker() -> None:
        client = _client(mock, key_pem, serial, platform)
        while True:
            try:
                op = todo.get_nowait()
            except queue.Empty:
                return
            try:
                answer = _send(client, op)
            except (requests.RequestException, WechatError):
                continue  # unknown outcome: resolved below by sending it again
            with lock:
                acked[op[1]] = answer

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    while len(acked) < 60:
        threading.Event().wait(0.005)
    mock.kill()  # SIGKILL the arbiter and both workers, mid-request
    for t in threads:
        t.join(timeout=60)
    acknowledged_before_crash = dict(acked)
    assert 60 <= len(acknowledged_before_crash) < len(ops), "the crash must land in the middle of the burst"

    mock.start()
    client = _client(mock, key_pem, serial, platform)
    for op in ops:
        answer = _send(client, op)
        if op[1] in acknowledged_before_crash:
            assert answer == acknowledged_before_crash[op[1]], f"{op[1]} was acknowledged, then answered differently"

    expected = dict.fromkeys(WALLETS, START_FEN)
    for kind, _, wallet, fen in ops:
        expected[wallet] += -fen if kind == "pay" else fen
    for wallet in WALLETS:
        view = mock.admin("GET", f"/accounts/{wallet}")
        assert view["balance_fen"] == expected[wallet], wallet
        moves = mock.admin("GET", f"/accounts/{wallet}/movements")["movements"]
        assert len([m for m in moves if m["kind"] in ("payment", "credit")]) == sum(1 for op in ops if op[2] == wallet)
    assert mock.invariants() == []
