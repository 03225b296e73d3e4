"""What the court node says to a provider and hears back, whatever the provider's dialect.

Money in integer fen, dates as Beijing calendar dates, instants as aware datetimes. Each adapter translates
these to and from its dialect; the services never see a wire format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Operation(StrEnum):
    FREEZE = "freeze"  # 01 冻结
    RENEW = "renew"  # 02 续冻
    RELEASE = "release"  # 04 解冻
    DEDUCT = "deduct"  # 06 扣划


class OutcomeState(StrEnum):
    COMPLETED = "completed"  # the provider answered; see the result (which may be a business refusal)
    PENDING = "pending"  # accepted, answer later (asynchronous providers)
    REJECTED = "rejected"  # the provider refused the request as a whole (identity, format, permission)
    UNKNOWN = "unknown"  # sent, but no answer came back: ask again by request number
    NOT_FOUND = "not_found"  # the provider has no request under that number (it never arrived)


class FreezeState(StrEnum):
    ACTIVE = "active"
    WAITING = "waiting"
    EXPIRED = "expired"
    RELEASED = "released"
    DEDUCTED = "deducted"
    FAILED = "failed"


@dataclass(frozen=True)
class Court:
    code: str
    name: str
    enforcement_account: str


@dataclass(frozen=True)
class Subject:
    name: str
    id_type: str  # resident_id | uscc
    id_number: str


@dataclass(frozen=True)
class Measure:
    """A judicial measure on an account (another court's freeze, or our own)."""

    authority_code: str
    authority_name: str
    document_no: str
    mode: str  # amount | account
    held: int
    unmet: int
    start_date: date | None
    end_date: date | None
    status: FreezeState
    queue_position: int | None = None


@dataclass(frozen=True)
class TransactionRecord:
    on: date
    kind: str  # seed | credit | payment | deduction
    amount: int
    balance_after: int
    counterparty: str = ""
    category: str = ""


@dataclass(frozen=True)
class AccountFound:
    account_no: str
    balance: int
    available: int
    currency: str = "CNY"
    whole_account_frozen: bool = False
    measures: list[Measure] = field(default_factory=list)
    transactions: list[TransactionRecord] = field(default_factory=list)


@dataclass(frozen=True)
class QueryRequest:
    request_no: str  # chosen before the first attempt, kept across retries
    court: Court
    judge: str
    case_no: str
    document_no: str
    subject: Subject
    transactions_from: date | None = None
    transactions_to: date | None = None


@dataclass(frozen=True)
class QueryOutcome:
    request_no: str
    state: OutcomeState
    accounts: list[AccountFound] = field(default_factory=list)
    error_code: str = ""
    error_message: str = ""


@dataclass(frozen=True)
class ControlRequest:
    """One operation on one account. ``provider_ref`` names the freeze for renew, release and deduct."""

    request_no: str
    operation: Operation
    court: Court
    judge: str
    case_no: str
    document_no: str
    subject: Subject
    account_no: str
    amount: int | None = None  # freeze (amount mode) and deduct
    whole_account: bool = False
    start_date: date | None = None
    end_date: date | None = None  # freeze and renew
    provider_ref: str = ""  # the provider's handle of the original freeze
    original_request_no: str = ""  # the request number that placed the original freeze


@dataclass(frozen=True)
class ControlOutcome:
    request_no: str
    state: OutcomeState
    succeeded: bool = False  # COMPLETED and the operation took effect
    freeze_status: FreezeState | None = None
    provider_ref: str = ""  # for a freeze: how to name it later (freeze_no, out_freeze_no, request number)
    held: int = 0
    unmet: int = 0
    deducted: int = 0
    queue_position: int | None = None
    start_date: date | None = None
    end_date: date | None = None
    balance: int | None = None
    available: int | None = None
    error_code: str = ""  # the provider's refusal, mapped to the court node's codes (see adapters/errors.py)
    error_message: str = ""


@dataclass(frozen=True)
class Capabilities:
    asynchronous: bool = False
    capture_credits: bool = False
    online_deduction: bool = True
    whole_account_freeze: bool = True
    restrictions: bool = True
    batch: bool = False


@dataclass(frozen=True)
class Health:
    reachable: bool
    detail: str = ""
    latency_ms: int | None = None
