"""The hash-chained audit trail, and the stored answers behind ``Idempotency-Key``."""

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Table,
)

from court_node.store.tables.base import ID, metadata

audit_events = Table(
    "audit_events", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("at", BigInteger, nullable=False),
    Column("court_code", String(16), nullable=False, default=""),
    Column("case_id", ID, index=True),
    Column("user_id", ID),
    Column("user_name", String(100), nullable=False, default=""),
    Column("user_role", String(16), nullable=False, default=""),
    Column("action", String(64), nullable=False),
    Column("document_no", String(100), nullable=False, default=""),
    Column("detail", JSON, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

idempotency_keys = Table(
    "idempotency_keys", metadata,
    Column("user_id", ID, ForeignKey("users.id"), nullable=False),
    Column("key", String(255), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("state", String(16), nullable=False),
    Column("status", Integer),
    Column("body", LargeBinary),
    Column("created_at", BigInteger, nullable=False),
    Column("locked_at", BigInteger, nullable=False),  # real (not simulated) time: an abandoned claim expires
    PrimaryKeyConstraint("user_id", "key"),
    CheckConstraint("state IN ('in_flight', 'done')", name="state"),
)
