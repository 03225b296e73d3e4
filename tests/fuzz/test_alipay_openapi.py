"""Schemathesis against the Alipay-like mock's OpenAPI document (gateway and control API); the generated
parameters are RSA2-signed as the registered app, so that fuzzing reaches each method's own checks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from schemathesis import Case
from schemathesis.core import NotSet

from payment_mocks.alipay.methods import METHODS
from payment_mocks.alipay.openapi import openapi_document
from payment_mocks.control.callers import Caller, CallerKind
from payment_mocks.signing import public_pem
from tests.fuzz.provider_fuzz import FuzzedProvider, run_case
from tests.fuzz.provider_state import books
from tests.fuzz.shapes import alipay_refusal
from tests.fuzz.signing import Signed, alipay_signer
from tests.fuzz.sizing import fuzz_settings
from tests.integration.alipay_support import APP_ID, APP_KEY, Gateway

ADMIN_TOKEN = "alipay-test-admin-token"
schema = schemathesis.openapi.from_dict(openapi_document())


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    gateway = Gateway(tmp_path_factory.mktemp("alipay"))
    yield gateway
    gateway.close()


@pytest.fixture(scope="module")
def alipay(gateway: Gateway) -> FuzzedProvider:
    def register() -> None:
        gateway.provider.callers.register(Caller(CallerKind.ALIPAY_APP, APP_ID, public_key_pem=public_pem(APP_KEY)))

    return FuzzedProvider(gateway.app, Signed(gateway.app, alipay_signer(APP_ID, APP_KEY)), ADMIN_TOKEN,
                          alipay_refusal, register)


@schema.parametrize()
@fuzz_settings()
def test_alipay_answers_every_input_without_a_5xx(case: Case, alipay: FuzzedProvider) -> None:
    run_case(case, alipay)


def _methods_document() -> dict[str, Any]:
    """One operation per gateway method, its body the method's biz_content schema from the gateway's document."""
    document = openapi_document()
    paths = {f"/{name}": {"post": {
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/biz.{name}"}}}},
        "responses": {"200": {"description": "the envelope"}}}} for name in METHODS}
    return {"openapi": "3.0.3", "info": {"title": "biz_content of each gateway method", "version": "1"},
            "paths": paths, "components": document["components"]}


def _text(body: object) -> str:
    """biz_content as the generated body would be sent: raw bytes as text, anything else as JSON."""
    if isinstance(body, NotSet):
        return ""
    if isinstance(body, bytes):
        return body.decode("utf-8", "replace")
    return json.dumps(body, ensure_ascii=False, default=str)


methods = schemathesis.openapi.from_dict(_methods_document())


@methods.parametrize()
@fuzz_settings()
def test_every_method_answers_any_biz_content_in_its_envelope(case: Case, gateway: Gateway,
                                                              alipay: FuzzedProvider) -> None:
    if case.method.upper() != "POST":
        return  # the operations are this test's own; only their bodies are sent
    method = case.operation.path.lstrip("/")
    biz = _text(case.body)
    before = books(gateway.app)
    reply = gateway.call(method, biz)
    assert reply.status == 200, reply.body[:300]
    if alipay_refusal(reply.status, reply.body):
        assert books(gateway.app) == before, reply.body[:300]
