"""PRODUCT.md's invariants 1-5, checked over the whole ledger. An empty list means all hold."""

from __future__ import annotations

from dataclasses import dataclass

from payment_mocks.ledger.base import TxBase


@dataclass(frozen=True)
class Violation:
    invariant: int
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"invariant": self.invariant, "message": self.message}


class InvariantOps(TxBase):
    """The full check, callable at any time (the control API serves it)."""

    def check_invariants(self) -> list[Violation]:
        found: list[Violation] = []
        q = self.conn.execute
        # 1. Money is conserved: balances + paid to courts + paid by debtors = seeded + credited.
        rows = q("SELECT kind, SUM(amount) AS total FROM movements GROUP BY kind")
        totals = {r["kind"]: int(r["total"]) for r in rows}
        balances = int(q("SELECT COALESCE(SUM(balance), 0) FROM accounts").fetchone()[0])
        payouts = int(q("SELECT COALESCE(SUM(amount), 0) FROM payouts").fetchone()[0])
        debtor_paid = totals.get("payment", 0)
        inflow = totals.get("seed", 0) + totals.get("credit", 0)
        if balances + payouts + debtor_paid != inflow:
            found.append(Violation(1, f"balances {balances} + payouts {payouts} + payments {debtor_paid}"
                                      f" != seeded and credited {inflow}"))
        if payouts != totals.get("deduction", 0):
            found.append(Violation(1, f"payouts {payouts} != deductions journaled {totals.get('deduction', 0)}"))
        for r in q(
            "SELECT a.account_no, a.balance, COALESCE(SUM(CASE WHEN m.kind IN ('seed','credit') THEN m.amount"
            " ELSE -m.amount END), 0) AS journaled FROM accounts a LEFT JOIN movements m ON m.account_no = a.account_no"
            " GROUP BY a.account_no HAVING a.balance != journaled LIMIT 20"
        ):
            found.append(Violation(1, f"account {r['account_no']}: balance {r['balance']} != journal {r['journaled']}"))
        # 2. No available balance below zero: holds never exceed the balance.
        for r in q(
            "SELECT a.account_no, a.balance, SUM(f.held) AS held FROM accounts a JOIN freezes f"
            " ON f.account_no = a.account_no AND f.status = 'active' AND f.mode = 'amount'"
            " GROUP BY a.account_no HAVING SUM(f.held) > a.balance LIMIT 20"
        ):
            found.append(Violation(2, f"account {r['account_no']}: holds {r['held']} exceed balance {r['balance']}"))
        # 3. The same money never held twice; waiting freezes take effect in arrival order.
        for r in q(
            "SELECT account_no FROM freezes WHERE status = 'active' AND mode = 'account'"
            " GROUP BY account_no HAVING COUNT(*) > 1 LIMIT 20"
        ):
            found.append(Violation(3, f"account {r['account_no']}: two whole-account freezes in force"))
        for r in q(
            "SELECT w.id AS waiting, f.id AS later FROM freezes w JOIN freezes f ON f.account_no = w.account_no"
            " AND f.id > w.id AND f.activated_at IS NOT NULL WHERE w.status = 'waiting' LIMIT 20"
        ):
            found.append(Violation(3, f"freeze {r['later']} took effect while earlier freeze {r['waiting']} waits"))
        for r in q(
            "SELECT a.id AS earlier, b.id AS later FROM freezes a JOIN freezes b ON a.account_no = b.account_no"
            " AND b.id > a.id AND a.activated_at IS NOT NULL AND b.activated_at IS NOT NULL"
            " AND b.activated_at < a.activated_at LIMIT 20"
        ):
            found.append(Violation(3, f"freeze {r['later']} took effect before earlier freeze {r['earlier']}"))
        # 4. Every freeze ends exactly once, and nothing stays in force past its expiry.
        for r in q(
            "SELECT f.id, f.status, (SELECT COUNT(*) FROM freeze_events e WHERE e.freeze_id = f.id AND e.event IN"
            " ('expired', 'released', 'deducted')) AS endings FROM freezes f"
            " WHERE (f.status IN ('active', 'waiting') AND endings != 0)"
            " OR (f.status NOT IN ('active', 'waiting') AND (endings != 1 OR f.held != 0 OR f.ended_at IS NULL))"
            " LIMIT 20"
        ):
            found.append(Violation(4, f"freeze {r['id']} ({r['status']}) has {r['endings']} endings"))
        for r in q("SELECT id FROM freezes WHERE status = 'active' AND expires_at <= ? LIMIT 20", (self.now_us,)):
            found.append(Violation(4, f"freeze {r['id']} is still in force past its expiry"))
        # 5. A deduction never exceeds what its freeze held.
        for r in q(
            "SELECT f.id, f.deducted, f.amount_requested, COALESCE(SUM(p.amount), 0) AS paid FROM freezes f"
            " LEFT JOIN payouts p ON p.freeze_id = f.id GROUP BY f.id"
            " HAVING paid != f.deducted OR (f.mode = 'amount' AND f.held + f.deducted > f.amount_requested) LIMIT 20"
        ):
            found.append(Violation(5, f"freeze {r['id']}: deducted {r['deducted']}, paid out {r['paid']},"
                                      f" asked {r['amount_requested']}"))
        return found
