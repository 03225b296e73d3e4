"""The stack-wide invariant check: quiet while everything agrees, loud when a provider holds money the node
does not know about, and the node's admin routes behind the admin token."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta

import pytest
import requests

from court_node.adapters import registry
from court_node.adapters.base import ProviderConfig
from court_node.adapters.types import ControlRequest, Court, Operation, OutcomeState, Subject
from court_node.client import CourtClient
from court_node.stack.invariants import check_stack
from court_node.stack.launcher import Stack
from tests.e2e.court.flows import file_case, inspect_all, new_debtor, wait_for

pytestmark = pytest.mark.slow


def test_the_node_admin_checks_need_the_admin_token(stack: Stack) -> None:
    for method, path in (("GET", "/invariants"), ("GET", "/freezes"), ("POST", "/reconcile")):
        answer = requests.request(method, f"{stack.url('node')}/_admin{path}", timeout=10)
        assert answer.status_code == 401, path


def test_a_stack_after_freezes_at_every_provider_shows_no_violation(stack: Stack, dongcheng: CourtClient) -> None:
    debtor = new_debtor(stack, "冯八", {"bank": [("6222000000000808", "900.00")],
                                      "alipay": [("2088000000000808", "700.00")],
                                      "wechat": [("oE2eWallet0000000000000000808", "400.00")]})
    case = file_case(dongcheng, "京0101", debtor, "1500.00")
    inspect_all(dongcheng, case["id"])
    placed = dongcheng.freeze(case["id"], "（2026）京0101执冻8号")["freezes"]
    wait_for("every freeze to take effect", lambda: dongcheng.freezes(case["id"], refresh=True),
             lambda fs: all(f["status"] == "active" for f in fs))
    assert len(placed) >= 2
    assert check_stack(stack) == []
    rows = stack.admin("node", "GET", "/freezes")["freezes"]
    assert {r["provider"] for r in rows if r["case_id"] == case["id"]} == {f["provider"] for f in placed}


def test_a_freeze_the_provider_holds_but_the_node_never_recorded_is_reported(stack: Stack) -> None:
    wallet = "oE2eWallet0000000000000000909"
    debtor = new_debtor(stack, "陈九", {"wechat": [(wallet, "300.00")]})
    config = next(p for p in json.loads((stack.data_dir / "node-config.json").read_text())["providers"]
                  if p["name"] == "wechat")
    adapter = registry.build(ProviderConfig(**config))
    start = date.fromisoformat(stack.admin("node", "GET", "/clock")["now_beijing"][:10])
    request = ControlRequest(request_no=f"F{uuid.uuid4().hex[:20]}", operation=Operation.FREEZE,
                             court=Court("京0101", "北京市东城区人民法院", "0200000709014400123"), judge="张法官",
                             case_no="（2026）京0101执909号", document_no="（2026）京0101执冻909号",
                             subject=Subject(debtor.name, debtor.id_type, debtor.id_number), account_no=wallet,
                             amount=10_000, whole_account=False, start_date=start,
                             end_date=start + timedelta(days=30))
    assert adapter.control(request).state is OutcomeState.COMPLETED  # straight to the provider, past the node
    violations = check_stack(stack)
    assert [(v.where, v.rule) for v in violations] == [("wechat", 6)]
    assert wallet in violations[0].message and "the node does not know it" in str(violations[0])
