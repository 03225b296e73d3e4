"""/health, /api/v1/providers, /openapi.json and the admin clock."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from flask import Flask

from court_node.adapters import registry
from court_node.adapters.base import ProviderAdapter
from court_node.adapters.types import Capabilities, ControlOutcome, ControlRequest, Health, QueryOutcome, QueryRequest
from court_node.app import create_app
from court_node.context import EXTENSION_KEY, NodeContext
from tests.unit.court.node_requests import JUDGE, JsonClient, auth, json_client


class ProbeAdapter(ProviderAdapter):
    """Answers health only: healthy, or (option ``hang``) not within the node's timeout."""

    adapter_name: ClassVar[str] = "test-probe"
    dialect: ClassVar[str] = "probe/1"

    def capabilities(self) -> Capabilities:
        return Capabilities(asynchronous=bool(self.config.options.get("asynchronous")))

    def health(self) -> Health:
        if self.config.options.get("hang"):
            threading.Event().wait(1.0)
        if self.config.options.get("broken"):
            raise ConnectionError("refused")
        return Health(True, "answers", 3)

    def query(self, request: QueryRequest) -> QueryOutcome:
        raise NotImplementedError

    def query_result(self, request_no: str) -> QueryOutcome:
        raise NotImplementedError

    def control(self, request: ControlRequest) -> ControlOutcome:
        raise NotImplementedError

    def control_result(self, request: ControlRequest) -> ControlOutcome:
        raise NotImplementedError

    def freeze_status(self, request: ControlRequest) -> ControlOutcome:
        raise NotImplementedError


registry.register(ProbeAdapter)


def _provider(name: str, **options: bool) -> dict[str, object]:
    return {"name": name, "adapter": "test-probe", "base_url": f"http://127.0.0.1:1/{name}", "options": options}


@pytest.fixture
def wired(tmp_path: Path) -> Iterator[Flask]:
    app = create_app({"data_dir": str(tmp_path), "demo": True, "health_timeout_s": 0.2,
                      "providers": [_provider("bank", asynchronous=True), _provider("alipay", hang=True),
                                    _provider("wechat", broken=True)],
                      "provider_order": ["wechat", "bank"]})
    yield app
    app.extensions[EXTENSION_KEY].close()


def test_health_needs_no_token_and_lists_no_providers_when_none(client: JsonClient) -> None:
    answer = client.get("/health")
    assert answer.status_code == 200
    assert (answer.json["status"], answer.json["version"], answer.json["providers"]) == ("ok", "0.1.0", [])


def test_health_asks_every_provider_with_a_timeout(wired: Flask) -> None:
    body = json_client(wired).get("/health").json
    assert body["status"] == "degraded"
    found = {p["name"]: p for p in body["providers"]}
    assert found["bank"]["reachable"] and found["bank"]["latency_ms"] == 3
    assert not found["alipay"]["reachable"] and "within 0.2s" in found["alipay"]["detail"]
    assert not found["wechat"]["reachable"] and "refused" in found["wechat"]["detail"]


def test_providers_come_in_the_configured_order_with_capabilities(wired: Flask) -> None:
    client = json_client(wired)
    assert client.get("/api/v1/providers").status_code == 401
    providers = client.get("/api/v1/providers", headers=auth(JUDGE)).json["providers"]
    assert [p["name"] for p in providers] == ["wechat", "bank", "alipay"]
    bank = providers[1]
    assert (bank["adapter"], bank["dialect"], bank["capabilities"]["asynchronous"]) == ("test-probe", "probe/1", True)
    assert bank["health"]["reachable"] and "credentials" not in bank


def test_openapi_lists_every_route_served(node_app: Flask, client: JsonClient) -> None:
    spec = client.get("/openapi.json").json
    assert spec["openapi"].startswith("3.")
    documented = {(path, method) for path, ops in spec["paths"].items() for method in ops}
    for rule in node_app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.startswith("console."):  # the console's pages are HTML
            continue
        path = rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}")
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
            assert (path, method.lower()) in documented, f"{method} {path} is not in /openapi.json"


def test_openapi_has_the_security_schemes_and_the_error_schema(client: JsonClient) -> None:
    spec = client.get("/openapi.json").json
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert "error" in spec["components"]["schemas"]["Error"]["properties"]
    filing = spec["paths"]["/api/v1/cases"]["post"]
    assert filing["security"] == [{"bearer": []}]
    assert {"400", "401", "403", "409", "422"} <= set(filing["responses"])
    assert any(p["name"] == "Idempotency-Key" for p in filing["parameters"])
    body = filing["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert spec["components"]["schemas"][body]["properties"]["principal"]["type"] == "string"


def test_the_admin_clock_needs_the_admin_token(client: JsonClient, node: NodeContext) -> None:
    assert client.get("/_admin/clock").status_code == 401
    assert client.get("/_admin/clock", headers=auth(JUDGE)).status_code == 401
    assert client.get("/_admin/clock", headers=auth(node.admin_token)).json["stopped"] is False


def test_the_admin_clock_answers_loopback_only(client: JsonClient, node: NodeContext) -> None:
    answer = client.get("/_admin/clock", headers=auth(node.admin_token), environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert answer.status_code == 403


def test_the_clock_stops_and_is_set(client: JsonClient, node: NodeContext) -> None:
    headers = auth(node.admin_token)
    assert client.post("/_admin/clock", json={"stop": True}, headers=headers).json["stopped"]
    moved = client.post("/_admin/clock", json={"set": "2027-01-01T00:00:00+08:00"}, headers=headers).json
    assert moved["now"] == "2026-12-31T16:00:00.000000Z" and moved["stopped"]
    assert client.get("/api/v1/cases", headers=auth(JUDGE)).status_code == 200
    assert node.clock.today().isoformat() == "2027-01-01"


@pytest.mark.parametrize("body", [{}, {"advance": "30d", "stop": True}, {"advance": "soon"}, {"stop": False},
                                  {"set": "2026-01-01"}, {"set": "1900-01-01T00:00:00Z"}, {"jump": "1d"}])
def test_bad_clock_moves_are_400(client: JsonClient, node: NodeContext, body: dict[str, object]) -> None:
    answer = client.post("/_admin/clock", json=body, headers=auth(node.admin_token))
    assert answer.status_code == 400 and answer.json["error"]["code"] == "INVALID_FIELD"
