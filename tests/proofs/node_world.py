"""A court node on fake providers with one case already frozen, and snapshots of everything money touches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from court_node.store import tables
from tests.unit.court.svc_world import COMPANY, World, open_accounts

#: the node's business records: a replayed answer must leave every one of them as the first request left it
RECORD_TABLES = ("cases", "collections", "inspections", "inspection_results", "provider_requests", "freezes",
                 "deductions", "restrictions", "audit_events")
BANK_ACCOUNT = "6222077"
ALIPAY_ACCOUNT = "2088077"


@dataclass(frozen=True)
class Prepared:
    """A case filed, noticed, inspected and frozen at the bank (5000.00 of 8000.00 due)."""

    case_id: int
    freeze_id: int


def prepare(world: World) -> Prepared:
    """The state every call in the matrix can act on."""
    open_accounts(world, COMPANY, bank=(BANK_ACCOUNT, 600_000), alipay=(ALIPAY_ACCOUNT, 600_000))
    case_id = world.file(debtor=COMPANY, principal="8000.00", costs="0")
    world.inspect(case_id)
    answer = world.freeze(case_id, items=[{"provider": "bank", "account_no": BANK_ACCOUNT, "amount": "5000.00"}])
    assert answer.status_code == 201, answer.json
    return Prepared(case_id, int(answer.json["freezes"][0]["id"]))


def node_records(world: World) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the node's business tables."""
    with world.ctx.store.read() as conn:
        return {name: [tuple(row) for row in conn.execute(select(getattr(tables, name)))] for name in RECORD_TABLES}


def provider_books(world: World) -> dict[str, Any]:
    """Balances, freezes (status, held, deducted), payouts and restriction orders at every fake provider."""
    books: dict[str, Any] = {}
    for name in world.ctx.adapters:
        b = world.fake(name).books
        with b.lock:
            books[name] = (
                sorted((a.account_no, a.balance) for a in b.accounts.values()),
                [(f.freeze_no, f.status, b.held(f), f.deducted) for f in b.freezes],
                [(p.freeze_no, p.amount) for p in b.payouts],
                [(r.reference, r.lifted_at) for r in b.restrictions],
            )
    return books
