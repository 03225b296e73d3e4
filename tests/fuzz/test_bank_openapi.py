"""Schemathesis against the bank mock's OpenAPI document (dialect and control API), requests HMAC-signed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from schemathesis import Case

from payment_mocks.bank.openapi import document
from payment_mocks.bank.testing import ADMIN_TOKEN, NODE_ID, NODE_SECRET, BankHarness
from payment_mocks.control.callers import Caller, CallerKind
from tests.fuzz.provider_fuzz import FuzzedProvider, run_case
from tests.fuzz.shapes import assert_bank_refusal, http_refusal
from tests.fuzz.signing import Signed, sign_bank
from tests.fuzz.sizing import fuzz_settings

schema = schemathesis.openapi.from_dict(document())


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FuzzedProvider]:
    data_dir: Path = tmp_path_factory.mktemp("bank")
    harness = BankHarness.create(data_dir)
    harness.seed_debtor(balance_fen=1_000_000)

    def register() -> None:
        harness.provider.callers.register(Caller(CallerKind.BANK_NODE, NODE_ID, secret=NODE_SECRET))

    yield FuzzedProvider(harness.app, Signed(harness.app, sign_bank), ADMIN_TOKEN,
                         http_refusal(assert_bank_refusal), register)
    harness.provider.ledger.close()


@schema.parametrize()
@fuzz_settings()
def test_bank_answers_every_input_without_a_5xx(case: Case, bank: FuzzedProvider) -> None:
    run_case(case, bank)
