"""The journal page shows each dialect request: method, path, status, latency, caller, fault; never a body."""

from __future__ import annotations

import re

from flask import Flask

from tests.integration.backoffice.office import PROBES, Office, admin, probe


def path_cell(path: str) -> str:
    return f'<td class="mono small">{path}</td>'


def test_the_journal_shows_each_dialect_request_newest_first(app: Flask, dialect: str, office: Office) -> None:
    probe(app)
    app.test_client().get("/no/such/dialect/path")
    entries = admin(app, "GET", "/journal")["entries"]
    page = office.page("/_backoffice/journal")
    rows = re.findall(r"<tr class=\"[^\"]*\">\s*<td class=\"num\">(\d+)</td>", page)
    assert [int(r) for r in rows] == [e["id"] for e in entries]
    assert path_cell(PROBES[dialect]) in page
    assert f'<td class="num">{entries[-1]["status"]}</td>' in page
    assert "2 shown of 2 kept" in page


def test_the_journal_never_shows_request_or_response_bodies(app: Flask, office: Office) -> None:
    app.test_client().post("/no/such/path", data=b"secret-looking-body-0123")
    entry = admin(app, "GET", "/journal")["entries"][0]
    assert entry["request_body"] == "secret-looking-body-0123"
    page = office.page("/_backoffice/journal")
    assert "secret-looking-body" not in page and entry["response_body"][:20] not in page


def test_the_journal_filters_by_method_status_and_path(app: Flask, dialect: str, office: Office) -> None:
    probe(app)
    app.test_client().get("/elsewhere")
    by_path = office.page(f"/_backoffice/journal?path_prefix={PROBES[dialect]}")
    assert path_cell(PROBES[dialect]) in by_path and path_cell("/elsewhere") not in by_path
    by_method = office.page("/_backoffice/journal?method=get")
    assert path_cell("/elsewhere") in by_method and path_cell(PROBES[dialect]) not in by_method
    status = admin(app, "GET", "/journal")["entries"][0]["status"]
    assert path_cell("/elsewhere") in office.page(f"/_backoffice/journal?status={status}")


def test_a_bad_journal_filter_is_explained_next_to_the_form(app: Flask, office: Office) -> None:
    response = office.get("/_backoffice/journal?status=twohundred&method=G3T")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "A status is a number such as 200 or 503." in text and "A method is a word such as GET or POST." in text


def test_a_request_that_met_a_fault_shows_it(app: Flask, office: Office) -> None:
    admin(app, "PUT", "/faults", {"error_rate": 1, "latency_ms": 1})
    probe(app)
    page = office.page("/_backoffice/journal")
    assert "error (request 1), +1 ms" in page


def test_an_empty_journal_says_so(app: Flask, office: Office) -> None:
    assert "No dialect request yet." in office.page("/_backoffice/journal")
