"""Bad input gets the right code in Alipay's shape, HTTP 200, and changes nothing; both request forms work."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from payment_mocks.signing import public_pem
from tests.integration.alipay_support import DEBTOR, PLATFORM_KEY, Gateway, court, freeze_biz, read

QUERY = "alipay.judicial.account.query"
FREEZE = "alipay.judicial.fund.freeze"


@pytest.fixture
def gw(tmp_path: Path) -> Iterator[Gateway]:
    gateway = Gateway(tmp_path, max_body_bytes=4096)
    yield gateway
    gateway.close()


def refused(gw: Gateway, method: str, biz: dict[str, Any] | str) -> dict[str, Any]:
    """The node of a refused call, after checking it changed nothing."""
    before = gw.snapshot()
    reply = gw.call(method, biz)
    assert reply.status == 200
    assert gw.snapshot() == before
    return reply.node


# ---- the two request forms --------------------------------------------------------------------------------
def test_post_form_with_biz_content_in_the_body(gw: Gateway) -> None:
    reply = gw.call(QUERY, court("Q1", subject=DEBTOR.subject()), via="POST")
    assert reply.node["code"] == "10000"


def test_get_with_everything_in_the_query_string(gw: Gateway) -> None:
    reply = gw.call(QUERY, court("Q1", subject=DEBTOR.subject()), via="GET")
    assert reply.node["code"] == "10000"


def test_post_with_everything_in_the_form_body(gw: Gateway) -> None:
    params = gw.params(QUERY, court("Q1", subject=DEBTOR.subject()))
    reply = read(*_status_body(gw.client.post("/gateway.do", data=params)))
    assert reply.node["code"] == "10000"


def test_parameter_given_twice_with_different_values_is_refused(gw: Gateway) -> None:
    params = gw.params(QUERY, court("Q1", subject=DEBTOR.subject()))
    query = {k: v for k, v in params.items() if k != "biz_content"}
    response = gw.client.post("/gateway.do", query_string=query,
                              data={"biz_content": params["biz_content"], "app_id": "2021000000000009"})
    node = read(*_status_body(response)).node
    assert (node["code"], node["sub_code"]) == ("40002", "isv.invalid-parameter")
    assert "app_id" in node["sub_msg"]


def test_parameter_given_twice_with_the_same_value_is_fine(gw: Gateway) -> None:
    params = gw.params(QUERY, court("Q1", subject=DEBTOR.subject()))
    response = gw.client.post("/gateway.do", query_string=params, data={"biz_content": params["biz_content"]})
    assert read(*_status_body(response)).node["code"] == "10000"


def test_json_body_is_not_the_gateway_protocol(gw: Gateway) -> None:
    params = gw.params(QUERY, court("Q1", subject=DEBTOR.subject()))
    query = {k: v for k, v in params.items() if k != "biz_content"}
    response = gw.client.post("/gateway.do", query_string=query, data=params["biz_content"],
                              content_type="application/json")
    node = read(*_status_body(response)).node
    assert (node["code"], node["sub_code"]) == ("40002", "isv.invalid-parameter")


# ---- the envelope and the methods ---------------------------------------------------------------------------
def test_unknown_method_is_answered_as_error_response(gw: Gateway) -> None:
    reply = gw.call("alipay.judicial.fund.melt", {})
    assert reply.key == "error_response"
    assert (reply.node["code"], reply.node["sub_code"]) == ("40002", "isv.invalid-method")
    assert reply.signed_by(public_pem(PLATFORM_KEY))


def test_missing_method_is_answered_as_error_response(gw: Gateway) -> None:
    params = gw.params(QUERY, {})
    del params["method"]
    reply = gw.send(params)
    assert (reply.key, reply.node["code"], reply.node["sub_code"]) == ("error_response", "40001",
                                                                       "isv.missing-method")


def test_malformed_biz_content_json(gw: Gateway) -> None:
    node = refused(gw, FREEZE, '{"out_request_no": "F1",')
    assert (node["code"], node["sub_code"]) == ("40002", "isv.invalid-parameter")
    assert node["sub_msg"].startswith("biz_content")


def test_biz_content_that_is_not_an_object(gw: Gateway) -> None:
    assert refused(gw, FREEZE, "[1, 2]")["sub_code"] == "isv.invalid-parameter"


def test_unknown_field_is_refused_by_name(gw: Gateway) -> None:
    node = refused(gw, FREEZE, freeze_biz(gw, "F1", capture_credits="yes"))
    assert (node["code"], node["sub_code"]) == ("40002", "isv.invalid-parameter")
    assert node["sub_msg"].startswith("capture_credits:")


def test_unknown_nested_field_is_refused_by_path(gw: Gateway) -> None:
    node = refused(gw, QUERY, court("Q1", subject={**DEBTOR.subject(), "phone": "13800000000"}))
    assert node["sub_msg"].startswith("subject.phone:")


def test_missing_field_is_named(gw: Gateway) -> None:
    biz = freeze_biz(gw, "F1")
    del biz["document_no"]
    node = refused(gw, FREEZE, biz)
    assert (node["code"], node["sub_code"]) == ("40001", "isv.missing-document-no")


def test_missing_nested_field_is_named(gw: Gateway) -> None:
    subject = DEBTOR.subject()
    del subject["cert_no"]
    node = refused(gw, QUERY, court("Q1", subject=subject))
    assert (node["code"], node["sub_code"]) == ("40001", "isv.missing-subject-cert-no")


def test_amount_freeze_without_an_amount_is_missing_it(gw: Gateway) -> None:
    biz = freeze_biz(gw, "F1")
    del biz["freeze_amount"]
    assert refused(gw, FREEZE, biz)["sub_code"] == "isv.missing-freeze-amount"


def test_account_freeze_with_an_amount_is_refused(gw: Gateway) -> None:
    node = refused(gw, FREEZE, freeze_biz(gw, "F1", None, freeze_amount="1.00"))
    assert node["sub_msg"].startswith("freeze_amount:")


@pytest.mark.parametrize("cert_no", ["110105194912310021", "11010519491231002", "91110000600037341L"])
def test_bad_resident_id_is_refused(gw: Gateway, cert_no: str) -> None:
    node = refused(gw, QUERY, court("Q1", subject={**DEBTOR.subject(), "cert_no": cert_no}))
    assert (node["code"], node["sub_code"]) == ("40002", "isv.invalid-parameter")
    assert node["sub_msg"].startswith("subject.cert_no:")


def test_bad_credit_code_check_character_is_refused(gw: Gateway) -> None:
    subject = {"name": "某公司", "cert_type": "UNIFIED_SOCIAL_CREDIT_CODE", "cert_no": "91110000600037341A"}
    assert refused(gw, QUERY, court("Q1", subject=subject))["sub_msg"].startswith("subject.cert_no:")


def test_unknown_cert_type_is_refused(gw: Gateway) -> None:
    node = refused(gw, QUERY, court("Q1", subject={**DEBTOR.subject(), "cert_type": "PASSPORT"}))
    assert node["sub_msg"].startswith("subject.cert_type:")


@pytest.mark.parametrize("amount", ["-1", "0", "0.00", "0.001", 12.5, 12, "100000000.01", "1e3", "", " 1.00", None])
def test_bad_amount_is_refused_and_changes_nothing(gw: Gateway, amount: object) -> None:
    node = refused(gw, FREEZE, freeze_biz(gw, "F1", freeze_amount=amount))
    assert (node["code"], node["sub_code"]) == ("40002", "isv.invalid-parameter")
    assert node["sub_msg"].startswith("freeze_amount:")


@pytest.mark.parametrize(("amount", "held"), [("12.5", "12.50"), ("0.01", "0.01"), ("100000000.00", "1000.00")])
def test_amount_bounds_are_accepted(gw: Gateway, amount: str, held: str) -> None:
    assert gw.ok(FREEZE, freeze_biz(gw, "F1", amount))["frozen_amount"] == held


@pytest.mark.parametrize("end", ["2026-13-01", "2026-02-30", "2026/12/01", "20261201", "2026-W01-1", 20261201])
def test_bad_end_date_is_refused(gw: Gateway, end: object) -> None:
    node = refused(gw, FREEZE, freeze_biz(gw, "F1", freeze_end_date=end))
    assert node["sub_msg"].startswith("freeze_end_date:")


def test_term_longer_than_a_year_is_refused(gw: Gateway) -> None:
    node = gw.node(FREEZE, freeze_biz(gw, "F1", days=366))
    assert (node["code"], node["sub_code"]) == ("40004", "JUDICIAL.TERM_INVALID")
    assert gw.view().available == 100_000


def test_term_of_exactly_a_year_is_accepted(gw: Gateway) -> None:
    assert gw.ok(FREEZE, freeze_biz(gw, "F1", days=365))["end_date"] == gw.days_ahead(365)


def test_end_date_in_the_past_is_refused(gw: Gateway) -> None:
    assert gw.node(FREEZE, freeze_biz(gw, "F1", days=0))["sub_code"] == "JUDICIAL.TERM_INVALID"


def test_query_dates_in_the_wrong_order_are_refused(gw: Gateway) -> None:
    node = refused(gw, QUERY, court("Q1", subject=DEBTOR.subject(), trans_start_date="2026-02-01",
                                    trans_end_date="2026-01-01"))
    assert node["sub_msg"].startswith("trans_end_date:")


@pytest.mark.parametrize("user_id", ["2088", "20880000000000011", "1088000000000001", 2088000000000001])
def test_bad_user_id_is_refused(gw: Gateway, user_id: object) -> None:
    assert refused(gw, FREEZE, freeze_biz(gw, "F1", user_id=user_id))["sub_msg"].startswith("user_id:")


@pytest.mark.parametrize("case_no", ["123", "2026京0101执123号", ""])
def test_bad_case_number_is_refused(gw: Gateway, case_no: str) -> None:
    assert refused(gw, FREEZE, freeze_biz(gw, "F1", case_no=case_no))["sub_msg"].startswith("case_no:")


def test_ascii_brackets_in_a_case_number_are_fine(gw: Gateway) -> None:
    assert gw.ok(FREEZE, freeze_biz(gw, "F1", case_no="(2026)京0101执恢7号"))["status"] == "FROZEN"


@pytest.mark.parametrize("request_no", ["has space", "x" * 65, "编号1", ""])
def test_bad_request_number_is_refused(gw: Gateway, request_no: str) -> None:
    assert refused(gw, FREEZE, freeze_biz(gw, request_no))["sub_msg"].startswith("out_request_no:")


def test_unknown_merchant_category_is_refused(gw: Gateway) -> None:
    node = refused(gw, "alipay.trade.pay", {"out_trade_no": "T1", "buyer_id": DEBTOR.user_id,
                                            "total_amount": "1.00", "subject": "x", "merchant_category": "casino"})
    assert node["sub_msg"].startswith("merchant_category:")


def test_restriction_with_an_unrestricted_category_is_refused(gw: Gateway) -> None:
    node = refused(gw, "alipay.judicial.restriction.create",
                   court("X1", subject=DEBTOR.subject(), categories=["grocery"]))
    assert node["sub_msg"].startswith("categories[0]:")


def test_null_field_is_refused(gw: Gateway) -> None:
    assert refused(gw, FREEZE, freeze_biz(gw, "F1", court_name=None))["sub_msg"].startswith("court_name:")


# ---- what the runtime answers -------------------------------------------------------------------------------
def test_oversized_body_gets_an_alipay_answer(gw: Gateway) -> None:
    before = gw.snapshot()
    biz = court("Q1", subject=DEBTOR.subject(), judge_name="王" * 5000)
    reply = gw.call(QUERY, json.dumps(biz, ensure_ascii=False))
    assert reply.status == 200
    assert (reply.node["code"], reply.node["sub_code"]) == ("40002", "isv.invalid-parameter")
    assert reply.key == "alipay_judicial_account_query_response"
    assert reply.signed_by(public_pem(PLATFORM_KEY))
    assert gw.snapshot() == before


def test_unknown_path_is_a_404_in_alipay_shape(gw: Gateway) -> None:
    response = gw.client.get("/gateway.json")
    reply = read(*_status_body(response))
    assert reply.status == 404
    assert reply.node["code"] == "40002"


def test_wrong_http_method_on_the_gateway_is_answered_with_200(gw: Gateway) -> None:
    reply = read(*_status_body(gw.client.put("/gateway.do")))
    assert (reply.status, reply.key, reply.node["code"]) == (200, "error_response", "40002")


def test_fault_response_is_service_unavailable(gw: Gateway) -> None:
    params = gw.params(QUERY, court("Q1", subject=DEBTOR.subject()))
    with gw.app.test_request_context("/gateway.do", query_string=params):
        response = gw.provider.dialect.fault_response()
    reply = read(response.status_code, response.get_data())
    assert (reply.status, reply.key) == (200, "alipay_judicial_account_query_response")
    assert (reply.node["code"], reply.node["sub_code"]) == ("20000", "isp.unknow-error")
    assert reply.signed_by(public_pem(PLATFORM_KEY))


def test_openapi_document_lists_every_method(gw: Gateway) -> None:
    response = gw.client.get("/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.get_data())
    assert document["openapi"].startswith("3.0")
    post = document["paths"]["/gateway.do"]["post"]
    assert "alipay.judicial.fund.deduct" in post["description"]
    freeze_schema = document["components"]["schemas"]["biz.alipay.judicial.fund.freeze"]
    assert {"out_request_no", "subject", "freeze_end_date"} <= set(freeze_schema["required"])
    assert freeze_schema["properties"]["freeze_type"]["enum"] == ["ACCOUNT", "AMOUNT"]


def test_deeply_nested_biz_content_is_refused(gw: Gateway) -> None:
    before = gw.snapshot()
    reply = gw.call(QUERY, '{"a":' + "[" * 100_000 + "]" * 100_000 + "}", via="GET")
    assert (reply.status, reply.node["code"], reply.node["sub_msg"]) == (200, "40002", "biz_content: nested too deeply")
    assert gw.snapshot() == before


def test_lone_surrogate_escape_is_refused(gw: Gateway) -> None:
    node = refused(gw, FREEZE, json.dumps(freeze_biz(gw, "F1", court_name="\ud800法院")))
    assert (node["code"], node["sub_code"]) == ("40002", "isv.invalid-parameter")


def test_openapi_document_includes_the_control_api(gw: Gateway) -> None:
    document = json.loads(gw.client.get("/openapi.json").get_data())
    assert any(path.startswith("/_admin/") for path in document["paths"])


def _status_body(response: Any) -> tuple[int, bytes]:
    return response.status_code, response.get_data()


@pytest.mark.parametrize(("field", "value"), [
    ("out_request_no", "F1\n"), ("case_no", "（2026）京0101执123号\n"), ("case_no", "（2026）京０１０１执123号"),
    ("user_id", "2088000000000001\n"), ("user_id", "2088٠00000000001"), ("freeze_end_date", "２０２７-01-01"),
])
def test_a_trailing_newline_or_a_foreign_digit_is_an_invalid_parameter(gw: Gateway, field: str, value: str) -> None:
    node = refused(gw, FREEZE, freeze_biz(gw, "F1", **{field: value}))
    assert (node["code"], node["sub_code"]) == ("40002", "isv.invalid-parameter")
