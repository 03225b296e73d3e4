"""Who may do what: tokens, roles, and a court that sees only its own cases."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from court_node.context import NodeContext
from court_node.store.tables import users
from tests.unit.court.node_requests import CLERK, JUDGE, OTHER_JUDGE, VIEWER, JsonClient, auth, filing


@pytest.fixture
def case_id(client: JsonClient) -> int:
    return int(client.post("/api/v1/cases", json=filing(), headers=auth(JUDGE)).json["id"])


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"},
                                     {"Authorization": "Bearer " + "x" * 5000}])
def test_no_valid_token_is_401(client: JsonClient, headers: dict[str, str]) -> None:
    answer = client.get("/api/v1/cases", headers=headers)
    assert answer.status_code == 401 and answer.json["error"]["code"] in ("TOKEN_MISSING", "TOKEN_INVALID")
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_disabled_user_is_401(client: JsonClient, node: NodeContext) -> None:
    with node.store.write() as conn:
        conn.execute(update(users).where(users.c.name == "张法官").values(disabled=True))
    assert client.get("/api/v1/cases", headers=auth(JUDGE)).status_code == 401


def test_a_viewer_cannot_file(client: JsonClient) -> None:
    answer = client.post("/api/v1/cases", json=filing(), headers=auth(VIEWER))
    assert answer.status_code == 403 and answer.json["error"]["code"] == "ROLE_FORBIDDEN"
    assert client.get("/api/v1/cases", headers=auth(JUDGE)).json["total"] == 0


def test_a_viewer_cannot_serve_the_notice(client: JsonClient, case_id: int) -> None:
    answer = client.post(f"/api/v1/cases/{case_id}/notice", json={"document_no": "N1"}, headers=auth(VIEWER))
    assert answer.status_code == 403


def test_a_viewer_reads(client: JsonClient, case_id: int) -> None:
    assert client.get(f"/api/v1/cases/{case_id}", headers=auth(VIEWER)).status_code == 200
    assert client.get(f"/api/v1/cases/{case_id}/events", headers=auth(VIEWER)).status_code == 200
    assert client.get("/api/v1/cases", headers=auth(VIEWER)).json["total"] == 1


def test_a_clerk_files_and_serves_the_notice(client: JsonClient) -> None:
    filed = client.post("/api/v1/cases", json=filing(), headers=auth(CLERK))
    assert filed.status_code == 201
    served = client.post(f"/api/v1/cases/{filed.json['id']}/notice", json={"document_no": "N1"},
                         headers=auth(CLERK))
    assert served.status_code == 200 and served.json["status"] == "notice_served"


def test_another_courts_case_is_not_found(client: JsonClient, case_id: int) -> None:
    for path in (f"/api/v1/cases/{case_id}", f"/api/v1/cases/{case_id}/events"):
        answer = client.get(path, headers=auth(OTHER_JUDGE))
        assert answer.status_code == 404 and answer.json["error"]["code"] == "CASE_NOT_FOUND"


def test_another_court_cannot_serve_the_notice(client: JsonClient, case_id: int) -> None:
    answer = client.post(f"/api/v1/cases/{case_id}/notice", json={"document_no": "N1"}, headers=auth(OTHER_JUDGE))
    assert answer.status_code == 404
    assert client.get(f"/api/v1/cases/{case_id}", headers=auth(JUDGE)).json["notice_served_at"] is None


def test_another_courts_cases_are_not_listed(client: JsonClient, case_id: int) -> None:
    assert client.get("/api/v1/cases", headers=auth(OTHER_JUDGE)).json == {
        "cases": [], "total": 0, "limit": 50, "offset": 0}


def test_a_court_cannot_file_another_courts_case_number(client: JsonClient) -> None:
    answer = client.post("/api/v1/cases", json=filing(court="京0105"), headers=auth(JUDGE))
    assert answer.status_code == 422 and answer.json["error"]["code"] == "CASE_COURT_MISMATCH"
    assert client.get("/api/v1/cases", headers=auth(OTHER_JUDGE)).json["total"] == 0
