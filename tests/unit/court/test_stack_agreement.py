"""Rule 6 compared for one provider: the node's freezes against the provider's books."""

from __future__ import annotations

from typing import Any

from court_node.stack.invariants import Violation, compare


def _node(status: str = "active", held: str = "100.00", busy: bool = False, **extra: Any) -> dict[str, Any]:
    return {"id": 1, "request_no": "F1", "provider_ref": "WX1", "account_no": "A1", "status": status, "held": held,
            "busy": busy, **extra}


def _theirs(status: str = "active", held: str = "100.00", **extra: Any) -> dict[str, Any]:
    return {"freeze_no": "WX1", "request_no": "F1", "authority_code": "京0101", "account_no": "A1",
            "status": status, "held": held, **extra}


def test_matching_records_agree() -> None:
    assert compare("wechat", [_node()], [_theirs()]) == []


def test_a_different_status_is_reported() -> None:
    found = compare("wechat", [_node("active")], [_theirs("expired")])
    assert found == [Violation("wechat", 6, "freeze 1 (request F1) on A1: the node says active, wechat says expired")]


def test_a_different_amount_held_is_reported() -> None:
    [found] = compare("wechat", [_node(held="100.00")], [_theirs(held="60.00")])
    assert "holds 100.00" in found.message and "says 60.00" in found.message


def test_a_freeze_the_provider_lacks_is_reported() -> None:
    [found] = compare("bank", [_node("released")], [])
    assert found.rule == 6 and "has no such freeze" in found.message


def test_a_busy_freeze_is_not_judged_yet() -> None:
    assert compare("bank", [_node("active", busy=True)], [_theirs("released")]) == []


def test_a_failed_freeze_the_provider_holds_is_reported() -> None:
    [found] = compare("alipay", [_node("failed")], [_theirs("active")])
    assert "as failed" in found.message


def test_a_provider_freeze_unknown_to_the_node_is_reported_while_it_holds_money() -> None:
    assert compare("alipay", [], [_theirs("released")]) == []
    [found] = compare("alipay", [], [_theirs("waiting")])
    assert "the node does not know it" in found.message


def test_matching_falls_back_to_the_request_number() -> None:
    assert compare("bank", [_node(provider_ref="")], [_theirs()]) == []
