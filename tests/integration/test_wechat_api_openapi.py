"""GET /openapi.json: a valid OpenAPI 3.0 document describing every v3 route the app serves."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from payment_mocks.wechat.testkit import WechatHarness, create_test_app


@pytest.fixture
def wx(tmp_path: Path) -> Iterator[WechatHarness]:
    harness = WechatHarness(create_test_app(tmp_path / "wechat"))
    yield harness
    harness.provider.ledger.close()


@pytest.fixture
def doc(wx: WechatHarness) -> dict[str, Any]:
    response = wx.http.get("/openapi.json")
    assert response.status_code == 200
    body: dict[str, Any] = response.get_json()
    return body


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_document_is_openapi_3_0(doc: dict[str, Any]) -> None:
    assert re.match(r"^3\.0\.\d+$", doc["openapi"])
    assert doc["info"]["title"] and doc["info"]["version"]


def test_every_reference_resolves(doc: dict[str, Any]) -> None:
    schemas = doc["components"]["schemas"]
    for ref in _refs(doc):
        assert ref.startswith("#/components/schemas/")
        assert ref.rsplit("/", 1)[1] in schemas, ref


def test_every_v3_route_is_described(wx: WechatHarness, doc: dict[str, Any]) -> None:
    for rule in wx.app.url_map.iter_rules():
        if not rule.rule.startswith("/v3/"):
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
            assert method.lower() in doc["paths"][path], (method, path)


def test_operations_have_responses_and_declare_path_parameters(doc: dict[str, Any]) -> None:
    for path, item in doc["paths"].items():
        for operation in item.values():
            assert operation["responses"]
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == set(re.findall(r"{([a-z_]+)}", path)), path


def test_v3_operations_require_the_merchant_signature(doc: dict[str, Any]) -> None:
    assert "WechatPay2" in doc["components"]["securitySchemes"]
    for path, item in doc["paths"].items():
        if path.startswith("/v3/"):
            for operation in item.values():
                assert operation["security"] == [{"WechatPay2": []}]


def test_request_schemas_refuse_unknown_fields(doc: dict[str, Any]) -> None:
    for name, schema in doc["components"]["schemas"].items():
        if name.endswith("Request"):
            assert schema["additionalProperties"] is False, name


def test_control_api_is_described_too(doc: dict[str, Any]) -> None:
    assert "/health" in doc["paths"]
    assert any(path.startswith("/_admin/") for path in doc["paths"])
