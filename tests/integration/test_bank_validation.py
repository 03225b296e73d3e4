"""Bad input over HTTP: a 4xx in the bank's shape, and nothing accepted, stored or moved."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from payment_mocks.bank.testing import (
    ACCOUNT_NO,
    DEBTOR,
    BankHarness,
    control_body,
    error_code,
    freeze_item,
    query_body,
)


@pytest.fixture
def bank(tmp_path: Path) -> Iterator[BankHarness]:
    harness = BankHarness.create(tmp_path / "bank", max_body_bytes=64_000)
    harness.seed_debtor(balance_fen=1_000_000)
    yield harness
    harness.close()


def nothing_stored(bank: BankHarness) -> bool:
    with bank.provider.ledger.transaction() as tx:
        requests = tx.conn.execute("SELECT COUNT(*) FROM bank_requests").fetchone()[0]
        replies = tx.conn.execute("SELECT COUNT(*) FROM replies").fetchone()[0]
        freezes = tx.freezes_on(ACCOUNT_NO)
    return requests == 0 and replies == 0 and freezes == [] and bank.account().balance == 1_000_000


def with_item(**changes: Any) -> dict[str, Any]:
    return control_body("C1", [{**freeze_item(), **changes}])


BAD_CONTROLS = [
    (with_item(amount="-1"), "/items/0/amount"),
    (with_item(amount="0"), "/items/0/amount"),
    (with_item(amount="1.234"), "/items/0/amount"),
    (with_item(amount=12.5), "/items/0/amount"),
    (with_item(amount="100000000.01"), "/items/0/amount"),
    (with_item(end_date="2026-13-01"), "/items/0/end_date"),
    (with_item(start_date="2026-03-01", end_date="2027-03-05"), "/items/0/end_date"),
    (with_item(operation="05"), "/items/0/operation"),
    (with_item(color="red"), "/items/0/color"),
    (control_body("C1", [freeze_item()], subject={**DEBTOR, "id_number": "110105194912310021"}),
     "/subject/id_number"),
    (control_body("C1", [freeze_item()], subject={**DEBTOR, "id_type": "passport"}), "/subject/id_type"),
    ({**control_body("C1", [freeze_item()]), "priority": "high"}, "/priority"),
    ({key: value for key, value in control_body("C1", [freeze_item()]).items() if key != "judge"}, "/judge"),
    (control_body("C1", [freeze_item()], callback_url="http://198.51.100.7/cb"), "/callback_url"),
]


@pytest.mark.parametrize(("body", "field"), BAD_CONTROLS)
def test_a_bad_control_request_is_refused_whole_and_changes_nothing(
    bank: BankHarness, body: dict[str, Any], field: str
) -> None:
    response = bank.submit("controls", body)
    assert (response.status_code, error_code(response), response.get_json()["error"]["field"]) == (
        400, "FIELD_INVALID", field)
    assert response.get_json()["error"]["message"]
    assert nothing_stored(bank)


def test_a_bad_query_is_refused_with_the_field(bank: BankHarness) -> None:
    response = bank.submit("queries", query_body("Q1", transactions={"from": "2026-02-01", "to": "2026-01-01"}))
    assert (response.status_code, response.get_json()["error"]["field"]) == (400, "/transactions/to")
    assert nothing_stored(bank)


@pytest.mark.parametrize("raw", [b"{", b"[1, 2]", b'{"a": NaN}', b"\xff\xfe", b"[" * 5000 + b"]" * 5000])
def test_a_body_that_is_not_a_json_object_is_malformed(bank: BankHarness, raw: bytes) -> None:
    response = bank.call("POST", "/judicial/v1/controls", raw=raw)
    assert (response.status_code, error_code(response)) == (400, "MALFORMED_JSON")
    assert nothing_stored(bank)


def test_an_empty_json_body_is_malformed(bank: BankHarness) -> None:
    response = bank.call("POST", "/judicial/v1/controls", raw=b"", extra_headers={"Content-Type": "application/json"})
    assert (response.status_code, error_code(response)) == (400, "MALFORMED_JSON")


def test_another_content_type_is_415(bank: BankHarness) -> None:
    raw = json.dumps(query_body("Q1")).encode()
    response = bank.call("POST", "/judicial/v1/queries", raw=raw, content_type="text/plain")
    assert (response.status_code, error_code(response)) == (415, "UNSUPPORTED_MEDIA_TYPE")


def test_an_oversized_body_is_413_in_the_bank_shape(bank: BankHarness) -> None:
    body = control_body("C1", [freeze_item()], judge="x" * 70_000)
    response = bank.submit("controls", body)
    assert (response.status_code, error_code(response)) == (413, "BODY_TOO_LARGE")
    assert nothing_stored(bank)


def test_an_unknown_path_is_404_in_the_bank_shape(bank: BankHarness) -> None:
    response = bank.call("GET", "/judicial/v1/nothing-here")
    assert (response.status_code, error_code(response)) == (404, "NOT_FOUND")


def test_a_wrong_method_is_405_in_the_bank_shape(bank: BankHarness) -> None:
    response = bank.call("DELETE", "/judicial/v1/queries")
    assert (response.status_code, error_code(response)) == (405, "METHOD_NOT_ALLOWED")


def test_too_many_items_are_refused(bank: BankHarness) -> None:
    items = [freeze_item(seq=i, account_no=f"A{i}") for i in range(1, 102)]
    response = bank.submit("controls", control_body("C1", items))
    assert response.get_json()["error"]["field"] == "/items"


def test_a_bad_retail_amount_is_refused_and_moves_nothing(bank: BankHarness) -> None:
    response = bank.call("POST", f"/retail/v1/accounts/{ACCOUNT_NO}/debits",
                         {"request_no": "P1", "amount": 10, "merchant": "shop", "category": "grocery"})
    assert (response.status_code, response.get_json()["error"]["field"]) == (400, "/amount")
    assert nothing_stored(bank)


def test_the_openapi_document_lists_the_bank_routes(bank: BankHarness) -> None:
    response = bank.client.get("/openapi.json")
    document = json.loads(response.get_data())
    assert response.status_code == 200 and document["openapi"].startswith("3.0")
    for path in ("/judicial/v1/queries", "/judicial/v1/controls", "/judicial/v1/requests/{request_no}/feedback",
                 "/judicial/v1/restrictions", "/retail/v1/accounts/{account_no}/debits", "/_admin/bank/processing"):
        assert path in document["paths"]


def test_the_openapi_document_includes_the_control_api(bank: BankHarness) -> None:
    document = bank.client.get("/openapi.json").get_json()
    assert "/health" in document["paths"] and "/_admin/clock" in document["paths"]


def test_every_reference_in_the_openapi_document_resolves(bank: BankHarness) -> None:
    document = bank.client.get("/openapi.json").get_json()
    text = json.dumps(document)
    refs = {part.split('"')[0] for part in text.split('"$ref": "')[1:]}
    for ref in refs:
        node: Any = document
        for key in ref.lstrip("#/").split("/"):
            node = node[key]
        assert node


def test_a_request_number_with_a_trailing_newline_is_refused(bank: BankHarness) -> None:
    response = bank.submit("queries", query_body("Q1\n"))
    assert (response.status_code, response.get_json()["error"]["field"]) == (400, "/request_no")
