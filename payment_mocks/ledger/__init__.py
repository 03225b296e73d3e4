"""The judicial freeze ledger every mock provider shares: accounts, freezes, waiting queues, deductions."""

from payment_mocks.ledger.capabilities import PROFILES, Capabilities
from payment_mocks.ledger.errors import InvariantViolation, LedgerError
from payment_mocks.ledger.invariants import Violation
from payment_mocks.ledger.ledger import Ledger, LedgerTx, Settler
from payment_mocks.ledger.model import (
    AccountView,
    Freeze,
    FreezeMode,
    FreezeStatus,
    Movement,
    MovementKind,
    Payout,
    Restriction,
    StoredReply,
    Subject,
)
from payment_mocks.ledger.replies import fingerprint

__all__ = [
    "PROFILES", "AccountView", "Capabilities", "Freeze", "FreezeMode", "FreezeStatus", "InvariantViolation",
    "Ledger", "LedgerError", "LedgerTx", "Movement", "MovementKind", "Payout", "Restriction", "Settler",
    "StoredReply", "Subject", "Violation", "fingerprint",
]
