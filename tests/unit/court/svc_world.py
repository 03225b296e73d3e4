"""A court node wired to fake providers, with the simulated clock stopped, for the enforcement services' tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask

from court_node.adapters.fake import FakeAdapter
from court_node.app import create_app
from court_node.context import EXTENSION_KEY, NodeContext
from tests.unit.court.node_requests import DEBTOR, JUDGE, JsonClient, auth, filing, json_client

START = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)  # 10:00 in Beijing
COMPANY = {"name": "北京某科技有限公司", "id_type": "uscc", "id_number": "91110105MA01ABCD13"}


def fake_provider(name: str, timeout_s: float = 2.0, **options: Any) -> dict[str, Any]:
    return {"name": name, "adapter": "fake", "base_url": f"memory://{name}", "timeout_s": timeout_s,
            "options": options}


@dataclass
class World:
    app: Flask
    ctx: NodeContext
    client: JsonClient

    def fake(self, name: str) -> FakeAdapter:
        adapter = self.ctx.adapters[name]
        assert isinstance(adapter, FakeAdapter)
        return adapter

    def post(self, path: str, body: dict[str, Any], token: str = JUDGE) -> Any:
        return self.client.post(path, json=body, headers=auth(token))

    def get(self, path: str, token: str = JUDGE) -> Any:
        return self.client.get(path, headers=auth(token))

    def file(self, serial: int = 1, *, court: str = "京0101", token: str = JUDGE, debtor: dict[str, str] | None = None,
             principal: str = "50000.00", costs: str = "750.00", notice: bool = True) -> int:
        """File a case (and serve its notice now); its id."""
        answer = self.post("/api/v1/cases", filing(serial, court, debtor=dict(debtor or DEBTOR), principal=principal,
                                                   costs=costs), token)
        assert answer.status_code == 201, answer.json
        case_id: int = answer.json["id"]
        if notice:
            served = self.post(f"/api/v1/cases/{case_id}/notice", {"document_no": f"通知书{serial}"}, token)
            assert served.status_code == 200, served.json
        return case_id

    def inspect(self, case_id: int, token: str = JUDGE, **body: Any) -> Any:
        answer = self.post(f"/api/v1/cases/{case_id}/inspections", body, token)
        assert answer.status_code == 201, answer.json
        return answer.json

    def freeze(self, case_id: int, token: str = JUDGE, **body: Any) -> Any:
        return self.post(f"/api/v1/cases/{case_id}/freezes", {"document_no": "冻结裁定", **body}, token)

    def inspect_and_freeze(self, case_id: int, token: str = JUDGE, **body: Any) -> list[dict[str, Any]]:
        self.inspect(case_id, token)
        answer = self.freeze(case_id, token, **body)
        assert answer.status_code == 201, answer.json
        freezes: list[dict[str, Any]] = answer.json["freezes"]
        return freezes

    def deduct(self, case_id: int, token: str = JUDGE, **body: Any) -> Any:
        return self.post(f"/api/v1/cases/{case_id}/deductions",
                         {"document_no": "扣划裁定", "notice_no": "协助执行通知书", **body}, token)

    def case(self, case_id: int, token: str = JUDGE) -> Any:
        return self.get(f"/api/v1/cases/{case_id}", token).json

    def advance(self, days: int) -> None:
        self.ctx.clock.advance(timedelta(days=days))

    def actions(self, case_id: int, token: str = JUDGE) -> list[str]:
        return [e["action"] for e in self.get(f"/api/v1/cases/{case_id}/events", token).json["events"]]

    def close(self) -> None:
        self.ctx.close()


def make_world(tmp_path: Path, providers: list[dict[str, Any]], **settings: Any) -> World:
    """A demo node (courts 京0101, 京0105...) with ``providers``; the clock stopped at START."""
    app = create_app({"data_dir": str(tmp_path / "court"), "demo": True, "providers": providers, **settings})
    ctx: NodeContext = app.extensions[EXTENSION_KEY]
    ctx.clock.set(START)
    ctx.clock.stop()
    return World(app, ctx, json_client(app))


def open_accounts(world: World, debtor: dict[str, str], **balances: tuple[str, int]) -> None:
    """``bank=("6222001", 3_000_000)``: open the debtor's account at each named fake provider, balance in fen."""
    for provider, (account_no, balance) in balances.items():
        world.fake(provider).open_account(debtor["name"], debtor["id_type"], debtor["id_number"], account_no, balance)
