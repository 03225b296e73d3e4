"""biz_content validation: typed orders out, Alipay's 40001 / 40002 with the field's name for bad input."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from payment_mocks.alipay.errors import GatewayError
from payment_mocks.alipay.schemas import (
    FundFreeze,
    FundFreezeSchema,
    RestrictionCreateSchema,
    TransferSchema,
    load,
    parse_biz_content,
)
from payment_mocks.identity import IdType
from payment_mocks.ledger.model import FreezeMode

COURT = {"out_request_no": "R1", "court_code": "京0101", "court_name": "北京市东城区人民法院", "judge_name": "王法官",
         "case_no": "（2026）京0101执1号", "document_no": "（2026）京0101执1号之一"}
SUBJECT = {"name": "张三", "cert_type": "IDENTITY_CARD", "cert_no": "11010519491231002x"}


def freeze(**changes: Any) -> dict[str, Any]:
    return {**COURT, "subject": SUBJECT, "user_id": "2088000000000001", "freeze_type": "AMOUNT",
            "freeze_amount": "12.5", "freeze_end_date": "2026-12-31", **changes}


def refusal(schema: Any, data: dict[str, Any]) -> GatewayError:
    with pytest.raises(GatewayError) as caught:
        load(schema, data)
    return caught.value


def test_freeze_loads_into_a_typed_order() -> None:
    order = load(FundFreezeSchema, freeze())
    assert isinstance(order, FundFreeze)
    assert (order.mode, order.amount, order.end_date) == (FreezeMode.AMOUNT, 1250, date(2026, 12, 31))
    assert (order.subject.id_type, order.subject.cert_no) == (IdType.RESIDENT_ID, "11010519491231002X")
    assert order.court.case_no == "（2026）京0101执1号"


def test_missing_field_is_40001_named_with_hyphens() -> None:
    data = freeze()
    del data["user_id"]
    error = refusal(FundFreezeSchema, data)
    assert (error.code, error.sub_code) == ("40001", "isv.missing-user-id")


def test_missing_wins_over_invalid() -> None:
    data = freeze(freeze_amount="x")
    del data["court_name"]
    assert refusal(FundFreezeSchema, data).sub_code == "isv.missing-court-name"


def test_invalid_field_is_40002_naming_the_path() -> None:
    error = refusal(FundFreezeSchema, freeze(subject={**SUBJECT, "cert_no": "11010519491231002Y"}))
    assert (error.code, error.sub_code) == ("40002", "isv.invalid-parameter")
    assert error.sub_msg.startswith("subject.cert_no:")


def test_unknown_field_is_refused() -> None:
    assert refusal(FundFreezeSchema, freeze(extra="1")).sub_msg == "extra: unknown field"


def test_json_number_amount_is_refused() -> None:
    data = parse_biz_content('{"freeze_amount": 12.50}')
    assert refusal(FundFreezeSchema, freeze(freeze_amount=data["freeze_amount"])).sub_msg.startswith("freeze_amount:")


def test_nested_list_items_are_named_by_index() -> None:
    data = {**COURT, "subject": SUBJECT, "categories": ["golf", "grocery"]}
    assert refusal(RestrictionCreateSchema, data).sub_msg.startswith("categories[1]:")


def test_empty_category_list_is_refused() -> None:
    assert refusal(RestrictionCreateSchema, {**COURT, "subject": SUBJECT, "categories": []}).code == "40002"


def test_transfer_with_optional_fields_left_out() -> None:
    order = load(TransferSchema, {"out_biz_no": "B1", "trans_amount": "1.00",
                                  "payee_info": {"identity": "2088000000000001", "identity_type": "ALIPAY_USER_ID"}})
    assert (order.amount, order.payee_name, order.order_title) == (100, None, "")


@pytest.mark.parametrize("raw", [None, ""])
def test_absent_biz_content_is_missing(raw: str | None) -> None:
    with pytest.raises(GatewayError) as caught:
        parse_biz_content(raw)
    assert caught.value.sub_code == "isv.missing-biz-content"


@pytest.mark.parametrize("raw", ["{", "[]", '"text"', "NaN-ish"])
def test_biz_content_must_be_a_json_object(raw: str) -> None:
    with pytest.raises(GatewayError) as caught:
        parse_biz_content(raw)
    assert caught.value.sub_msg.startswith("biz_content:")
