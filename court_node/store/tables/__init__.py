"""Every table of the court node's store, on one ``metadata``.

Conventions: money is integer fen (BigInteger); instants are integer microseconds since the epoch, UTC;
calendar days are Beijing dates (``Date``); JSON columns hold what providers answered.
"""

from court_node.store.tables.base import metadata, settings
from court_node.store.tables.batches import batch_items, batches
from court_node.store.tables.cases import cases, collections
from court_node.store.tables.control import deductions, freezes, provider_requests, restrictions
from court_node.store.tables.inspections import inspection_results, inspections
from court_node.store.tables.people import courts, users
from court_node.store.tables.records import audit_events, idempotency_keys

__all__ = [
    "audit_events", "batch_items", "batches", "cases", "collections", "courts", "deductions", "freezes",
    "idempotency_keys", "inspection_results", "inspections", "metadata", "provider_requests", "restrictions",
    "settings", "users",
]
