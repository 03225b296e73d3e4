"""Courts (法院) served by this node, and their users. Tokens are stored only as SHA-256 hashes."""

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Column, ForeignKey, String, Table

from court_node.store.tables.base import ID, metadata

courts = Table(
    "courts", metadata,
    Column("code", String(16), primary_key=True),  # 京0101
    Column("name", String(200), nullable=False),
    Column("enforcement_account", String(64), nullable=False),  # 执行款专户: where deductions are paid
)

ROLES = ("judge", "clerk", "viewer")

users = Table(
    "users", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("court_code", String(16), ForeignKey("courts.code"), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("role", String(16), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", BigInteger, nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
    CheckConstraint("role IN ('judge', 'clerk', 'viewer')", name="role"),
)
