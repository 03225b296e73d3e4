"""Request validation: money in integer fen, request numbers, identities, dates, unknown fields."""

from __future__ import annotations

from typing import Any

import pytest
from marshmallow import ValidationError

from payment_mocks.wechat.schemas import DeductionSchema, FreezeSchema, PaymentSchema

FREEZE: dict[str, Any] = {
    "out_freeze_no": "FRZ-000001", "court": {"code": "京0101", "name": "北京市东城区人民法院"}, "judge": "王法官",
    "case_no": "（2026）京0101执123号", "document_no": "（2026）京0101执123号之一",
    "subject": {"name": "李明", "id_type": "IDCARD", "id_number": "11010519491231002x"},
    "openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "mode": "AMOUNT", "amount": {"total": 100}, "end_date": "2027-01-31",
}
PAYMENT: dict[str, Any] = {"out_trade_no": "PAY-000001", "openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
                           "amount": {"total": 100, "currency": "CNY"}, "description": "x",
                           "merchant_category": "grocery"}


def _errors(schema: Any, data: dict[str, Any]) -> Any:
    with pytest.raises(ValidationError) as caught:
        schema.load(data)
    return caught.value.messages


def test_valid_freeze_loads_with_currency_default_and_normalised_id() -> None:
    loaded = FreezeSchema().load(FREEZE)
    assert loaded["amount"] == {"total": 100, "currency": "CNY"}
    assert loaded["subject"]["id_number"] == "11010519491231002X"
    assert loaded["end_date"].isoformat() == "2027-01-31"


@pytest.mark.parametrize("total", [-1, 0, 12.5, 100.0, "100", True, None, 10_000_000_001, [1]])
def test_amount_total_must_be_positive_integer_fen(total: Any) -> None:
    assert "total" in _errors(PaymentSchema(), PAYMENT | {"amount": {"total": total, "currency": "CNY"}})["amount"]


def test_amount_at_the_maximum_is_accepted() -> None:
    assert PaymentSchema().load(PAYMENT | {"amount": {"total": 10_000_000_000}})["amount"]["total"] == 10_000_000_000


def test_currency_other_than_cny_is_refused() -> None:
    assert "currency" in _errors(PaymentSchema(), PAYMENT | {"amount": {"total": 1, "currency": "USD"}})["amount"]


@pytest.mark.parametrize("out_no", ["SHORT", "x" * 33, "PAY 00001", "PAY-00001!", "支付-000001", ""])
def test_out_no_must_be_6_to_32_allowed_characters(out_no: str) -> None:
    assert "out_trade_no" in _errors(PaymentSchema(), PAYMENT | {"out_trade_no": out_no})


@pytest.mark.parametrize("out_no", ["ABC123", "a_b-c|d*e1", "9" * 32])
def test_out_no_accepts_the_v3_alphabet(out_no: str) -> None:
    assert PaymentSchema().load(PAYMENT | {"out_trade_no": out_no})["out_trade_no"] == out_no


def test_bad_id_check_character_points_at_id_number() -> None:
    subject = FREEZE["subject"] | {"id_number": "110105194912310021"}
    assert "id_number" in _errors(FreezeSchema(), FREEZE | {"subject": subject})["subject"]


def test_unknown_id_type_is_refused() -> None:
    subject = FREEZE["subject"] | {"id_type": "resident_id"}
    assert "id_type" in _errors(FreezeSchema(), FREEZE | {"subject": subject})["subject"]


@pytest.mark.parametrize("end_date", ["2027-02-30", "2027/01/31", "2027-1-31", 20270131, ""])
def test_bad_dates_are_refused(end_date: Any) -> None:
    assert "end_date" in _errors(FreezeSchema(), FREEZE | {"end_date": end_date})


def test_amount_freeze_needs_amount() -> None:
    data = {k: v for k, v in FREEZE.items() if k != "amount"}
    assert "amount" in _errors(FreezeSchema(), data)


def test_account_freeze_takes_no_amount() -> None:
    assert "amount" in _errors(FreezeSchema(), FREEZE | {"mode": "ACCOUNT"})


def test_unknown_field_is_refused() -> None:
    assert _errors(PaymentSchema(), PAYMENT | {"coupon": "x"}) == {"coupon": ["Unknown field."]}


def test_unknown_nested_field_is_refused() -> None:
    assert "tip" in _errors(PaymentSchema(), PAYMENT | {"amount": {"total": 1, "tip": 2}})["amount"]


def test_unknown_merchant_category_is_refused() -> None:
    assert "merchant_category" in _errors(PaymentSchema(), PAYMENT | {"merchant_category": "casino"})


def test_deduction_needs_enforcement_account() -> None:
    data = {"out_deduction_no": "DED-000001", "court_code": "京0101", "out_freeze_no": "FRZ-000001",
            "amount": {"total": 1}, "document_no": "d"}
    assert "enforcement_account" in _errors(DeductionSchema(), data)
