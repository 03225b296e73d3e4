"""Filing a case: the happy path, and every kind of bad input refused with a 400 that names the field."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from court_node.context import NodeContext
from court_node.store.tables import audit_events, cases
from tests.unit.court.node_requests import CLERK, DEBTOR, JUDGE, JsonClient, auth, filing


def stored_cases(node: NodeContext) -> int:
    with node.store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(cases)).scalar_one())


def test_filing_answers_201_with_the_case(client: JsonClient) -> None:
    answer = client.post("/api/v1/cases", json=filing(), headers=auth(JUDGE))
    assert answer.status_code == 201
    case = answer.json
    assert answer.headers["Location"] == f"/api/v1/cases/{case['id']}"
    assert case["case_number"] == "（2026）京0101执123号"
    assert case["court"] == {"code": "京0101", "name": "北京市东城区人民法院"}
    assert case["debtor"] == DEBTOR
    assert (case["principal"], case["costs"], case["amount_due"]) == ("50000.00", "750.00", "50750.00")
    assert (case["status"], case["frozen"], case["collected"]) == ("filed", "0.00", "0.00")
    assert case["filed_by"]["name"] == "张法官"
    assert case["interest_from"] == "2025-12-02"
    assert case["notice_served_at"] is None and case["deductions_allowed_from"] is None


def test_the_filed_case_reads_back_the_same(client: JsonClient) -> None:
    filed = client.post("/api/v1/cases", json=filing(), headers=auth(CLERK)).json
    assert client.get(f"/api/v1/cases/{filed['id']}", headers=auth(JUDGE)).json == filed


def test_ascii_brackets_are_stored_normalised(client: JsonClient) -> None:
    answer = client.post("/api/v1/cases", json=filing(case_number="(2026)京0101执9号"), headers=auth(JUDGE))
    assert answer.json["case_number"] == "（2026）京0101执9号"


def test_a_lowercase_id_check_character_is_normalised(client: JsonClient) -> None:
    body = filing(debtor={**DEBTOR, "id_number": "11010519491231002x"})
    assert client.post("/api/v1/cases", json=body, headers=auth(JUDGE)).json["debtor"]["id_number"][-1] == "X"


def test_the_same_case_number_twice_is_a_conflict(client: JsonClient, node: NodeContext) -> None:
    client.post("/api/v1/cases", json=filing(), headers=auth(JUDGE))
    again = client.post("/api/v1/cases", json=filing(case_number="(2026)京0101执123号"), headers=auth(CLERK))
    assert again.status_code == 409 and again.json["error"]["code"] == "CASE_NUMBER_TAKEN"
    assert stored_cases(node) == 1


def test_filing_is_recorded_in_the_audit_trail(client: JsonClient, node: NodeContext) -> None:
    client.post("/api/v1/cases", json=filing(), headers=auth(JUDGE))
    with node.store.read() as conn:
        row = conn.execute(select(audit_events)).one()
    assert (row.action, row.user_name, row.court_code, row.document_no) == (
        "case.filed", "张法官", "京0101", "（2026）京0101执123号")


def _without(field: str) -> dict[str, Any]:
    body = filing()
    del body[field]
    return body


BAD_FILINGS = [
    ("unknown field", {**filing(), "priority": "high"}, "priority"),
    ("bad case number", filing(case_number="2026京0101执123"), "case_number"),
    ("case number of another type", filing(case_number="（2026）京0101民123号"), "case_number"),
    ("creditor check character", filing(creditor={"name": "某公司", "id_type": "uscc",
                                                   "id_number": "91110000600037341M"}), "creditor.id_number"),
    ("debtor check character", filing(debtor={**DEBTOR, "id_number": "110105194912310021"}), "debtor.id_number"),
    ("unknown ID type", filing(debtor={**DEBTOR, "id_type": "passport"}), "debtor.id_type"),
    ("blank debtor name", filing(debtor={**DEBTOR, "name": "   "}), "debtor.name"),
    ("debtor unknown field", filing(debtor={**DEBTOR, "phone": "13800000000"}), "debtor.phone"),
    ("negative principal", filing(principal="-1"), "principal"),
    ("three decimals", filing(principal="1.234"), "principal"),
    ("money as a number", filing(principal=12.5), "principal"),
    ("zero principal", filing(principal="0.00"), "principal"),
    ("negative costs", filing(costs="-0.01"), "costs"),
    ("delay interest as a string", filing(delay_interest="yes"), "delay_interest"),
    ("bad judgment date", filing(judgment_date="2025-13-01"), "judgment_date"),
    ("judgment in the future", filing(judgment_date="2999-01-01"), "judgment_date"),
    ("interest before the judgment", filing(interest_from="2025-11-01"), "interest_from"),
    ("missing case number", _without("case_number"), "case_number"),
    ("missing debtor", _without("debtor"), "debtor"),
    ("missing principal", _without("principal"), "principal"),
    ("missing costs", _without("costs"), "costs"),
    ("missing judgment date", _without("judgment_date"), "judgment_date"),
]


@pytest.mark.parametrize(("what", "body", "field"), BAD_FILINGS, ids=[b[0] for b in BAD_FILINGS])
def test_bad_filings_are_400_naming_the_field(client: JsonClient, node: NodeContext, what: str,
                                              body: dict[str, Any], field: str) -> None:
    answer = client.post("/api/v1/cases", json=body, headers=auth(JUDGE))
    assert answer.status_code == 400, answer.json
    error = answer.json["error"]
    assert error["code"] == "INVALID_FIELD"
    assert field in error["details"]["fields"]
    assert stored_cases(node) == 0


@pytest.mark.parametrize("raw", [b"{", b"[]", b'"text"', b"\xff\xfe", b'{"principal": NaN}', b"[" * 100_000])
def test_malformed_json_is_400(client: JsonClient, node: NodeContext, raw: bytes) -> None:
    answer = client.post("/api/v1/cases", data=raw, content_type="application/json", headers=auth(JUDGE))
    assert answer.status_code == 400 and answer.json["error"]["code"] == "MALFORMED_JSON"
    assert stored_cases(node) == 0


def test_a_body_that_is_not_json_is_415(client: JsonClient) -> None:
    answer = client.post("/api/v1/cases", data=json.dumps(filing()), content_type="text/plain",
                         headers=auth(JUDGE))
    assert answer.status_code == 415 and answer.json["error"]["code"] == "UNSUPPORTED_MEDIA_TYPE"


def test_a_body_too_large_is_413(client: JsonClient) -> None:
    body = filing(debtor={**DEBTOR, "name": "李" * 2_000_000})
    answer = client.post("/api/v1/cases", json=body, headers=auth(JUDGE))
    assert answer.status_code == 413 and answer.json["error"]["code"] == "BODY_TOO_LARGE"


def test_the_same_person_as_creditor_and_debtor_is_refused(client: JsonClient) -> None:
    answer = client.post("/api/v1/cases", json=filing(creditor=dict(DEBTOR)), headers=auth(JUDGE))
    assert answer.status_code == 422 and answer.json["error"]["code"] == "PARTIES_IDENTICAL"


def test_unknown_paths_and_methods_answer_in_the_error_shape(client: JsonClient) -> None:
    missing = client.get("/api/v1/nothing", headers=auth(JUDGE))
    assert missing.status_code == 404 and missing.json["error"]["code"] == "NOT_FOUND"
    wrong = client.delete("/api/v1/cases", headers=auth(JUDGE))
    assert wrong.status_code == 405 and wrong.json["error"]["code"] == "METHOD_NOT_ALLOWED"
    assert "POST" in wrong.headers["Allow"]


@pytest.mark.parametrize("case_id", ["0", "99", "99999999999999999999999", "-1", "abc"])
def test_a_case_id_that_names_nothing_is_404(client: JsonClient, case_id: str) -> None:
    answer = client.get(f"/api/v1/cases/{case_id}", headers=auth(JUDGE))
    assert answer.status_code == 404 and "error" in answer.json
