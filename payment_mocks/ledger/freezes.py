"""Judicial freezes (冻结): place, renew (续冻), release (解冻), deduct (扣划), and lapse on expiry.

Modelled on a two-phase transfer: a freeze is a pending hold, release voids it, deduction posts it in full
or in part, expiry times it out; each ends exactly once.
"""

from __future__ import annotations

import sqlite3

from payment_mocks.ledger.base import DAY_US, TxBase
from payment_mocks.ledger.errors import (
    CapabilityMissing,
    DeductExceedsHeld,
    DuplicateEntry,
    FreezeEnded,
    FreezeExpired,
    FreezeNotActive,
    FreezeNotFound,
    InvalidRequest,
    NotFreezeOwner,
    TermInvalid,
)
from payment_mocks.ledger.model import Freeze, FreezeMode, FreezeStatus, MovementKind, Payout

MAX_TERM_DAYS = 365


def _text(value: object, field: str, max_len: int = 64) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > max_len:
        raise InvalidRequest(f"{field} must be a non-empty string of at most {max_len} characters", field=field)
    return value


class FreezeOps(TxBase):
    """Operations a court performs on a debtor's account."""

    def place_freeze(
        self, *, account_no: str, authority_code: str, authority_name: str, request_no: str, document_no: str,
        mode: FreezeMode, amount: int | None, term_days: int, case_no: str = "",
    ) -> Freeze:
        """Freeze funds or a whole account; waits in line behind freezes already holding the money (轮候)."""
        _text(authority_code, "authority_code", 32)
        _text(authority_name, "authority_name", 100)
        _text(request_no, "request_no")
        _text(document_no, "document_no", 100)
        mode = FreezeMode(mode)
        if isinstance(term_days, bool) or not isinstance(term_days, int) or not 1 <= term_days <= MAX_TERM_DAYS:
            raise TermInvalid(f"a freeze lasts 1 to {MAX_TERM_DAYS} days, not {term_days!r}", field="term_days")
        if mode is FreezeMode.AMOUNT:
            if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
                raise InvalidRequest("an amount freeze needs a positive amount in fen", field="amount")
        else:
            if not self.caps.whole_account_freeze:
                raise CapabilityMissing("this provider cannot freeze a whole account online")
            amount = None
        self._account_row(account_no)
        if self.conn.execute(
            "SELECT 1 FROM freezes WHERE authority_code = ? AND request_no = ? AND account_no = ?",
            (authority_code, request_no, account_no),
        ).fetchone():
            raise DuplicateEntry(f"request {request_no} already froze account {account_no}", field="request_no")
        next_id = int(self.conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM freezes").fetchone()[0])
        self.conn.execute(
            "INSERT INTO freezes(id, freeze_no, account_no, authority_code, authority_name, request_no, document_no,"
            " case_no, mode, amount_requested, captures, status, term_days, placed_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?)",
            (next_id, f"{self.freeze_prefix}{next_id:010d}", account_no, authority_code, authority_name, request_no,
             document_no, case_no, mode.value, amount, int(self.caps.capture_credits), term_days, self.now_us),
        )
        self._event(next_id, "placed", amount or 0)
        self._fill(account_no)
        self._assert_account(account_no)
        return self.freeze(next_id)

    def freeze(self, freeze_id: int) -> Freeze:
        return self._freeze(self._freeze_row(freeze_id))

    def freeze_by_no(self, freeze_no: str) -> Freeze:
        row = self.conn.execute("SELECT * FROM freezes WHERE freeze_no = ?", (freeze_no,)).fetchone()
        if row is None:
            raise FreezeNotFound(f"no freeze numbered {freeze_no}", field="freeze_no")
        return self._freeze(row)

    def find_freezes(self, authority_code: str, request_no: str, account_no: str | None = None) -> list[Freeze]:
        """Freezes a court placed under one request number (one per account), in order."""
        sql = "SELECT * FROM freezes WHERE authority_code = ? AND request_no = ?"
        args: list[object] = [authority_code, request_no]
        if account_no is not None:
            sql += " AND account_no = ?"
            args.append(account_no)
        return [self._freeze(r) for r in self.conn.execute(sql + " ORDER BY id", args).fetchall()]

    def freezes_on(self, account_no: str, *, include_ended: bool = False) -> list[Freeze]:
        self._account_row(account_no)
        rows = self.conn.execute("SELECT * FROM freezes WHERE account_no = ? ORDER BY id", (account_no,)).fetchall()
        return [self._freeze(r) for r in rows if include_ended or not FreezeStatus(r["status"]).ended]

    def renew(self, freeze_id: int, authority_code: str, extend_days: int) -> Freeze:
        """Extend an effective freeze before it lapses, by at most 365 days past its current expiry."""
        if not self.caps.renewal:
            raise CapabilityMissing("this provider cannot renew freezes online")
        row = self._owned(freeze_id, authority_code)
        if row["status"] == FreezeStatus.WAITING:
            raise FreezeNotActive("a waiting freeze has no term to renew yet")
        if isinstance(extend_days, bool) or not isinstance(extend_days, int) or not 1 <= extend_days <= MAX_TERM_DAYS:
            raise TermInvalid(
                f"a renewal extends the expiry by 1 to {MAX_TERM_DAYS} days, not {extend_days!r}", field="end_date"
            )
        new_expiry = int(row["expires_at"]) + extend_days * DAY_US
        self.conn.execute(
            "UPDATE freezes SET expires_at = ?, renewals = renewals + 1 WHERE id = ?", (new_expiry, freeze_id)
        )
        self._event(freeze_id, "renewed", 0, f"+{extend_days}d")
        return self.freeze(freeze_id)

    def release(self, freeze_id: int, authority_code: str) -> Freeze:
        """Unfreeze: the money becomes available and the next freeze in line takes effect."""
        row = self._owned(freeze_id, authority_code)
        self._end(row, FreezeStatus.RELEASED)
        self._fill(row["account_no"])
        self._assert_account(row["account_no"])
        return self.freeze(freeze_id)

    def deduct(
        self, freeze_id: int, authority_code: str, amount: int, *, request_no: str, document_no: str,
        enforcement_account: str,
    ) -> Payout:
        """Move frozen money into the court's enforcement account; never more than the freeze holds."""
        if not self.caps.online_deduction:
            raise CapabilityMissing("this provider does not accept deductions online")
        _text(request_no, "request_no")
        _text(document_no, "document_no", 100)
        _text(enforcement_account, "enforcement_account", 64)
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise InvalidRequest("a deduction needs a positive amount in fen", field="amount")
        row = self._owned(freeze_id, authority_code)
        if row["status"] == FreezeStatus.WAITING:
            raise FreezeNotActive("a waiting freeze holds nothing yet")
        freeze = self._freeze(row)
        if amount > freeze.held:
            raise DeductExceedsHeld(f"the freeze holds {freeze.held} fen; {amount} fen cannot be deducted",
                                    field="amount")
        if self.conn.execute(
            "SELECT 1 FROM payouts WHERE authority_code = ? AND request_no = ? AND freeze_id = ?",
            (authority_code, request_no, freeze_id),
        ).fetchone():
            raise DuplicateEntry(f"deduction request {request_no} already took effect", field="request_no")
        self._move(row["account_no"], MovementKind.DEDUCTION, amount, freeze_id=freeze_id,
                   counterparty=enforcement_account, reference=request_no, memo=document_no)
        if row["mode"] == FreezeMode.AMOUNT:
            self.conn.execute("UPDATE freezes SET held = held - ?, deducted = deducted + ? WHERE id = ?",
                              (amount, amount, freeze_id))
        else:
            self.conn.execute("UPDATE freezes SET deducted = deducted + ? WHERE id = ?", (amount, freeze_id))
        cur = self.conn.execute(
            "INSERT INTO payouts(freeze_id, authority_code, request_no, document_no, enforcement_account, amount, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (freeze_id, authority_code, request_no, document_no, enforcement_account, amount, self.now_us),
        )
        self._event(freeze_id, "deduction", amount, request_no)
        after = self._freeze_row(freeze_id)
        if after["mode"] == FreezeMode.AMOUNT and int(after["held"]) == 0 and (
            int(after["deducted"]) >= int(after["amount_requested"]) or not after["captures"]
        ):
            # Fully deducted: nothing left to hold and nothing more it could capture.
            self._end(after, FreezeStatus.DEDUCTED)
        self._fill(row["account_no"])
        self._assert_account(row["account_no"])
        return Payout(int(cur.lastrowid or 0), freeze_id, row["freeze_no"], authority_code, request_no, document_no,
                      enforcement_account, amount, self.now_us)

    def payouts(self, authority_code: str | None = None) -> list[Payout]:
        sql = ("SELECT p.*, f.freeze_no FROM payouts p JOIN freezes f ON f.id = p.freeze_id"
               + (" WHERE p.authority_code = ?" if authority_code else "") + " ORDER BY p.id")
        rows = self.conn.execute(sql, (authority_code,) if authority_code else ()).fetchall()
        return [Payout(r["id"], r["freeze_id"], r["freeze_no"], r["authority_code"], r["request_no"],
                       r["document_no"], r["enforcement_account"], r["amount"], r["at"]) for r in rows]

    def next_expiry(self) -> int | None:
        row = self.conn.execute(
            "SELECT MIN(expires_at) FROM freezes WHERE status = 'active'"
        ).fetchone()
        return None if row[0] is None else int(row[0])

    def expire_due(self, at: int) -> int:
        """Lapse every freeze whose expiry is exactly the earliest one, at that instant; returns how many."""
        rows = self.conn.execute(
            "SELECT * FROM freezes WHERE status = 'active' AND expires_at = ? ORDER BY id", (at,)
        ).fetchall()
        saved = self.now_us
        self.now_us = at
        try:
            for row in rows:
                self._end(row, FreezeStatus.EXPIRED, at)
                self._fill(row["account_no"])
                self._assert_account(row["account_no"])
        finally:
            self.now_us = saved
        return len(rows)

    def _owned(self, freeze_id: int, authority_code: str) -> sqlite3.Row:
        """A court may renew, release or deduct only its own freezes, and only while they last."""
        row = self._freeze_row(freeze_id)
        if row["authority_code"] != authority_code:
            raise NotFreezeOwner("this freeze was placed by another authority")
        status = FreezeStatus(row["status"])
        if status is FreezeStatus.EXPIRED:
            raise FreezeExpired("the freeze has expired")
        if status.ended:
            raise FreezeEnded(f"the freeze has already ended ({status.value})")
        return row
