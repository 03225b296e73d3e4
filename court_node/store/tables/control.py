"""Control measures (查控): the provider-request outbox, freezes, deductions and restriction orders.

Every provider request is written to ``provider_requests`` with its request number BEFORE it is sent, so a
crash between sending and recording leaves a row to resolve by asking the provider again.
"""

from sqlalchemy import JSON, BigInteger, CheckConstraint, Column, Date, ForeignKey, Integer, String, Table, Text

from court_node.store.tables.base import ID, metadata

provider_requests = Table(
    "provider_requests", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("request_no", String(64), nullable=False, unique=True),
    Column("provider", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("operation", String(16), nullable=False),
    Column("case_id", ID, ForeignKey("cases.id"), nullable=False, index=True),
    Column("freeze_id", ID, ForeignKey("freezes.id"), index=True),
    Column("payload", JSON, nullable=False),
    Column("state", String(16), nullable=False, default="prepared", index=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text, nullable=False, default=""),
    Column("outcome", JSON),
    Column("created_at", BigInteger, nullable=False),
    Column("updated_at", BigInteger, nullable=False),
    CheckConstraint("kind IN ('query', 'control', 'restriction')", name="kind"),
    CheckConstraint("state IN ('prepared', 'sent', 'pending', 'completed', 'failed', 'unknown')", name="state"),
)

FREEZE_STATUSES = ("pending", "active", "waiting", "expired", "released", "deducted", "failed")

freezes = Table(
    "freezes", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("case_id", ID, ForeignKey("cases.id"), nullable=False, index=True),
    Column("court_code", String(16), ForeignKey("courts.code"), nullable=False),
    Column("provider", String(64), nullable=False),
    Column("account_no", String(64), nullable=False),
    Column("mode", String(16), nullable=False),  # amount | account
    Column("amount", BigInteger),  # asked for; None for a whole-account freeze
    Column("held", BigInteger, nullable=False, default=0),
    Column("unmet", BigInteger, nullable=False, default=0),
    Column("deducted", BigInteger, nullable=False, default=0),
    Column("status", String(16), nullable=False, default="pending"),
    Column("queue_position", Integer),
    Column("start_date", Date),
    Column("end_date", Date),
    Column("provider_ref", String(100), nullable=False, default=""),
    Column("request_no", String(64), nullable=False, unique=True),
    Column("document_no", String(100), nullable=False),
    Column("error_code", String(64), nullable=False, default=""),
    Column("error_message", Text, nullable=False, default=""),
    Column("created_at", BigInteger, nullable=False),
    Column("updated_at", BigInteger, nullable=False),
    Column("synced_at", BigInteger),  # when the provider was last asked for its status; None: ask at next read
    CheckConstraint("held >= 0 AND unmet >= 0 AND deducted >= 0", name="money"),
    CheckConstraint("status IN ('pending', 'active', 'waiting', 'expired', 'released', 'deducted', 'failed')",
                    name="status"),
)

deductions = Table(
    "deductions", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("case_id", ID, ForeignKey("cases.id"), nullable=False, index=True),
    Column("freeze_id", ID, ForeignKey("freezes.id"), nullable=False, index=True),
    Column("provider", String(64), nullable=False),
    Column("request_no", String(64), nullable=False, unique=True),
    Column("amount", BigInteger, nullable=False),
    Column("status", String(16), nullable=False),
    Column("document_no", String(100), nullable=False),  # the deduction ruling (扣划裁定)
    Column("notice_no", String(100), nullable=False),  # the assistance notice (协助执行通知书)
    Column("error_code", String(64), nullable=False, default=""),
    Column("error_message", Text, nullable=False, default=""),
    Column("created_at", BigInteger, nullable=False),
    Column("updated_at", BigInteger, nullable=False),
    CheckConstraint("amount > 0", name="amount"),
    CheckConstraint("status IN ('pending', 'completed', 'failed', 'unknown')", name="status"),
)

restrictions = Table(
    "restrictions", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("case_id", ID, ForeignKey("cases.id"), nullable=False, index=True),
    Column("provider", String(64), nullable=False),
    Column("request_no", String(64), nullable=False, unique=True),
    Column("reference", String(100), nullable=False, default=""),
    Column("status", String(16), nullable=False),
    Column("document_no", String(100), nullable=False),
    Column("categories", JSON, nullable=False, default=list),
    Column("lift_request_no", String(64), unique=True),
    Column("error_code", String(64), nullable=False, default=""),
    Column("error_message", Text, nullable=False, default=""),
    Column("created_at", BigInteger, nullable=False),
    Column("updated_at", BigInteger, nullable=False),
    CheckConstraint("status IN ('pending', 'active', 'failed', 'lifting', 'lifted')", name="status"),
)
