"""Schemathesis against the court node's OpenAPI document, in-process: no 5xx, refusals in the node's shape,
answers as documented, and a refused request changes nothing in the store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from flask import Flask
from schemathesis import Case
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from court_node.api.openapi import build_spec
from court_node.app import create_app
from court_node.context import EXTENSION_KEY, NodeContext
from tests.fuzz.shapes import assert_node_refusal, node_rows
from tests.fuzz.sizing import fuzz_settings
from tests.unit.court.node_requests import JUDGE
from tests.unit.court.svc_world import fake_provider

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    data_dir: Path = tmp_path_factory.mktemp("node")
    app = create_app({"data_dir": str(data_dir), "demo": True,
                      "providers": [fake_provider(name) for name in ("bank", "alipay", "wechat")]})
    yield app
    app.extensions[EXTENSION_KEY].close()


schema = schemathesis.openapi.from_dict(build_spec())


def _token(case: Case, ctx: NodeContext) -> str | None:
    """The admin token for admin routes, a judge's for the rest, none where the document asks for none."""
    security = case.operation.definition.raw.get("security")
    if not security:
        return None
    return ctx.admin_token if "admin" in security[0] else JUDGE


@schema.parametrize()
@fuzz_settings()
def test_node_answers_every_input_without_a_5xx(case: Case, node: Flask) -> None:
    ctx: NodeContext = node.extensions[EXTENSION_KEY]
    if case.method.upper() in ("HEAD", "OPTIONS"):  # answered by Flask itself, with an empty body
        assert case.call(app=node).status_code < 500
        return
    token = _token(case, ctx)
    before = node_rows(ctx)
    if token is not None:
        unauthenticated = case.call(app=node, headers={"Authorization": "Bearer not-a-token"})
        assert 400 <= unauthenticated.status_code < 500, unauthenticated.content[:300]
        assert_node_refusal(unauthenticated.content)
        assert node_rows(ctx) == before
    response = case.call(app=node, headers={"Authorization": f"Bearer {token}"} if token else None)
    case.validate_response(response, checks=CHECKS)
    if response.status_code >= 400:
        assert_node_refusal(response.content)
        assert node_rows(ctx) == before, (response.status_code, response.content[:300])
