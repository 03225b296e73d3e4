"""A mock provider's books read through its control API, and its faults switched on and off."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from court_node.adapters.base import AdapterError
from court_node.adapters.types import OutcomeState
from payment_mocks.testing import MockProvider

T = TypeVar("T")


def books(mock: MockProvider) -> dict[str, Any]:
    """Balances, holds, every freeze's status and figures, payouts and restriction orders."""
    accounts = mock.admin("GET", "/accounts")["accounts"]
    freezes = mock.admin("GET", "/freezes")["freezes"]
    return {
        "accounts": sorted((a["account_no"], a["balance_fen"], a["held_fen"]) for a in accounts),
        "freezes": sorted((f["freeze_no"], f["status"], f["held_fen"], f["deducted_fen"], f.get("expires_at"))
                          for f in freezes),
        "payouts": sorted((p["freeze_no"], p["request_no"], p["amount_fen"])
                          for p in mock.admin("GET", "/payouts")["payouts"]),
        "restrictions": sorted((r["id"], r["in_force"]) for r in mock.admin("GET", "/restrictions")["restrictions"]),
    }


def answer_lost(mock: MockProvider, send: Callable[[], T]) -> T | None:
    """Send with every dialect answer dropped after the provider committed it; what the caller made of it."""
    mock.admin("PUT", "/faults", {"seed": 1, "error_rate": 1.0, "error_kind": "drop"})
    try:
        heard = send()
    except AdapterError as exc:
        assert exc.outcome_unknown, exc
        return None
    finally:
        mock.admin("DELETE", "/faults")
    # an adapter reports a lost answer as UNKNOWN: it must not have heard an answer
    assert getattr(heard, "state", None) is OutcomeState.UNKNOWN, heard
    return heard
