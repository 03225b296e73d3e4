"""Every mutating bank call: the same request_no with another body is 409 REQUEST_NO_CONFLICT in the bank's error
shape and changes nothing; the same body is answered again (signed afresh) and moves nothing more. Control requests
are asynchronous: the books are compared once each request was processed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from payment_mocks.bank.testing import (
    ACCOUNT_NO,
    COURT,
    BankHarness,
    control_body,
    error_code,
    freeze_item,
    query_body,
)

Request = tuple[str, dict[str, Any], dict[str, Any]]
CONTROLS = "/judicial/v1/controls"


@dataclass(frozen=True)
class Call:
    name: str
    build: Callable[[BankHarness], Request]


def _on_freeze(operation: str, **fields: Any) -> Callable[[BankHarness], Request]:
    def build(bank: BankHarness) -> Request:
        bank.control("F0", [freeze_item("5000.00")])
        item = {"seq": 1, "operation": operation, "account_no": ACCOUNT_NO, "original_request_no": "F0"}
        other = {**item, **{k: v[1] for k, v in fields.items()}}
        if not fields:
            other["account_no"] = "6222000000000000001"
        return (CONTROLS, control_body("C1", [{**item, **{k: v[0] for k, v in fields.items()}}]),
                control_body("C1", [other]))
    return build


def _restriction(categories: list[str]) -> dict[str, Any]:
    return {"request_no": "L1", "court": COURT, "case_no": "（2026）京0101执123号",
            "document_no": "（2026）京0101执123号限消", "subject": query_body("x")["subject"], "categories": categories}


def _retail(kind: str, amount: str) -> dict[str, Any]:
    if kind == "debits":
        return {"request_no": "P1", "amount": amount, "merchant": "shop", "category": "grocery"}
    return {"request_no": "S1", "amount": amount, "counterparty": "北京某科技有限公司"}


CALLS = (
    Call("query", lambda bank: ("/judicial/v1/queries", query_body("Q1"),
                                query_body("Q1", transactions={"from": "2026-01-01", "to": "2026-01-31"}))),
    Call("01 freeze", lambda bank: (CONTROLS, control_body("C1", [freeze_item("5000.00")]),
                                    control_body("C1", [freeze_item("6000.00")]))),
    Call("02 renew", _on_freeze("02", end_date=("2027-01-01", "2027-02-01"))),
    Call("04 unfreeze", _on_freeze("04")),
    Call("06 deduct", _on_freeze("06", amount=("1000.00", "2000.00"), enforcement_account=("EA-1", "EA-1"))),
    Call("restriction", lambda bank: ("/judicial/v1/restrictions", _restriction(["air_travel"]),
                                      _restriction(["g_train"]))),
    Call("query batch", lambda bank: ("/judicial/v1/query-batches",
                                      {"batch_no": "B1", "requests": [query_body("Q1"), query_body("Q2")]},
                                      {"batch_no": "B1", "requests": [query_body("Q1")]})),
    Call("control batch", lambda bank: ("/judicial/v1/control-batches",
                                        {"batch_no": "B1", "requests": [control_body("C1", [freeze_item("50.00")])]},
                                        {"batch_no": "B1", "requests": [control_body("C1", [freeze_item("60.00")])]})),
    Call("retail debit", lambda bank: (f"/retail/v1/accounts/{ACCOUNT_NO}/debits", _retail("debits", "1.00"),
                                       _retail("debits", "2.00"))),
    Call("retail credit", lambda bank: (f"/retail/v1/accounts/{ACCOUNT_NO}/credits", _retail("credits", "1.00"),
                                        _retail("credits", "2.00"))),
)
IDS = [c.name for c in CALLS]


@pytest.fixture
def bank(tmp_path: Path) -> Iterator[BankHarness]:
    harness = BankHarness.create(tmp_path / "bank")
    harness.seed_debtor(balance_fen=1_000_000)
    yield harness
    harness.close()


def snapshot(bank: BankHarness) -> tuple[Any, ...]:
    """The account after every request due was processed, its movements, and the measures and stored answers."""
    bank.settle()
    with bank.provider.ledger.transaction() as tx:
        counts = [tx.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                  for t in ("freezes", "payouts", "restrictions", "replies")]
        freezes = [(f.freeze_no, f.status, f.held, f.deducted, f.expires_at) for f in tx.freezes_on(ACCOUNT_NO)]
        return tx.account_view(ACCOUNT_NO), len(tx.movements(ACCOUNT_NO)), freezes, counts


@pytest.mark.parametrize("call", CALLS, ids=IDS)
def test_a_replay_answers_the_same_and_moves_nothing_more(bank: BankHarness, call: Call) -> None:
    path, body, _ = call.build(bank)
    first = bank.call("POST", path, body)
    assert first.status_code in (201, 202), first.get_json()
    after_first = snapshot(bank)
    again = bank.call("POST", path, body)
    assert (again.status_code, again.get_data()) == (first.status_code, first.get_data())
    assert bank.verify(again, "POST", path)
    assert snapshot(bank) == after_first


@pytest.mark.parametrize("call", CALLS, ids=IDS)
def test_the_same_number_with_another_body_is_refused_and_changes_nothing(bank: BankHarness, call: Call) -> None:
    path, body, other = call.build(bank)
    assert bank.call("POST", path, body).status_code in (201, 202)
    before = snapshot(bank)
    refused = bank.call("POST", path, other)
    assert (refused.status_code, error_code(refused)) == (409, "REQUEST_NO_CONFLICT")
    assert snapshot(bank) == before


def test_lifting_a_restriction_twice_answers_the_same_and_lifts_once(bank: BankHarness) -> None:
    published = bank.call("POST", "/judicial/v1/restrictions", _restriction(["air_travel"]))
    restriction_id = published.get_json()["restriction_id"]
    path = f"/judicial/v1/restrictions/{restriction_id}/lift"
    first = bank.call("POST", path, {"court": COURT})
    after_first = snapshot(bank)
    again = bank.call("POST", path, {"court": COURT})
    assert (first.status_code, again.get_data()) == (200, first.get_data())
    assert snapshot(bank) == after_first
