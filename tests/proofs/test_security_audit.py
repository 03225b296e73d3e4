"""``freezesim audit verify`` detects every kind of tampering with the audit trail: an edited record, two records
swapped, a record removed from the middle, the newest records removed, the whole trail emptied."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import Connection, text

from court_node.app import create_app
from court_node.cli.main import cli
from court_node.context import EXTENSION_KEY, NodeContext
from tests.unit.court.node_requests import CLERK, JUDGE, auth, filing, json_client

TAMPERING = {
    "edited": ["UPDATE audit_events SET document_no = '伪造' WHERE id = 2"],
    "reordered": ["UPDATE audit_events SET id = -1 WHERE id = 2", "UPDATE audit_events SET id = 2 WHERE id = 3",
                  "UPDATE audit_events SET id = 3 WHERE id = -1"],
    "removed in the middle": ["DELETE FROM audit_events WHERE id = 2"],
    "newest removed": ["DELETE FROM audit_events WHERE id = 4"],
    "two newest removed": ["DELETE FROM audit_events WHERE id >= 3"],
    "emptied": ["DELETE FROM audit_events"],
    "newest edited and rehashed without its successor": [
        "DELETE FROM audit_events WHERE id = 4",
        "UPDATE audit_events SET hash = 'f' || substr(hash, 2) WHERE id = 3"],
}


@pytest.fixture
def node(tmp_path: Path) -> Iterator[NodeContext]:
    app: Flask = create_app({"data_dir": str(tmp_path / "court"), "demo": True})
    client = json_client(app)
    first = client.post("/api/v1/cases", json=filing(), headers=auth(JUDGE)).json["id"]
    client.post("/api/v1/cases", json=filing(serial=124), headers=auth(CLERK))
    client.post(f"/api/v1/cases/{first}/notice", json={"document_no": "通知书"}, headers=auth(CLERK))
    client.post("/api/v1/cases", json=filing(serial=125), headers=auth(CLERK))
    ctx: NodeContext = app.extensions[EXTENSION_KEY]
    yield ctx
    ctx.close()


def _verify(ctx: NodeContext) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["audit", "verify", "--data-dir", str(ctx.settings.data_dir)])
    return result.exit_code, result.output


def _tamper(conn: Connection, statements: list[str]) -> None:
    for statement in statements:
        conn.execute(text(statement))


def test_an_untouched_trail_verifies(node: NodeContext) -> None:
    code, output = _verify(node)
    assert code == 0 and "4 records" in output, output


@pytest.mark.parametrize("how", sorted(TAMPERING))
def test_tampering_is_detected(node: NodeContext, how: str) -> None:
    with node.store.write() as conn:
        _tamper(conn, TAMPERING[how])
    code, output = _verify(node)
    assert code == 1 and "broken" in output, output
