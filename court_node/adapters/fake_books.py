"""The fake provider's books: an in-memory freeze ledger following docs/ledger.md's rules.

Amount and whole-account freezes, the waiting line (轮候) in arrival order taking effect whenever money frees,
capture of later credits where configured, lapse at expiry (each at its own instant), renewal by at most
365 days past the current expiry, owner checks, and deductions never above what a freeze holds. Not
thread-safe by itself: the adapter holds ``lock`` around every use.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from court_node.adapters.errors import RefusalCode
from court_node.adapters.types import FreezeState
from court_node.clock import beijing_date

DAY_US = 86_400_000_000
MAX_TERM_DAYS = 365
LIVE = (FreezeState.ACTIVE, FreezeState.WAITING)
#: merchant categories a consumption restriction order blocks (DOMAIN.md rule 12)
RESTRICTED_CATEGORIES = frozenset({
    "air_travel", "soft_sleeper", "g_train", "bullet_train_first_class", "star_hotel", "nightclub", "golf",
    "real_estate", "car", "travel", "private_school", "high_premium_insurance", "wealth_product"})


class BookRefusal(Exception):
    """A refusal in the court node's terms; ``whole_request`` when the request as a whole is refused."""

    def __init__(self, code: RefusalCode, message: str, *, whole_request: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.whole_request = whole_request


@dataclass(frozen=True)
class BookMovement:
    at: int
    kind: str  # seed | credit | payment | deduction
    amount: int
    balance_after: int
    counterparty: str = ""
    category: str = ""


@dataclass
class BookAccount:
    account_no: str
    holder: str  # the holder's ID number
    balance: int = 0
    movements: list[BookMovement] = field(default_factory=list)


@dataclass
class BookFreeze:
    id: int  # arrival order
    freeze_no: str
    account_no: str
    authority_code: str
    authority_name: str
    request_no: str
    document_no: str
    case_no: str
    mode: str  # amount | account
    amount: int | None
    captures: bool
    term_days: int
    placed_at: int
    status: FreezeState = FreezeState.WAITING
    held: int = 0  # for a whole-account freeze see FakeBooks.held
    deducted: int = 0
    activated_at: int | None = None
    expires_at: int | None = None
    ended_at: int | None = None


@dataclass(frozen=True)
class BookPayout:
    freeze_no: str
    authority_code: str
    request_no: str
    document_no: str
    enforcement_account: str
    amount: int
    at: int


@dataclass
class BookRestriction:
    reference: str
    id_number: str
    authority_code: str
    document_no: str
    case_no: str
    issued_at: int
    lifted_at: int | None = None


@dataclass
class Reply:
    """The first answer to a request number; ``outcome`` None while an asynchronous request waits."""

    fingerprint: str
    outcome: Any = None


@dataclass
class Job:
    """An asynchronous request accepted but not processed yet."""

    request_no: str
    run: Callable[[int], Any]  # processes the request at an instant, returns its outcome
    due_us: int | None  # None: only when settled explicitly


class FakeBooks:
    """One fake provider's state: subjects, accounts, freezes, payouts, restrictions, replies and its queue."""

    def __init__(self, *, capture_credits: bool = False, whole_account_freeze: bool = True,
                 online_deduction: bool = True, restrictions: bool = True, freeze_prefix: str = "FK") -> None:
        self.capture_credits = capture_credits
        self.whole_account_freeze = whole_account_freeze
        self.online_deduction = online_deduction
        self.restrictions_enabled = restrictions
        self.freeze_prefix = freeze_prefix
        self.lock = threading.RLock()
        self.subjects: dict[str, tuple[str, str]] = {}  # id number -> (name, id type)
        self.accounts: dict[str, BookAccount] = {}
        self.freezes: list[BookFreeze] = []
        self.payouts: list[BookPayout] = []
        self.restrictions: list[BookRestriction] = []
        self.replies: dict[str, Reply] = {}
        self.queue: list[Job] = []

    # ---- subjects and accounts --------------------------------------------------------------------
    def open_account(self, name: str, id_type: str, id_number: str, account_no: str, balance: int, now: int) -> None:
        known = self.subjects.setdefault(id_number, (name, id_type))
        if known != (name, id_type):
            raise ValueError(f"ID number {id_number} is registered under {known[0]} ({known[1]})")
        if account_no in self.accounts:
            raise ValueError(f"account {account_no} already exists")
        if balance < 0:
            raise ValueError("an opening balance cannot be negative")
        self.accounts[account_no] = BookAccount(account_no, id_number)
        if balance:
            self._move(account_no, "seed", balance, now)

    def check_subject(self, name: str, id_type: str, id_number: str) -> bool:
        """True when the subject holds accounts here; a name or type that does not match is refused (rule 1)."""
        known = self.subjects.get(id_number)
        if known is None:
            return False
        if known != (name, id_type):
            raise BookRefusal(RefusalCode.IDENTITY_NOT_MATCH, "the name or the ID number does not match the holder",
                              whole_request=True)
        return True

    def account(self, account_no: str) -> BookAccount:
        found = self.accounts.get(account_no)
        if found is None:
            raise BookRefusal(RefusalCode.ACCOUNT_NOT_FOUND, f"account {account_no} does not exist")
        return found

    def accounts_of(self, id_number: str) -> list[BookAccount]:
        return sorted((a for a in self.accounts.values() if a.holder == id_number), key=lambda a: a.account_no)

    def credit(self, account_no: str, amount: int, now: int, counterparty: str = "") -> None:
        """Money in: always allowed; unmet capturing freezes take it first."""
        self._positive(amount)
        self.account(account_no)
        self._move(account_no, "credit", amount, now, counterparty=counterparty)
        self._fill(account_no, now)

    def pay(self, account_no: str, amount: int, category: str, now: int, merchant: str = "shop") -> None:
        """The debtor pays from the available balance, unless frozen as a whole or restricted."""
        self._positive(amount)
        acct = self.account(account_no)
        if self.restrictions_enabled and category in RESTRICTED_CATEGORIES and any(
                r.id_number == acct.holder and r.lifted_at is None for r in self.restrictions):
            raise BookRefusal(RefusalCode.PROVIDER_ERROR, f"a restriction order forbids {category} payments")
        if self.whole(account_no):
            raise BookRefusal(RefusalCode.PROVIDER_ERROR, f"account {account_no} is frozen as a whole")
        if amount > self.available(account_no):
            raise BookRefusal(RefusalCode.PROVIDER_ERROR, "the available balance is too low")
        self._move(account_no, "payment", amount, now, counterparty=merchant, category=category)

    # ---- what an account holds ----------------------------------------------------------------------
    def live_on(self, account_no: str) -> list[BookFreeze]:
        return [f for f in self.freezes if f.account_no == account_no and f.status in LIVE]

    def free(self, account_no: str) -> int:
        """Money no active amount freeze holds."""
        held = sum(f.held for f in self.live_on(account_no) if f.status is FreezeState.ACTIVE and f.mode == "amount")
        return self.accounts[account_no].balance - held

    def whole(self, account_no: str) -> bool:
        return any(f.status is FreezeState.ACTIVE and f.mode == "account" for f in self.live_on(account_no))

    def available(self, account_no: str) -> int:
        return 0 if self.whole(account_no) else self.free(account_no)

    def held(self, freeze: BookFreeze) -> int:
        if freeze.mode == "account" and freeze.status is FreezeState.ACTIVE:
            return self.free(freeze.account_no)
        return freeze.held

    def unmet(self, freeze: BookFreeze) -> int:
        if freeze.mode == "account" or freeze.amount is None or freeze.status not in LIVE:
            return 0
        return max(0, freeze.amount - freeze.held - freeze.deducted)

    def queue_position(self, freeze: BookFreeze) -> int | None:
        if freeze.status is not FreezeState.WAITING:
            return None
        waiting = [f.id for f in self.live_on(freeze.account_no) if f.status is FreezeState.WAITING]
        return waiting.index(freeze.id) + 1

    def dates(self, freeze: BookFreeze) -> tuple[date | None, date | None]:
        start = None if freeze.activated_at is None else beijing_date(freeze.activated_at)
        end = None if freeze.expires_at is None else beijing_date(freeze.expires_at)
        return start, end

    # ---- a court's measures -------------------------------------------------------------------------
    def place(self, *, now: int, account_no: str, holder: str, authority_code: str, authority_name: str,
              request_no: str, document_no: str, case_no: str, whole_account: bool, amount: int | None,
              end_date: date | None) -> BookFreeze:
        """Freeze funds or a whole account; it waits in line behind the freezes already in force (轮候)."""
        acct = self.account(account_no)
        if acct.holder != holder:
            raise BookRefusal(RefusalCode.IDENTITY_NOT_MATCH, f"account {account_no} belongs to someone else")
        if end_date is None:
            raise BookRefusal(RefusalCode.TERM_INVALID, "a freeze needs an end date")
        days = (end_date - beijing_date(now)).days
        if not 1 <= days <= MAX_TERM_DAYS:
            raise BookRefusal(RefusalCode.TERM_INVALID, f"a freeze lasts 1 to {MAX_TERM_DAYS} days, not {days}")
        if whole_account:
            if not self.whole_account_freeze:
                raise BookRefusal(RefusalCode.CAPABILITY_NOT_SUPPORTED, "no whole-account freezes online here")
            amount = None
        elif amount is None or amount <= 0:
            raise BookRefusal(RefusalCode.INVALID_REQUEST, "an amount freeze needs a positive amount")
        number = len(self.freezes) + 1
        freeze = BookFreeze(number, f"{self.freeze_prefix}{number:010d}", account_no, authority_code, authority_name,
                            request_no, document_no, case_no, "account" if whole_account else "amount", amount,
                            self.capture_credits, days, now)
        self.freezes.append(freeze)
        self._fill(account_no, now)
        return freeze

    def find(self, provider_ref: str, request_no: str, account_no: str, authority_code: str) -> BookFreeze:
        for f in self.freezes:
            if (provider_ref and f.freeze_no == provider_ref) or (
                    not provider_ref and (f.request_no, f.account_no, f.authority_code)
                    == (request_no, account_no, authority_code)):
                return f
        raise BookRefusal(RefusalCode.FREEZE_NOT_FOUND, f"no freeze {provider_ref or request_no}")

    def owned(self, freeze: BookFreeze, authority_code: str) -> BookFreeze:
        """A court renews, releases and deducts its own freezes only, and only while they last (rule 10)."""
        if freeze.authority_code != authority_code:
            raise BookRefusal(RefusalCode.NOT_FREEZE_OWNER, "this freeze was placed by another authority")
        if freeze.status is FreezeState.EXPIRED:
            raise BookRefusal(RefusalCode.FREEZE_EXPIRED, "the freeze has expired")
        if freeze.status not in LIVE:
            raise BookRefusal(RefusalCode.FREEZE_ENDED, f"the freeze has ended ({freeze.status})")
        return freeze

    def renew(self, freeze: BookFreeze, authority_code: str, new_end: date | None) -> None:
        self.owned(freeze, authority_code)
        if freeze.status is FreezeState.WAITING or freeze.expires_at is None:
            raise BookRefusal(RefusalCode.FREEZE_NOT_ACTIVE, "a waiting freeze has no term to renew yet")
        days = -1 if new_end is None else (new_end - beijing_date(freeze.expires_at)).days
        if not 1 <= days <= MAX_TERM_DAYS:
            raise BookRefusal(RefusalCode.TERM_INVALID,
                              f"a renewal moves the end date 1 to {MAX_TERM_DAYS} days past the current one")
        freeze.expires_at += days * DAY_US

    def release(self, freeze: BookFreeze, authority_code: str, now: int) -> None:
        self.owned(freeze, authority_code)
        self._end(freeze, FreezeState.RELEASED, now)
        self._fill(freeze.account_no, now)

    def deduct(self, freeze: BookFreeze, authority_code: str, amount: int, *, request_no: str, document_no: str,
               enforcement_account: str, now: int) -> BookPayout:
        """Move frozen money into the court's enforcement account; never more than the freeze holds."""
        if not self.online_deduction:
            raise BookRefusal(RefusalCode.CAPABILITY_NOT_SUPPORTED, "no deductions online here")
        self.owned(freeze, authority_code)
        if freeze.status is FreezeState.WAITING:
            raise BookRefusal(RefusalCode.FREEZE_NOT_ACTIVE, "a waiting freeze holds nothing yet")
        if amount <= 0:
            raise BookRefusal(RefusalCode.INVALID_REQUEST, "a deduction needs a positive amount")
        held = self.held(freeze)
        if amount > held:
            raise BookRefusal(RefusalCode.DEDUCT_EXCEEDS_HELD, f"the freeze holds {held} fen, not {amount}")
        if freeze.mode == "amount":
            freeze.held -= amount  # before the money leaves, so the holds never exceed the balance
        freeze.deducted += amount
        self._move(freeze.account_no, "deduction", amount, now, counterparty=enforcement_account)
        payout = BookPayout(freeze.freeze_no, authority_code, request_no, document_no, enforcement_account, amount,
                            now)
        self.payouts.append(payout)
        if freeze.mode == "amount" and freeze.held == 0 and (
                freeze.deducted >= (freeze.amount or 0) or not freeze.captures):
            self._end(freeze, FreezeState.DEDUCTED, now)  # nothing left to hold, nothing more to capture
        self._fill(freeze.account_no, now)
        return payout

    def restrict(self, reference: str, id_number: str, authority_code: str, document_no: str, case_no: str,
                 now: int) -> BookRestriction:
        if not self.restrictions_enabled:
            raise BookRefusal(RefusalCode.CAPABILITY_NOT_SUPPORTED, "no restriction orders online here")
        order = BookRestriction(reference, id_number, authority_code, document_no, case_no, now)
        self.restrictions.append(order)
        return order

    def lift(self, reference: str, authority_code: str, now: int) -> None:
        order = next((r for r in self.restrictions if r.reference == reference), None)
        if order is None:
            raise BookRefusal(RefusalCode.PROVIDER_ERROR, f"no restriction order {reference}")
        if order.authority_code != authority_code:
            raise BookRefusal(RefusalCode.NOT_FREEZE_OWNER, "this order was issued by another authority")
        if order.lifted_at is None:
            order.lifted_at = now

    # ---- time ---------------------------------------------------------------------------------------
    def next_expiry(self) -> int | None:
        expiries = [f.expires_at for f in self.freezes if f.status is FreezeState.ACTIVE and f.expires_at is not None]
        return min(expiries, default=None)

    def expire_due(self, at: int) -> None:
        """Lapse every freeze expiring at ``at``, at that instant, and let the line move."""
        for f in [f for f in self.freezes if f.status is FreezeState.ACTIVE and f.expires_at == at]:
            self._end(f, FreezeState.EXPIRED, at)
            self._fill(f.account_no, at)

    # ---- the rules ------------------------------------------------------------------------------------
    def _fill(self, account_no: str, now: int) -> None:
        """Give free money to unmet capturing freezes, then let the head of the line take effect when it can."""
        while True:
            live = self.live_on(account_no)
            active = [f for f in live if f.status is FreezeState.ACTIVE]
            waiting = [f for f in live if f.status is FreezeState.WAITING]
            free = self.free(account_no)
            for f in active:
                if f.mode == "amount" and f.captures and free > 0:
                    take = min(self.unmet(f), free)
                    f.held += take
                    free -= take
            if not waiting:
                return
            head = waiting[0]
            whole = any(f.mode == "account" for f in active)
            # an amount freeze takes effect on free money, or on an account nothing is in force on (holding 0)
            if whole or (head.mode == "amount" and free <= 0 and active):
                return
            head.status = FreezeState.ACTIVE
            head.held = min(head.amount or 0, free) if head.mode == "amount" else 0
            head.activated_at = now
            head.expires_at = now + head.term_days * DAY_US

    def _end(self, freeze: BookFreeze, status: FreezeState, now: int) -> None:
        assert freeze.status in LIVE, f"freeze {freeze.freeze_no} ended twice"
        freeze.status, freeze.held, freeze.ended_at = status, 0, now

    def _move(self, account_no: str, kind: str, amount: int, now: int, *, counterparty: str = "",
              category: str = "") -> None:
        acct = self.accounts[account_no]
        acct.balance += amount if kind in ("seed", "credit") else -amount
        acct.movements.append(BookMovement(now, kind, amount, acct.balance, counterparty, category))
        assert acct.balance >= 0 and self.free(account_no) >= 0, f"account {account_no} overdrawn"

    @staticmethod
    def _positive(amount: int) -> None:
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise ValueError("an amount is a positive integer of fen")

    def check_invariants(self, now: int) -> list[str]:
        """PRODUCT.md's invariants 1-5 over these books; empty when all hold."""
        found = []
        flows = {k: sum(m.amount for a in self.accounts.values() for m in a.movements if m.kind == k)
                 for k in ("seed", "credit", "payment", "deduction")}
        paid = sum(p.amount for p in self.payouts)
        balances = sum(a.balance for a in self.accounts.values())
        if balances + paid + flows["payment"] != flows["seed"] + flows["credit"] or paid != flows["deduction"]:
            found.append("1: money is not conserved")
        for acct in self.accounts.values():
            live = self.live_on(acct.account_no)
            if self.free(acct.account_no) < 0:
                found.append(f"2: account {acct.account_no} holds more than its balance")
            if sum(1 for f in live if f.status is FreezeState.ACTIVE and f.mode == "account") > 1:
                found.append(f"3: account {acct.account_no} has two whole-account freezes in force")
            waiting = [f.id for f in live if f.status is FreezeState.WAITING]
            if waiting and any(f.id > waiting[0] for f in live if f.status is FreezeState.ACTIVE):
                found.append(f"3: account {acct.account_no}: a later freeze took effect before an earlier one")
        for f in self.freezes:
            if f.status is FreezeState.ACTIVE and f.expires_at is not None and f.expires_at <= now:
                found.append(f"4: freeze {f.freeze_no} is in force past its expiry")
            if f.status not in LIVE and (f.held or f.ended_at is None):
                found.append(f"4: freeze {f.freeze_no} ended but still holds money")
            paid_out = sum(p.amount for p in self.payouts if p.freeze_no == f.freeze_no)
            if paid_out != f.deducted or (f.amount is not None and f.held + f.deducted > f.amount):
                found.append(f"5: freeze {f.freeze_no} paid out {paid_out}, deducted {f.deducted}")
        return found
