"""The ledger: one SQLite file per provider, one clock, transactions that settle time before acting."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from payment_mocks.clock import ClockState, SimClock
from payment_mocks.ledger.accounts import AccountOps
from payment_mocks.ledger.capabilities import Capabilities, profile
from payment_mocks.ledger.database import Database
from payment_mocks.ledger.freezes import FreezeOps
from payment_mocks.ledger.invariants import InvariantOps, Violation
from payment_mocks.ledger.replies import ReplyOps
from payment_mocks.ledger.restrictions import RestrictionOps
from payment_mocks.ledger.schema import LEDGER_TABLES, SCHEMA


class LedgerTx(AccountOps, FreezeOps, RestrictionOps, ReplyOps, InvariantOps):
    """Every ledger operation, inside one all-or-nothing transaction."""


class Settler(Protocol):
    """Work that falls due at a simulated instant (a bank request whose processing delay ran out)."""

    def next_due(self, tx: LedgerTx) -> int | None: ...

    def run_due(self, tx: LedgerTx, at: int) -> None: ...


class Ledger:
    """A provider's books: subjects, accounts, freezes, movements; state on disk under ``data_dir``."""

    def __init__(self, data_dir: Path, *, provider: str = "generic", profile_name: str | None = None,
                 freeze_prefix: str = "F") -> None:
        self.data_dir = Path(data_dir)
        self.provider = provider
        self.freeze_prefix = freeze_prefix
        self.db = Database(self.data_dir / "ledger.sqlite3")
        self.db.run_script(SCHEMA)
        if profile_name is not None or self.db.get_setting("profile") is None:
            self.set_profile(profile_name or "current")
        self.clock = SimClock(load=self._load_clock, save=self._save_clock)
        self.settlers: list[Settler] = []
        #: tables a dialect keeps in this file (a bank's accepted requests), emptied with the books on reset
        self.extra_tables: list[str] = []

    # ---- configuration ----------------------------------------------------------------------------
    @property
    def profile_name(self) -> str:
        return self.db.get_setting("profile") or "current"

    @property
    def capabilities(self) -> Capabilities:
        return profile(self.provider, self.profile_name)

    def set_profile(self, name: str) -> Capabilities:
        caps = profile(self.provider, name)  # fails loudly on an unknown name
        self.db.set_setting("profile", name)
        return caps

    def _load_clock(self) -> ClockState:
        raw = self.db.get_setting("clock")
        if raw is None:
            return ClockState()
        data = json.loads(raw)
        return ClockState(offset_us=int(data["offset_us"]), stopped_at_us=data.get("stopped_at_us"))

    def _save_clock(self, state: ClockState) -> None:
        self.db.set_setting("clock", json.dumps({"offset_us": state.offset_us, "stopped_at_us": state.stopped_at_us}))

    # ---- transactions -----------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[LedgerTx]:
        """Settle everything that fell due up to now, then act; commit on success, roll back on error."""
        with self.db.write() as conn:
            tx = LedgerTx(conn, self.clock.now_us(), self.capabilities, self.freeze_prefix)
            self._settle(tx)
            yield tx

    def settle(self) -> None:
        """Bring the books up to the clock: lapse expired freezes and run due work, each at its own instant."""
        with self.transaction():
            pass

    def _settle(self, tx: LedgerTx) -> None:
        target = tx.now_us
        for _ in range(10_000_000):
            due: list[tuple[int, int, Settler | None]] = []
            expiry = tx.next_expiry()
            if expiry is not None and expiry <= target:
                due.append((expiry, 0, None))
            for i, settler in enumerate(self.settlers, start=1):
                at = settler.next_due(tx)
                if at is not None and at <= target:
                    due.append((at, i, settler))
            if not due:
                break
            at, _, chosen = min(due, key=lambda d: (d[0], d[1]))
            if chosen is None:
                tx.expire_due(at)
            else:
                tx.now_us = at
                try:
                    chosen.run_due(tx, at)
                finally:
                    tx.now_us = target
        tx.now_us = target

    # ---- whole-ledger operations ------------------------------------------------------------------
    def check_invariants(self) -> list[Violation]:
        with self.transaction() as tx:
            return tx.check_invariants()

    def reset(self) -> None:
        """Empty the books (subjects, accounts, freezes, journal, replies); settings and keys stay."""
        with self.db.write() as conn:
            for table in [*reversed(self.extra_tables), *reversed(LEDGER_TABLES)]:
                conn.execute(f"DELETE FROM {table}")

    def close(self) -> None:
        self.db.close()
