"""The audit trail: a hash chain that shows any edited record, and each case's timeline."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, text

from court_node.audit.chain import verify
from court_node.cli.main import cli
from court_node.context import NodeContext
from court_node.store.tables import audit_events
from tests.unit.court.node_requests import CLERK, JUDGE, JsonClient, auth, filing


@pytest.fixture
def history(client: JsonClient) -> int:
    """Three records: two filings and a notice."""
    case_id = int(client.post("/api/v1/cases", json=filing(), headers=auth(JUDGE)).json["id"])
    client.post("/api/v1/cases", json=filing(serial=124), headers=auth(CLERK))
    client.post(f"/api/v1/cases/{case_id}/notice", json={"document_no": "（2026）京0101执123号通知书"},
                headers=auth(CLERK))
    return case_id


def test_an_untouched_chain_verifies(node: NodeContext, history: int) -> None:
    with node.store.read() as conn:
        assert verify(conn) is None


def test_an_edited_record_breaks_the_chain_there(node: NodeContext, history: int) -> None:
    with node.store.write() as conn:
        conn.execute(text("UPDATE audit_events SET user_name = '某人' WHERE id = 2"))
    with node.store.read() as conn:
        broken = verify(conn)
    assert broken is not None and broken.id == 2 and "edited" in broken.reason


def test_a_record_edited_into_bad_json_is_reported(node: NodeContext, history: int) -> None:
    with node.store.write() as conn:
        conn.execute(text("UPDATE audit_events SET detail = '{oops' WHERE id = 1"))
    with node.store.read() as conn:
        broken = verify(conn)
    assert broken is not None and broken.id == 1


def test_a_removed_record_breaks_the_chain(node: NodeContext, history: int) -> None:
    with node.store.write() as conn:
        conn.execute(delete(audit_events).where(audit_events.c.id == 2))
    with node.store.read() as conn:
        broken = verify(conn)
    assert broken is not None and broken.id == 3


def test_the_cli_verifies_a_sound_chain(node: NodeContext, history: int) -> None:
    result = CliRunner().invoke(cli, ["audit", "verify", "--data-dir", str(node.settings.data_dir)])
    assert result.exit_code == 0, result.output
    assert "3 records" in result.output


def test_the_cli_names_the_broken_record(node: NodeContext, history: int) -> None:
    with node.store.write() as conn:
        conn.execute(text("UPDATE audit_events SET document_no = 'forged' WHERE id = 3"))
    result = CliRunner().invoke(cli, ["audit", "verify", "--data-dir", str(node.settings.data_dir)])
    assert result.exit_code != 0
    assert "audit record 3" in result.output


def test_the_timeline_lists_the_cases_events_oldest_first(client: JsonClient, history: int) -> None:
    events = client.get(f"/api/v1/cases/{history}/events", headers=auth(JUDGE)).json["events"]
    assert [e["action"] for e in events] == ["case.filed", "notice.served"]
    filed, served = events
    assert filed["user"] == {"id": 1, "name": "张法官", "role": "judge"} and filed["court"] == "京0101"
    assert served["user"]["name"] == "李书记员"
    assert served["document_no"] == "（2026）京0101执123号通知书"
    assert filed["at"] <= served["at"] and filed["detail"]["principal_fen"] == 5_000_000


def test_the_cli_finds_no_trail_in_an_empty_node(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["audit", "verify", "--data-dir", str(tmp_path / "empty")])
    assert result.exit_code == 0 and "0 records" in result.output
