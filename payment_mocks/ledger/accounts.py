"""Subjects, accounts and the debtor's own money: seeding, credits in, payments out."""

from __future__ import annotations

from payment_mocks.identity import IdentityFormatError, validate_id
from payment_mocks.ledger.base import TxBase
from payment_mocks.ledger.categories import check_category
from payment_mocks.ledger.errors import (
    AccountFrozen,
    DuplicateEntry,
    IdentityNotMatch,
    InsufficientAvailable,
    InvalidRequest,
    PaymentRestricted,
    SubjectNotFound,
)
from payment_mocks.ledger.model import AccountView, Movement, MovementKind, Subject
from payment_mocks.money import MoneyFormatError, check_fen


def _fen(amount: int, *, allow_zero: bool = False) -> int:
    try:
        return check_fen(amount, allow_zero=allow_zero, max_fen=10**15)
    except MoneyFormatError as exc:
        raise InvalidRequest(str(exc), field="amount") from None


class AccountOps(TxBase):
    """Operations on subjects and accounts."""

    def add_subject(self, name: str, id_type: str, id_number: str) -> Subject:
        """Register a subject (idempotent when name and ID agree)."""
        try:
            number = validate_id(id_type, id_number)
        except IdentityFormatError as exc:
            raise InvalidRequest(str(exc), field="id_number") from None
        if not isinstance(name, str) or not name.strip() or len(name) > 100:
            raise InvalidRequest("name must be a non-empty string of at most 100 characters", field="name")
        row = self.conn.execute("SELECT * FROM subjects WHERE id_number = ?", (number,)).fetchone()
        if row is not None:
            if row["name"] != name or row["id_type"] != id_type:
                raise DuplicateEntry(f"ID number {number} is registered under another name", field="id_number")
            return Subject.from_row(row)
        cur = self.conn.execute(
            "INSERT INTO subjects(name, id_type, id_number, created_at) VALUES (?, ?, ?, ?)",
            (name, id_type, number, self.now_us),
        )
        return Subject(int(cur.lastrowid or 0), name, id_type, number)

    def open_account(self, account_no: str, id_number: str, balance: int = 0, currency: str = "CNY") -> AccountView:
        """Open an account for a registered subject, seeded with ``balance`` fen."""
        if not isinstance(account_no, str) or not (1 <= len(account_no) <= 40) or not account_no.isprintable():
            raise InvalidRequest("account number must be 1 to 40 printable characters", field="account_no")
        balance = _fen(balance, allow_zero=True)
        subject = self.subject_by_number(id_number)
        if self.conn.execute("SELECT 1 FROM accounts WHERE account_no = ?", (account_no,)).fetchone():
            raise DuplicateEntry(f"account {account_no} already exists", field="account_no")
        self.conn.execute(
            "INSERT INTO accounts(account_no, subject_id, balance, currency, opened_at) VALUES (?, ?, 0, ?, ?)",
            (account_no, subject.id, currency, self.now_us),
        )
        if balance:
            self._move(account_no, MovementKind.SEED, balance, memo="opening balance")
        return self.account_view(account_no)

    def subject_by_number(self, id_number: str) -> Subject:
        row = self.conn.execute("SELECT * FROM subjects WHERE id_number = ?", (str(id_number).upper(),)).fetchone()
        if row is None:
            raise SubjectNotFound(f"no subject with ID number {id_number}", field="id_number")
        return Subject.from_row(row)

    def check_identity(self, name: str, id_type: str, id_number: str) -> Subject:
        """The institution refuses a request when the name or the ID number does not match (rule 1)."""
        try:
            number = validate_id(id_type, id_number)
        except IdentityFormatError as exc:
            raise InvalidRequest(str(exc), field="id_number") from None
        row = self.conn.execute("SELECT * FROM subjects WHERE id_number = ?", (number,)).fetchone()
        if row is None or row["name"] != name or row["id_type"] != id_type:
            raise IdentityNotMatch("the name or the ID number does not match any account holder")
        return Subject.from_row(row)

    def check_holder(self, account_no: str, subject: Subject) -> None:
        """An account named in a control request must belong to the request's subject."""
        if int(self._account_row(account_no)["subject_id"]) != subject.id:
            raise IdentityNotMatch(f"account {account_no} does not belong to the named subject", field="account_no")

    def accounts_of(self, subject: Subject) -> list[AccountView]:
        rows = self.conn.execute(
            "SELECT account_no FROM accounts WHERE subject_id = ? ORDER BY account_no", (subject.id,)
        ).fetchall()
        return [self.account_view(r["account_no"]) for r in rows]

    def account_view(self, account_no: str) -> AccountView:
        row = self._account_row(account_no)
        subject = Subject.from_row(
            self.conn.execute("SELECT * FROM subjects WHERE id = ?", (row["subject_id"],)).fetchone()
        )
        st = self._state(account_no)
        freezes = [self._freeze(r, st) for r in st.active + st.waiting]
        freezes.sort(key=lambda f: f.id)
        return AccountView(
            account_no=account_no, subject=subject, currency=row["currency"], balance=st.balance,
            available=st.available, whole_account_frozen=st.whole_account, opened_at=int(row["opened_at"]),
            freezes=freezes,
        )

    def credit(
        self, account_no: str, amount: int, *, counterparty: str = "", memo: str = "", reference: str = ""
    ) -> Movement:
        """Money in (salary, a transfer): always allowed; unmet capturing freezes take it first."""
        amount = _fen(amount)
        self._account_row(account_no)
        movement = self._move(account_no, MovementKind.CREDIT, amount, counterparty=counterparty, memo=memo,
                              reference=reference)
        self._fill(account_no)
        self._assert_account(account_no)
        return movement

    def pay(self, account_no: str, amount: int, *, merchant: str, category: str, reference: str = "") -> Movement:
        """The debtor pays a merchant from the available balance, unless frozen or restricted."""
        amount = _fen(amount)
        try:
            check_category(category)
        except ValueError as exc:
            raise InvalidRequest(str(exc), field="category") from None
        row = self._account_row(account_no)
        if self.caps.restrictions and self.restricted(int(row["subject_id"]), category):
            raise PaymentRestricted(
                f"a consumption restriction order forbids payments in category {category!r} for this subject"
            )
        st = self._state(account_no)
        if st.whole_account:
            raise AccountFrozen(f"account {account_no} is frozen as a whole: no debit is allowed")
        if amount > st.available:
            raise InsufficientAvailable(f"available balance is {st.available} fen, payment needs {amount} fen")
        movement = self._move(account_no, MovementKind.PAYMENT, amount, counterparty=merchant, category=category,
                              reference=reference)
        self._assert_account(account_no)
        return movement

    def restricted(self, subject_id: int, category: str) -> bool:
        rows = self.conn.execute(
            "SELECT categories FROM restrictions WHERE subject_id = ? AND lifted_at IS NULL", (subject_id,)
        ).fetchall()
        return any(category in r["categories"].split(",") for r in rows)

    def movements(self, account_no: str, since_us: int | None = None, until_us: int | None = None) -> list[Movement]:
        """Transaction records of an account in [since, until), oldest first."""
        self._account_row(account_no)
        rows = self.conn.execute(
            "SELECT * FROM movements WHERE account_no = ? AND at >= ? AND at < ? ORDER BY at, id",
            (account_no, since_us if since_us is not None else -(2**62), until_us if until_us is not None else 2**62),
        ).fetchall()
        return [Movement.from_row(r) for r in rows]
