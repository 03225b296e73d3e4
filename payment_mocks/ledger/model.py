"""Rows of the ledger as typed values. Money in integer fen; instants in integer microseconds (UTC)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from enum import StrEnum


class FreezeMode(StrEnum):
    AMOUNT = "amount"  # 冻结款项, content 1
    ACCOUNT = "account"  # 冻结账户 (只收不付), content 2


class FreezeStatus(StrEnum):
    ACTIVE = "active"
    WAITING = "waiting"  # 轮候冻结
    EXPIRED = "expired"
    RELEASED = "released"  # 解冻
    DEDUCTED = "deducted"  # 扣划 in full

    @property
    def ended(self) -> bool:
        return self in (FreezeStatus.EXPIRED, FreezeStatus.RELEASED, FreezeStatus.DEDUCTED)


class MovementKind(StrEnum):
    SEED = "seed"
    CREDIT = "credit"
    PAYMENT = "payment"
    DEDUCTION = "deduction"


@dataclass(frozen=True)
class Subject:
    id: int
    name: str
    id_type: str
    id_number: str

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Subject:
        return cls(row["id"], row["name"], row["id_type"], row["id_number"])


@dataclass(frozen=True)
class Freeze:
    id: int  # arrival order
    freeze_no: str
    account_no: str
    authority_code: str
    authority_name: str
    request_no: str
    document_no: str
    case_no: str
    mode: FreezeMode
    amount_requested: int | None
    held: int  # for a whole-account freeze: what it holds now (balance less other freezes' holds)
    deducted: int
    captures: bool
    status: FreezeStatus
    term_days: int
    placed_at: int
    activated_at: int | None
    expires_at: int | None
    ended_at: int | None
    renewals: int
    queue_position: int | None = None  # 1 = next to take effect; only for waiting freezes

    @property
    def unmet(self) -> int:
        """The amount not yet frozen (未冻结金额)."""
        if self.mode is FreezeMode.ACCOUNT or self.amount_requested is None or self.status.ended:
            return 0
        return max(0, self.amount_requested - self.held - self.deducted)

    @classmethod
    def from_row(cls, row: sqlite3.Row, *, held: int | None = None, queue_position: int | None = None) -> Freeze:
        return cls(
            id=row["id"],
            freeze_no=row["freeze_no"],
            account_no=row["account_no"],
            authority_code=row["authority_code"],
            authority_name=row["authority_name"],
            request_no=row["request_no"],
            document_no=row["document_no"],
            case_no=row["case_no"],
            mode=FreezeMode(row["mode"]),
            amount_requested=row["amount_requested"],
            held=row["held"] if held is None else held,
            deducted=row["deducted"],
            captures=bool(row["captures"]),
            status=FreezeStatus(row["status"]),
            term_days=row["term_days"],
            placed_at=row["placed_at"],
            activated_at=row["activated_at"],
            expires_at=row["expires_at"],
            ended_at=row["ended_at"],
            renewals=row["renewals"],
            queue_position=queue_position,
        )


@dataclass(frozen=True)
class AccountView:
    """An account as a judicial query answers it: balance, available, and every measure on it."""

    account_no: str
    subject: Subject
    currency: str
    balance: int
    available: int
    whole_account_frozen: bool
    opened_at: int
    freezes: list[Freeze] = field(default_factory=list)  # active and waiting, in arrival order

    @property
    def held(self) -> int:
        return self.balance - self.available


@dataclass(frozen=True)
class Movement:
    """One entry of the money journal, and one transaction record of the account."""

    id: int
    at: int
    account_no: str
    kind: MovementKind
    amount: int
    balance_after: int
    freeze_id: int | None
    counterparty: str
    category: str
    reference: str
    memo: str

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Movement:
        return cls(
            row["id"], row["at"], row["account_no"], MovementKind(row["kind"]), row["amount"],
            row["balance_after"], row["freeze_id"], row["counterparty"], row["category"],
            row["reference"], row["memo"],
        )


@dataclass(frozen=True)
class Payout:
    """Money deducted into a court's enforcement account (执行款专户)."""

    id: int
    freeze_id: int
    freeze_no: str
    authority_code: str
    request_no: str
    document_no: str
    enforcement_account: str
    amount: int
    at: int


@dataclass(frozen=True)
class Restriction:
    """A consumption restriction order (限制消费令) a court published for one subject."""

    id: int
    subject_id: int
    authority_code: str
    authority_name: str
    document_no: str
    case_no: str
    categories: frozenset[str]
    issued_at: int
    lifted_at: int | None


@dataclass(frozen=True)
class StoredReply:
    """The first answer given to a request number, replayed on every retry."""

    fingerprint: str
    status: int
    body: bytes
    headers: dict[str, str]
