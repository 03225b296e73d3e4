"""Request bodies the bank accepts: everything validated up front, problems named by JSON pointer."""

from __future__ import annotations

from typing import Any

import pytest

from payment_mocks.bank.dialect import BankRefusal
from payment_mocks.bank.schemas import ControlSchema, DebitSchema, QuerySchema, first_error, load
from payment_mocks.bank.testing import control_body, freeze_item, query_body


def refusal(schema: Any, body: dict[str, Any]) -> BankRefusal:
    with pytest.raises(BankRefusal) as caught:
        load(schema, body)
    return caught.value


def test_a_control_request_loads_money_as_fen_and_keeps_dates_as_text() -> None:
    data = load(ControlSchema(), control_body("C1", [freeze_item("1234.56")]))
    item = data["items"][0]
    assert (item["amount"], item["start_date"], item["end_date"]) == (123456, "2026-03-01", "2027-03-01")


def test_id_numbers_are_normalised_to_upper_case() -> None:
    body = query_body("Q1", subject={"name": "李明", "id_type": "resident_id", "id_number": "11010519491231002x"})
    assert load(QuerySchema(), body)["subject"]["id_number"] == "11010519491231002X"


def test_transactions_window_loads_as_since_and_until() -> None:
    data = load(QuerySchema(), query_body("Q1", transactions={"from": "2026-01-01", "to": "2026-02-01"}))
    assert data["transactions"] == {"since": "2026-01-01", "until": "2026-02-01"}


@pytest.mark.parametrize("amount", ["-1", "0", "1.234", "100000000.01", "1e3", "", " 1.00"])
def test_bad_amount_strings_are_refused_at_the_item(amount: str) -> None:
    exc = refusal(ControlSchema(), control_body("C1", [freeze_item(amount)]))
    assert (exc.status, exc.code, exc.field) == (400, "FIELD_INVALID", "/items/0/amount")


def test_an_amount_as_a_json_number_is_refused() -> None:
    item: dict[str, Any] = {**freeze_item(), "amount": 12.5}
    assert refusal(ControlSchema(), control_body("C1", [item])).field == "/items/0/amount"


def test_the_largest_amount_is_accepted() -> None:
    data = load(ControlSchema(), control_body("C1", [freeze_item("100000000.00")]))
    assert data["items"][0]["amount"] == 10_000_000_000


def test_an_id_number_with_a_wrong_check_character_is_refused() -> None:
    body = query_body("Q1", subject={"name": "李明", "id_type": "resident_id", "id_number": "110105194912310021"})
    exc = refusal(QuerySchema(), body)
    assert exc.field == "/subject/id_number" and "check character" in exc.message


def test_an_unknown_field_is_refused_where_it_appears() -> None:
    assert refusal(QuerySchema(), {**query_body("Q1"), "colour": "red"}).field == "/colour"
    body = query_body("Q1", court={"code": "京0101", "name": "东城", "extra": "1"})
    assert refusal(QuerySchema(), body).field == "/court/extra"


def test_a_term_over_365_days_is_refused_at_the_end_date() -> None:
    exc = refusal(ControlSchema(), control_body("C1", [freeze_item(start="2026-03-01", end="2027-03-02")]))
    assert exc.field == "/items/0/end_date" and "365" in exc.message


@pytest.mark.parametrize("end", ["2026-02-30", "2026/03/01", "20260301", "tomorrow"])
def test_bad_dates_are_refused(end: str) -> None:
    assert refusal(ControlSchema(), control_body("C1", [freeze_item(end=end)])).field == "/items/0/end_date"


def test_an_unknown_operation_code_is_refused() -> None:
    item = {**freeze_item(), "operation": "03"}
    assert refusal(ControlSchema(), control_body("C1", [item])).field == "/items/0/operation"


def test_a_renewal_needs_the_original_request_number() -> None:
    item = {"seq": 1, "operation": "02", "account_no": "A1", "end_date": "2027-06-01"}
    assert refusal(ControlSchema(), control_body("C1", [item])).field == "/items/0/original_request_no"


def test_a_deduction_needs_the_enforcement_account() -> None:
    item = {"seq": 1, "operation": "06", "account_no": "A1", "amount": "1.00", "original_request_no": "C0"}
    assert refusal(ControlSchema(), control_body("C1", [item])).field == "/items/0/enforcement_account"


def test_a_field_another_operation_uses_is_refused() -> None:
    item = {"seq": 1, "operation": "04", "account_no": "A1", "original_request_no": "C0", "amount": "1.00"}
    assert refusal(ControlSchema(), control_body("C1", [item])).field == "/items/0/amount"


def test_a_whole_account_freeze_takes_no_amount() -> None:
    item = {**freeze_item(None), "amount": "1.00"}
    assert refusal(ControlSchema(), control_body("C1", [item])).field == "/items/0/amount"


def test_a_repeated_seq_is_refused_at_the_second_item() -> None:
    body = control_body("C1", [freeze_item(seq=1), freeze_item(seq=1, account_no="A2")])
    assert refusal(ControlSchema(), body).field == "/items/1/seq"


def test_a_currency_other_than_156_is_refused() -> None:
    item = {**freeze_item(), "currency": "840"}
    assert refusal(ControlSchema(), control_body("C1", [item])).field == "/items/0/currency"


def test_a_control_request_needs_at_least_one_item() -> None:
    assert refusal(ControlSchema(), control_body("C1", [])).field == "/items"


@pytest.mark.parametrize("url", ["http://example.com/cb", "ftp://127.0.0.1/cb", "http://10.0.0.1/cb",
                                 "http://user@127.0.0.1/cb", "http://127.0.0.1:99999/cb"])
def test_a_callback_url_off_loopback_is_refused(url: str) -> None:
    assert refusal(QuerySchema(), query_body("Q1", callback_url=url)).field == "/callback_url"


def test_a_loopback_callback_url_is_accepted() -> None:
    data = load(QuerySchema(), query_body("Q1", callback_url="http://localhost:8700/feedback"))
    assert data["callback_url"] == "http://localhost:8700/feedback"


@pytest.mark.parametrize("request_no", ["", "a b", "x" * 65, "-leading", "中文"])
def test_request_numbers_are_short_plain_identifiers(request_no: str) -> None:
    assert refusal(QuerySchema(), query_body(request_no)).field == "/request_no"


def test_a_debit_needs_a_known_merchant_category() -> None:
    body = {"request_no": "P1", "amount": "1.00", "merchant": "shop", "category": "casino"}
    assert refusal(DebitSchema(), body).field == "/category"


def test_first_error_walks_nested_messages_to_a_pointer() -> None:
    assert first_error({"items": {2: {"amount": ["bad"]}}}) == ("/items/2/amount", "bad")
    assert first_error({"_schema": ["whole body"]}) == ("", "whole body")
