"""A provider's books as a comparable snapshot, and the housekeeping that keeps a fuzzed provider fuzzable."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask

from payment_mocks.runtime import EXTENSION_KEY, Provider

#: tables that hold money or court orders; replies, nonces and settings record answers and callers, not books
_BOOKS = ("subjects", "accounts", "freezes", "freeze_events", "movements", "payouts", "restrictions")


def provider_of(app: Flask) -> Provider:
    provider: Provider = app.extensions[EXTENSION_KEY]
    return provider


def books(app: Flask) -> dict[str, Any]:
    """Row counts of every book, the total balance, and the invariant violations."""
    ledger = provider_of(app).ledger
    with ledger.db.read() as conn:
        counts: dict[str, Any] = {name: conn.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0] for name in _BOOKS}
        counts["balance_fen"] = conn.execute("SELECT COALESCE(SUM(balance), 0) FROM accounts").fetchone()[0]
    counts["violations"] = [str(v) for v in ledger.check_invariants()]
    return counts


def steady(app: Flask, admin_token: str, register: Callable[[], None]) -> None:
    """Undo what a fuzzed control call may have switched: faults off, caller registered, clock stopped and
    everything due settled, so that the next request is judged on its own."""
    client = app.test_client()
    client.delete("/_admin/faults", headers={"Authorization": f"Bearer {admin_token}"})
    provider = provider_of(app)
    register()
    provider.clock.stop()
    with provider.ledger.transaction():
        pass
