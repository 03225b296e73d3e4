"""No input makes the node answer 500: random bodies, query strings and headers get a 4xx or a success."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from court_node.app import create_app
from court_node.context import EXTENSION_KEY
from tests.unit.court.node_requests import CREDITOR, JUDGE, auth, filing, json_client

_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30))
_JSON = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.text(max_size=10), inner, max_size=3), max_leaves=10)
_FIELDS = ["case_number", "creditor", "debtor", "principal", "costs", "delay_interest", "judgment_date",
           "interest_from"]


@st.composite
def filings(draw: st.DrawFn) -> dict[str, Any]:
    """A valid filing with some fields replaced by anything, or dropped."""
    body = filing(serial=draw(st.integers(1, 9_999_999)))
    for name in draw(st.lists(st.sampled_from(_FIELDS), max_size=3, unique=True)):
        if draw(st.booleans()):
            body[name] = draw(_JSON)
        else:
            body.pop(name, None)
    return body


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=filings(), query=st.text(max_size=40), key=st.text(max_size=300))
def test_nothing_makes_a_500(body: dict[str, Any], query: str, key: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"data_dir": folder, "demo": True})
        try:
            client = json_client(app)
            headers = auth(JUDGE)
            if key.isprintable() and key.isascii():
                headers["Idempotency-Key"] = key
            filed = client.post("/api/v1/cases", json=body, headers=headers)
            assert filed.status_code in (201, 400, 409, 422), filed.json
            listed = client.get("/api/v1/cases", query_string=query, headers=auth(JUDGE))
            assert listed.status_code in (200, 400), listed.json
            if filed.status_code == 201:
                notice = client.post(f"/api/v1/cases/{filed.json['id']}/notice", json=body, headers=auth(JUDGE))
                assert notice.status_code in (200, 400), notice.json
        finally:
            app.extensions[EXTENSION_KEY].close()


def test_a_foreign_digit_in_an_id_number_is_a_400_not_a_500(tmp_path: Path) -> None:
    app = create_app({"data_dir": str(tmp_path), "demo": True})
    try:
        creditor = {**CREDITOR, "id_number": "911١0000600037341L"}
        filed = json_client(app).post("/api/v1/cases", json=filing(creditor=creditor), headers=auth(JUDGE))
        assert filed.status_code == 400 and filed.json["error"]["code"] == "INVALID_FIELD", filed.json
    finally:
        app.extensions[EXTENSION_KEY].close()


def test_an_amount_with_a_trailing_newline_is_a_400(tmp_path: Path) -> None:
    app = create_app({"data_dir": str(tmp_path), "demo": True})
    try:
        filed = json_client(app).post("/api/v1/cases", json=filing(principal="50000.00\n"), headers=auth(JUDGE))
        assert filed.status_code == 400, filed.json
    finally:
        app.extensions[EXTENSION_KEY].close()
