"""Fixtures for the ledger's unit tests: a fresh ledger on disk with one debtor."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from payment_mocks.ledger import Ledger

DEBTOR_ID = "11010519491231002X"
DEBTOR_NAME = "李明"
ACCOUNT = "6222021234567890123"


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    book = Ledger(tmp_path / "bank", provider="bank")
    book.clock.stop()  # time moves only when a test says so
    with book.transaction() as tx:
        tx.add_subject(DEBTOR_NAME, "resident_id", DEBTOR_ID)
        tx.open_account(ACCOUNT, DEBTOR_ID, 1_000_000)
    yield book
    book.close()
