"""Ledger refusals: small exception classes with a stable code each dialect maps to its own shape."""

from __future__ import annotations


class LedgerError(Exception):
    """A request the ledger refuses; nothing was changed."""

    code = "LEDGER_ERROR"
    #: the HTTP-ish category dialects use to choose a status: invalid, not_found, forbidden, conflict, refused
    kind = "refused"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidRequest(LedgerError):
    code, kind = "INVALID_REQUEST", "invalid"


class IdentityNotMatch(LedgerError):
    """The name or the ID number does not match the account holder."""

    code, kind = "IDENTITY_NOT_MATCH", "refused"


class SubjectNotFound(LedgerError):
    code, kind = "SUBJECT_NOT_FOUND", "not_found"


class AccountNotFound(LedgerError):
    code, kind = "ACCOUNT_NOT_EXIST", "not_found"


class DuplicateEntry(LedgerError):
    code, kind = "DUPLICATE", "conflict"


class FreezeNotFound(LedgerError):
    code, kind = "FREEZE_NOT_EXIST", "not_found"


class NotFreezeOwner(LedgerError):
    """Only the authority that placed a freeze may renew, release or deduct it."""

    code, kind = "NOT_FREEZE_OWNER", "forbidden"


class FreezeExpired(LedgerError):
    code, kind = "FREEZE_EXPIRED", "refused"


class FreezeEnded(LedgerError):
    """Released or fully deducted: a freeze ends exactly once."""

    code, kind = "FREEZE_ENDED", "refused"


class FreezeNotActive(LedgerError):
    """Still waiting in line: its term has not started."""

    code, kind = "FREEZE_NOT_ACTIVE", "refused"


class TermInvalid(LedgerError):
    code, kind = "TERM_INVALID", "invalid"


class DeductExceedsHeld(LedgerError):
    code, kind = "DEDUCT_EXCEED_FROZEN", "refused"


class InsufficientAvailable(LedgerError):
    code, kind = "BALANCE_NOT_ENOUGH", "refused"


class AccountFrozen(LedgerError):
    """A whole-account freeze blocks every debit."""

    code, kind = "ACCOUNT_FROZEN", "refused"


class PaymentRestricted(LedgerError):
    """A consumption restriction order covers this merchant category."""

    code, kind = "CONSUMPTION_RESTRICTED", "refused"


class CapabilityMissing(LedgerError):
    """The provider's capability profile does not offer this operation online."""

    code, kind = "CAPABILITY_NOT_SUPPORTED", "forbidden"


class ReplyConflict(LedgerError):
    """The same request number was used before with a different body."""

    code, kind = "REQUEST_NO_CONFLICT", "conflict"


class InvariantViolation(AssertionError):
    """A money rule would break: the transaction is rolled back. Always a bug, never an input error."""
