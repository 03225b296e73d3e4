"""Synthetic debtors in bulk: deterministic, valid, counted, conserved, and reachable through indexes only."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from freezegun import freeze_time

from payment_mocks.identity import validate_id
from payment_mocks.ledger import Ledger, LedgerError
from payment_mocks.ledger.bulk import generate_subjects, synthetic_account_no, synthetic_subject
from payment_mocks.ledger.errors import DuplicateEntry, InvalidRequest

ROWS = {
    "subjects": "SELECT name, id_type, id_number, created_at FROM subjects ORDER BY id",
    "accounts": "SELECT account_no, subject_id, balance, opened_at FROM accounts ORDER BY account_no",
    "movements": "SELECT at, account_no, kind, amount, balance_after FROM movements ORDER BY id",
}


def books(ledger: Ledger) -> dict[str, list[tuple[object, ...]]]:
    conn = ledger.db.connection()
    return {table: [tuple(r) for r in conn.execute(sql)] for table, sql in ROWS.items()}


def counts(ledger: Ledger) -> tuple[int, int, int]:
    conn = ledger.db.connection()
    return tuple(int(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])  # type: ignore[return-value]
                 for t in ("subjects", "accounts", "movements"))


@freeze_time("2026-03-01 08:00:00")
def test_the_same_seed_gives_the_same_books(tmp_path: Path) -> None:
    first, second = Ledger(tmp_path / "a", provider="alipay"), Ledger(tmp_path / "b", provider="alipay")
    generate_subjects(first, subjects=300, seed=42, accounts_per_subject=2)
    generate_subjects(second, subjects=300, seed=42, accounts_per_subject=2)
    assert books(first) == books(second)


def test_another_seed_gives_other_debtors(tmp_path: Path) -> None:
    assert synthetic_subject(1, 0) != synthetic_subject(2, 0)
    assert synthetic_account_no("alipay", 1, 0) != synthetic_account_no("alipay", 2, 0)


def test_generation_writes_the_requested_counts(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path, provider="bank")
    done = generate_subjects(ledger, subjects=250, seed=3, accounts_per_subject=3, balance_fen=1234)
    assert (done.subjects, done.accounts, done.seeded_fen) == (250, 750, 750 * 1234)
    assert counts(ledger) == (250, 750, 750)
    assert (done.first_subject_id, done.last_subject_id) == (1, 250)


def test_every_generated_resident_id_has_the_right_check_character(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path, provider="alipay")
    generate_subjects(ledger, subjects=2000, seed=9)
    numbers = [r[0] for r in ledger.db.connection().execute("SELECT id_number FROM subjects")]
    assert len(set(numbers)) == 2000
    assert all(validate_id("resident_id", n) == n for n in numbers)


def test_the_pure_functions_name_what_was_written(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path, provider="wechat")
    generate_subjects(ledger, subjects=100, seed=5, accounts_per_subject=2)
    who = synthetic_subject(5, 37)
    with ledger.transaction() as tx:
        subject = tx.check_identity(who.name, who.id_type, who.id_number)
        held = [v.account_no for v in tx.accounts_of(subject)]
    assert sorted(held) == sorted(synthetic_account_no("wechat", 5, 37, j, 2) for j in range(2))


@pytest.mark.parametrize(("provider", "pattern"), [
    ("bank", r"623688[0-9]{13}"), ("alipay", r"2088[0-9]{12}"), ("wechat", r"oFzS[A-Za-z0-9_-]{24}"),
])
def test_account_numbers_follow_the_provider_format(tmp_path: Path, provider: str, pattern: str) -> None:
    ledger = Ledger(tmp_path, provider=provider)
    generate_subjects(ledger, subjects=200, seed=11)
    numbers = [r[0] for r in ledger.db.connection().execute("SELECT account_no FROM accounts")]
    assert all(re.fullmatch(pattern, n) for n in numbers)


def test_bank_account_numbers_carry_a_luhn_check_digit() -> None:
    number = synthetic_account_no("bank", 7, 123)
    digits = [int(d) for d in reversed(number)]
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(digits))
    assert total % 10 == 0


def test_invariants_hold_after_a_generated_seed(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path, provider="alipay")
    done = generate_subjects(ledger, subjects=500, seed=1)
    assert ledger.check_invariants() == []
    balances = int(ledger.db.connection().execute("SELECT SUM(balance) FROM accounts").fetchone()[0])
    assert balances == done.seeded_fen


def test_generating_the_same_seed_twice_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path, provider="alipay")
    generate_subjects(ledger, subjects=50, seed=1)
    before = books(ledger)
    with pytest.raises(DuplicateEntry):
        generate_subjects(ledger, subjects=60, seed=1)
    assert books(ledger) == before


def test_a_generation_after_hand_seeded_debtors_keeps_them(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path, provider="alipay")
    with ledger.transaction() as tx:
        tx.add_subject("李明", "resident_id", "11010819850315203X")
        tx.open_account("2088102146225135", "11010819850315203X", 325050)
    done = generate_subjects(ledger, subjects=20, seed=1)
    assert done.first_subject_id == 2
    assert counts(ledger)[0] == 21
    assert ledger.check_invariants() == []


@pytest.mark.parametrize(("field", "values"), [
    ("subjects", {"subjects": 0}), ("subjects", {"subjects": True}), ("subjects", {"subjects": 2_000_001}),
    ("seed", {"seed": -1}), ("accounts_per_subject", {"accounts_per_subject": 11}),
    ("balance_fen", {"balance_fen": -5}), ("balance_fen", {"balance_fen": 10**15 + 1}),
])
def test_out_of_range_requests_are_refused_naming_the_field(tmp_path: Path, field: str,
                                                            values: dict[str, int]) -> None:
    ledger = Ledger(tmp_path, provider="alipay")
    args: dict[str, int] = {"subjects": 10, **values}
    with pytest.raises(InvalidRequest) as refused:
        generate_subjects(ledger, **args)  # type: ignore[arg-type]
    assert refused.value.field == field
    assert counts(ledger) == (0, 0, 0)


def test_refusals_are_ledger_errors() -> None:
    assert issubclass(DuplicateEntry, LedgerError) and issubclass(InvalidRequest, LedgerError)


# The queries a dialect's account query runs, each of which must find its rows through an index, so that its
# cost at a million accounts is a few B-tree levels more than at a thousand, not a scan.
DIALECT_QUERIES = [
    ("SELECT * FROM subjects WHERE id_number = ?", ("x",)),
    ("SELECT * FROM subjects WHERE id = ?", (1,)),
    ("SELECT account_no FROM accounts WHERE subject_id = ? ORDER BY account_no", (1,)),
    ("SELECT * FROM accounts WHERE account_no = ?", ("x",)),
    ("SELECT * FROM freezes WHERE account_no = ? AND status IN ('active', 'waiting') ORDER BY id", ("x",)),
    ("SELECT MIN(expires_at) FROM freezes WHERE status = 'active'", ()),
    ("SELECT * FROM movements WHERE account_no = ? AND at >= ? AND at < ? ORDER BY at, id", ("x", 0, 1)),
    ("SELECT categories FROM restrictions WHERE subject_id = ? AND lifted_at IS NULL", (1,)),
    ("SELECT * FROM replies WHERE scope = ? AND key = ?", ("s", "k")),
    ("SELECT * FROM freezes WHERE freeze_no = ?", ("x",)),
]


@pytest.mark.parametrize(("sql", "args"), DIALECT_QUERIES)
def test_the_dialect_queries_use_an_index(tmp_path: Path, sql: str, args: tuple[object, ...]) -> None:
    ledger = Ledger(tmp_path, provider="alipay")
    conn: sqlite3.Connection = ledger.db.connection()
    steps = [str(r["detail"]) for r in conn.execute("EXPLAIN QUERY PLAN " + sql, args)]
    table_steps = [step for step in steps if not step.startswith("USE TEMP B-TREE")]
    assert table_steps and all(step.startswith("SEARCH ") for step in table_steps), steps
