"""``python -m payment_mocks.seed_bulk``: generate into a mock's data folder before it starts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from payment_mocks.identity import validate_id
from payment_mocks.ledger import Ledger
from payment_mocks.seed_bulk import main


def test_the_command_generates_and_names_a_sample(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sample = tmp_path / "sample.json"
    status = main(["alipay", "--data-dir", str(tmp_path / "alipay"), "--subjects", "80", "--seed", "2",
                   "--sample-out", str(sample), "--sample-size", "5"])
    assert status == 0
    assert "generated 80 subjects and 80 accounts" in capsys.readouterr().out
    written = json.loads(sample.read_text(encoding="utf-8"))
    assert written["subjects"] == 80 and len(written["debtors"]) == 5
    ledger = Ledger(tmp_path / "alipay", provider="alipay")
    with ledger.transaction() as tx:
        for debtor in written["debtors"]:
            subject = tx.check_identity(debtor["name"], debtor["id_type"], validate_id("resident_id",
                                                                                       debtor["id_number"]))
            assert [v.account_no for v in tx.accounts_of(subject)] == debtor["account_nos"]
    ledger.close()


def test_the_command_refuses_a_second_run_of_the_same_seed(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    args = ["bank", "--data-dir", str(tmp_path), "--subjects", "10"]
    assert main(args) == 0
    assert main(args) == 2
    assert "already exists" in capsys.readouterr().err


def test_the_command_refuses_an_impossible_count(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["wechat", "--data-dir", str(tmp_path), "--subjects", "0"]) == 2
    assert "subjects" in capsys.readouterr().err
