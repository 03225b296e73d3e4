"""The case list's count and page reach a court's cases through an index, also on a database made before it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from court_node.store.engine import Store

INDEX = "ix_cases_court_status"


def indexes_of(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases'")
        return {r[0] for r in rows}


def test_a_new_store_has_the_court_and_status_index(tmp_path: Path) -> None:
    Store(f"sqlite:///{tmp_path / 'court.sqlite3'}").close()
    assert INDEX in indexes_of(tmp_path / "court.sqlite3")


def test_a_store_made_before_the_index_gets_it_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "court.sqlite3"
    Store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"DROP INDEX {INDEX}")
    assert INDEX not in indexes_of(path)
    Store(f"sqlite:///{path}").close()
    assert INDEX in indexes_of(path)


def test_counting_a_courts_cases_by_status_reads_only_the_index(tmp_path: Path) -> None:
    path = tmp_path / "court.sqlite3"
    Store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        plan = [r[3] for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM cases WHERE court_code = ? AND status = ?", ("京0101", "filed"))]
    assert plan == [f"SEARCH cases USING COVERING INDEX {INDEX} (court_code=? AND status=?)"]
