"""Inspections (查询): one request to every (or the named) provider, with one result per provider."""

from sqlalchemy import JSON, BigInteger, CheckConstraint, Column, Date, ForeignKey, String, Table, Text

from court_node.store.tables.base import ID, metadata

inspections = Table(
    "inspections", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("case_id", ID, ForeignKey("cases.id"), nullable=False, index=True),
    Column("requested_at", BigInteger, nullable=False),
    Column("requested_by", ID, ForeignKey("users.id"), nullable=False),
    Column("providers", JSON, nullable=False),  # the provider names asked
    Column("document_no", String(100), nullable=False, default=""),
    Column("transactions_from", Date),
    Column("transactions_to", Date),
)

inspection_results = Table(
    "inspection_results", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("inspection_id", ID, ForeignKey("inspections.id"), nullable=False, index=True),
    Column("provider", String(64), nullable=False),
    Column("request_no", String(64), nullable=False, unique=True),
    Column("state", String(16), nullable=False),
    Column("accounts", JSON, nullable=False, default=list),
    Column("error_code", String(64), nullable=False, default=""),
    Column("error_message", Text, nullable=False, default=""),
    Column("updated_at", BigInteger, nullable=False),
    CheckConstraint("state IN ('pending', 'completed', 'failed', 'unknown')", name="state"),
)
