"""CourtClient: one Idempotency-Key per call kept across retries; errors raised as CourtApiError."""

from __future__ import annotations

import pytest
import requests
import responses

from court_node.client import CourtApiError, CourtClient, Party

BASE = "http://127.0.0.1:8000"
CASE = {"id": 7, "case_number": "（2026）京0101执123号"}
CREDITOR = Party("北京某小额贷款有限公司", "uscc", "91110000600037341L")
DEBTOR = Party("李明", "resident_id", "11010519491231002X")


def _client() -> CourtClient:
    return CourtClient(BASE, "demo-judge-0101", timeout=1, backoff_s=0)


def _file(client: CourtClient) -> object:
    return client.file_case("（2026）京0101执123号", CREDITOR, DEBTOR, "50000.00", "750.00",
                            judgment_date="2025-12-01")


@responses.activate
def test_a_5xx_is_retried_under_the_same_key() -> None:
    responses.post(f"{BASE}/api/v1/cases", status=503, json={"error": {"code": "X", "message": "", "details": {}}})
    responses.post(f"{BASE}/api/v1/cases", status=201, json=CASE)
    assert _file(_client()) == CASE
    keys = {call.request.headers["Idempotency-Key"] for call in responses.calls}
    assert len(responses.calls) == 2 and len(keys) == 1


@responses.activate
def test_a_connection_error_is_retried_under_the_same_key() -> None:
    responses.post(f"{BASE}/api/v1/cases", body=requests.ConnectionError("reset"))
    responses.post(f"{BASE}/api/v1/cases", status=201, json=CASE)
    assert _file(_client()) == CASE
    assert len({call.request.headers["Idempotency-Key"] for call in responses.calls}) == 1


@responses.activate
def test_each_call_has_its_own_key() -> None:
    responses.post(f"{BASE}/api/v1/cases", status=201, json=CASE)
    client = _client()
    _file(client)
    _file(client)
    assert len({call.request.headers["Idempotency-Key"] for call in responses.calls}) == 2


@responses.activate
def test_a_4xx_raises_at_once_with_the_error() -> None:
    error = {"code": "INVALID_FIELD", "message": "principal: bad", "details": {"fields": {"principal": ["bad"]}}}
    responses.post(f"{BASE}/api/v1/cases", status=400, json={"error": error})
    with pytest.raises(CourtApiError) as caught:
        _file(_client())
    assert (caught.value.status, caught.value.code, caught.value.details) == (400, "INVALID_FIELD", error["details"])
    assert len(responses.calls) == 1


@responses.activate
def test_retries_end() -> None:
    responses.get(f"{BASE}/api/v1/cases/7", status=502, body="bad gateway")
    with pytest.raises(CourtApiError) as caught:
        _client().case(7)
    assert caught.value.status == 502 and len(responses.calls) == 4
    assert "Idempotency-Key" not in responses.calls[0].request.headers


def test_no_server_is_a_connection_failure() -> None:
    client = CourtClient("http://127.0.0.1:9", "t", timeout=0.5, retries=1, backoff_s=0)
    with pytest.raises(CourtApiError) as caught:
        client.health()
    assert caught.value.code == "CONNECTION_FAILED"
