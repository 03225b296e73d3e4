"""Listing a court's cases: newest first, filtered by status, a page at a time."""

from __future__ import annotations

import pytest

from tests.unit.court.node_requests import JUDGE, JsonClient, auth, filing


@pytest.fixture
def five_cases(client: JsonClient) -> list[int]:
    ids = [client.post("/api/v1/cases", json=filing(serial=n), headers=auth(JUDGE)).json["id"] for n in range(1, 6)]
    client.post(f"/api/v1/cases/{ids[0]}/notice", json={"document_no": "N1"}, headers=auth(JUDGE))
    return ids


def test_pages_come_newest_first(client: JsonClient, five_cases: list[int]) -> None:
    page = client.get("/api/v1/cases?limit=2&offset=1", headers=auth(JUDGE)).json
    assert [c["id"] for c in page["cases"]] == [five_cases[3], five_cases[2]]
    assert (page["total"], page["limit"], page["offset"]) == (5, 2, 1)


def test_status_filters_the_list(client: JsonClient, five_cases: list[int]) -> None:
    page = client.get("/api/v1/cases?status=notice_served", headers=auth(JUDGE)).json
    assert [c["id"] for c in page["cases"]] == [five_cases[0]] and page["total"] == 1


@pytest.mark.parametrize("query", ["limit=0", "limit=201", "limit=abc", "offset=-1", "status=lost", "sort=id",
                                   "limit=1&limit=2", "offset=99999999999999999999999"])
def test_bad_query_strings_are_400(client: JsonClient, query: str) -> None:
    answer = client.get(f"/api/v1/cases?{query}", headers=auth(JUDGE))
    assert answer.status_code == 400 and answer.json["error"]["details"]["fields"]
