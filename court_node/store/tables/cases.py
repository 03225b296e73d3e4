"""Enforcement cases (执行案件) and the money collected for them."""

from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Connection,
    Date,
    ForeignKey,
    Index,
    String,
    Table,
    event,
)

from court_node.store.tables.base import ID, metadata

CASE_STATUSES = ("filed", "notice_served", "satisfied", "closed")

cases = Table(
    "cases", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("court_code", String(16), ForeignKey("courts.code"), nullable=False, index=True),
    Column("case_number", String(64), nullable=False, unique=True),  # normalised, full-width brackets
    Column("creditor_name", String(200), nullable=False),
    Column("creditor_id_type", String(16), nullable=False),
    Column("creditor_id_number", String(18), nullable=False),
    Column("debtor_name", String(200), nullable=False),
    Column("debtor_id_type", String(16), nullable=False),
    Column("debtor_id_number", String(18), nullable=False, index=True),
    Column("principal", BigInteger, nullable=False),
    Column("costs", BigInteger, nullable=False),
    Column("delay_interest", Boolean, nullable=False),
    Column("judgment_date", Date, nullable=False),
    Column("interest_from", Date, nullable=False),
    Column("status", String(16), nullable=False, default="filed"),
    Column("filed_at", BigInteger, nullable=False),
    Column("filed_by", ID, ForeignKey("users.id"), nullable=False),
    Column("notice_served_at", BigInteger),
    Column("notice_document_no", String(100)),
    Column("closed_at", BigInteger),
    Column("dishonest_listed_at", BigInteger),  # on the dishonest-debtor list (失信被执行人名单) since
    Column("dishonest_document_no", String(100)),
    Column("dishonest_lifted_at", BigInteger),
    CheckConstraint("principal >= 0 AND costs >= 0", name="money"),
    CheckConstraint("status IN ('filed', 'notice_served', 'satisfied', 'closed')", name="status"),
)

#: the case list counts a court's cases by status and pages them newest first: without this index the count
#: reads every case row of the court (about 150 ms at 60,000 cases), with it only the index
cases_by_court_status = Index("ix_cases_court_status", cases.c.court_code, cases.c.status, cases.c.id)


@event.listens_for(metadata, "after_create")
def _indexes_added_later(target: Any, connection: Connection, **kw: Any) -> None:
    """``create_all`` skips tables that exist, and with them their new indexes: add those here (idempotent)."""
    cases_by_court_status.create(connection, checkfirst=True)


collections = Table(
    "collections", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("case_id", ID, ForeignKey("cases.id"), nullable=False, index=True),
    Column("on", Date, nullable=False),  # the Beijing day the money was collected
    Column("at", BigInteger, nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("source", String(32), nullable=False),  # deduction | debtor_payment
    Column("reference", String(100), nullable=False, default=""),
    CheckConstraint("amount > 0", name="amount"),
)
