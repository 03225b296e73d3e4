"""What every ledger operation shares inside one transaction: the connection, the instant, the rules."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from payment_mocks.ledger.capabilities import Capabilities
from payment_mocks.ledger.errors import AccountNotFound, FreezeNotFound, InvariantViolation
from payment_mocks.ledger.model import Freeze, FreezeMode, FreezeStatus, Movement, MovementKind

DAY_US = 86_400_000_000


@dataclass
class AccountState:
    """Balance and the holds on it, computed from the active freezes."""

    balance: int
    amount_held: int  # held by active amount freezes
    whole_account: bool  # an active whole-account freeze blocks every debit
    active: list[sqlite3.Row]
    waiting: list[sqlite3.Row]

    @property
    def free(self) -> int:
        """Money no amount freeze holds (a whole-account freeze may still hold it)."""
        return self.balance - self.amount_held

    @property
    def available(self) -> int:
        """What the debtor may spend (可用余额)."""
        return 0 if self.whole_account else self.free


class TxBase:
    """State shared by the operation mixins of one ledger transaction."""

    def __init__(self, conn: sqlite3.Connection, now_us: int, caps: Capabilities, freeze_prefix: str) -> None:
        self.conn = conn
        #: the instant operations happen at; settlement moves it through past instants in order
        self.now_us = now_us
        self.caps = caps
        self.freeze_prefix = freeze_prefix
        self.touched: set[str] = set()

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Undo just this block on error (one item of a multi-item request) and let the rest commit."""
        self.conn.execute("SAVEPOINT item")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK TO item")
            self.conn.execute("RELEASE item")
            raise
        self.conn.execute("RELEASE item")

    # ---- rows -------------------------------------------------------------------------------------
    def _account_row(self, account_no: str) -> sqlite3.Row:
        row = self.conn.execute("SELECT * FROM accounts WHERE account_no = ?", (account_no,)).fetchone()
        if row is None:
            raise AccountNotFound(f"account {account_no!r} does not exist", field="account_no")
        return row  # type: ignore[no-any-return]

    def _freeze_row(self, freeze_id: int) -> sqlite3.Row:
        row = self.conn.execute("SELECT * FROM freezes WHERE id = ?", (freeze_id,)).fetchone()
        if row is None:
            raise FreezeNotFound(f"freeze {freeze_id} does not exist")
        return row  # type: ignore[no-any-return]

    def _state(self, account_no: str) -> AccountState:
        balance = int(self._account_row(account_no)["balance"])
        rows = self.conn.execute(
            "SELECT * FROM freezes WHERE account_no = ? AND status IN ('active', 'waiting') ORDER BY id",
            (account_no,),
        ).fetchall()
        active = [r for r in rows if r["status"] == FreezeStatus.ACTIVE]
        waiting = [r for r in rows if r["status"] == FreezeStatus.WAITING]
        amount_held = sum(int(r["held"]) for r in active if r["mode"] == FreezeMode.AMOUNT)
        whole = any(r["mode"] == FreezeMode.ACCOUNT for r in active)
        return AccountState(balance, amount_held, whole, active, waiting)

    def _freeze(self, row: sqlite3.Row, state: AccountState | None = None) -> Freeze:
        """A freeze as callers see it: a whole-account freeze holds what no amount freeze does."""
        held: int | None = None
        position: int | None = None
        if row["status"] in (FreezeStatus.ACTIVE, FreezeStatus.WAITING):
            state = state or self._state(row["account_no"])
            if row["mode"] == FreezeMode.ACCOUNT and row["status"] == FreezeStatus.ACTIVE:
                held = state.free
            if row["status"] == FreezeStatus.WAITING:
                position = [int(w["id"]) for w in state.waiting].index(int(row["id"])) + 1
        return Freeze.from_row(row, held=held, queue_position=position)

    def _event(self, freeze_id: int, event: str, amount: int = 0, detail: str = "") -> None:
        self.conn.execute(
            "INSERT INTO freeze_events(freeze_id, at, event, amount, detail) VALUES (?, ?, ?, ?, ?)",
            (freeze_id, self.now_us, event, amount, detail),
        )

    def _move(
        self, account_no: str, kind: MovementKind, amount: int, *, freeze_id: int | None = None,
        counterparty: str = "", category: str = "", reference: str = "", memo: str = "",
    ) -> Movement:
        sign = 1 if kind in (MovementKind.SEED, MovementKind.CREDIT) else -1
        self.conn.execute(
            "UPDATE accounts SET balance = balance + ? WHERE account_no = ?", (sign * amount, account_no)
        )
        balance_after = int(self._account_row(account_no)["balance"])
        cur = self.conn.execute(
            "INSERT INTO movements(at, account_no, kind, amount, balance_after, freeze_id, counterparty, category,"
            " reference, memo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (self.now_us, account_no, kind.value, amount, balance_after, freeze_id, counterparty, category,
             reference, memo),
        )
        self.touched.add(account_no)
        return Movement(int(cur.lastrowid or 0), self.now_us, account_no, kind, amount, balance_after, freeze_id,
                        counterparty, category, reference, memo)

    # ---- the heart: who holds freed and incoming money ---------------------------------------------
    def _fill(self, account_no: str) -> None:
        """Give free money to unmet capturing freezes, then let waiting freezes take effect in order.

        Runs after anything that frees money or ends a freeze (credit, release, expiry, deduction) and after
        a new freeze arrives. A new freeze arrives as waiting and is activated here, so arrival and
        succession follow one rule: the head of the line takes effect once nothing blocks it.
        """
        self.touched.add(account_no)
        while True:
            st = self._state(account_no)
            free = st.free
            for row in st.active:
                if row["mode"] != FreezeMode.AMOUNT or not row["captures"] or free <= 0:
                    continue
                unmet = int(row["amount_requested"]) - int(row["held"]) - int(row["deducted"])
                take = min(unmet, free)
                if take > 0:
                    self.conn.execute("UPDATE freezes SET held = held + ? WHERE id = ?", (take, row["id"]))
                    self._event(int(row["id"]), "captured", take)
                    free -= take
            if not st.waiting:
                return
            head = st.waiting[0]
            if head["mode"] == FreezeMode.AMOUNT:
                # Money no one holds, or nothing in force at all (an empty account: it takes effect holding 0).
                can = not st.whole_account and (free > 0 or not st.active)
            else:
                can = not st.whole_account
            if not can:
                return
            self._activate(head, free)

    def _activate(self, row: sqlite3.Row, free: int) -> None:
        held = min(int(row["amount_requested"]), free) if row["mode"] == FreezeMode.AMOUNT else 0
        expires = self.now_us + int(row["term_days"]) * DAY_US
        self.conn.execute(
            "UPDATE freezes SET status = 'active', held = ?, activated_at = ?, expires_at = ? WHERE id = ?",
            (held, self.now_us, expires, row["id"]),
        )
        self._event(int(row["id"]), "activated", held)

    def _end(self, row: sqlite3.Row, status: FreezeStatus, at: int | None = None) -> None:
        """A freeze ends exactly once: the WHERE clause refuses a second ending."""
        cur = self.conn.execute(
            "UPDATE freezes SET status = ?, held = 0, ended_at = ? WHERE id = ? AND status IN ('active', 'waiting')",
            (status.value, self.now_us if at is None else at, row["id"]),
        )
        if cur.rowcount != 1:
            raise InvariantViolation(f"freeze {row['id']} ended twice")
        self._event(int(row["id"]), status.value, int(row["held"]))

    # ---- invariants asserted inside the code that moves money --------------------------------------
    def _assert_account(self, account_no: str) -> None:
        st = self._state(account_no)
        if st.balance < 0 or st.amount_held > st.balance:
            raise InvariantViolation(
                f"account {account_no}: balance {st.balance} cannot cover holds of {st.amount_held}"
            )
        if sum(1 for r in st.active if r["mode"] == FreezeMode.ACCOUNT) > 1:
            raise InvariantViolation(f"account {account_no}: two whole-account freezes in force")
        for r in st.active:
            if r["mode"] == FreezeMode.AMOUNT and int(r["held"]) + int(r["deducted"]) > int(r["amount_requested"]):
                raise InvariantViolation(f"freeze {r['id']} holds more than it asked for")
        if st.waiting and any(int(r["id"]) > int(st.waiting[0]["id"]) for r in st.active):
            raise InvariantViolation(f"account {account_no}: a later freeze took effect before an earlier one")
