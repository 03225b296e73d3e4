"""Schemathesis against the WeChat-like mock's OpenAPI document (v3 routes and control API), requests signed
with the merchant's RSA key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from schemathesis import Case

from payment_mocks.control.callers import Caller, CallerKind
from payment_mocks.signing import public_pem
from payment_mocks.wechat.openapi import openapi_document
from payment_mocks.wechat.testkit import (
    DEBTOR,
    MCHID,
    MERCHANT_SERIAL,
    OPENID,
    WechatHarness,
    create_test_app,
    merchant_key,
)
from tests.fuzz.provider_fuzz import FuzzedProvider, run_case
from tests.fuzz.shapes import assert_wechat_refusal, http_refusal
from tests.fuzz.signing import Signed, sign_wechat
from tests.fuzz.sizing import fuzz_settings

ADMIN_TOKEN = "wechat-admin-token-for-fuzzing"
schema = schemathesis.openapi.from_dict(openapi_document())


@pytest.fixture(scope="module")
def wechat(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FuzzedProvider]:
    data_dir: Path = tmp_path_factory.mktemp("wechat")
    harness = WechatHarness(create_test_app(data_dir, admin_token=ADMIN_TOKEN))
    harness.open_wallet(OPENID, DEBTOR["name"], DEBTOR["id_number"], 100_000)
    harness.provider.clock.stop()

    def register() -> None:
        harness.provider.callers.register(Caller(CallerKind.WECHAT_MCH, MCHID, name="test merchant",
                                                 public_key_pem=public_pem(merchant_key()), serial=MERCHANT_SERIAL))

    yield FuzzedProvider(harness.app, Signed(harness.app, sign_wechat), ADMIN_TOKEN,
                         http_refusal(assert_wechat_refusal), register)
    harness.provider.ledger.close()


@schema.parametrize()
@fuzz_settings()
def test_wechat_answers_every_input_without_a_5xx(case: Case, wechat: FuzzedProvider) -> None:
    run_case(case, wechat)
