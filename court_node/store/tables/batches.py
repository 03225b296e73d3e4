"""Batches (批量): many cases filed, served, inspected, frozen or deducted by one request, item by item.

A batch's runner holds a lease (``lease_owner`` until ``lease_until``, real microseconds) and renews it after each
chunk; a batch still ``running`` whose lease has lapsed was left by a process that died, and the background worker
takes it over. An item moves ``new`` -> ``recorded`` (its records and outbox requests are written, the ids in
``refs``) -> ``done``, each step in the transaction that does its work, so no step is ever done twice.
"""

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from court_node.store.tables.base import ID, metadata

BATCH_KINDS = ("filing", "notice", "inspection", "freeze", "deduction")

batches = Table(
    "batches", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("court_code", String(16), ForeignKey("courts.code"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("created_by", ID, ForeignKey("users.id"), nullable=False),
    Column("options", JSON, nullable=False),  # providers, document numbers: what applies to every item
    Column("state", String(16), nullable=False, index=True),
    Column("total", Integer, nullable=False),
    Column("done", Integer, nullable=False, default=0),
    Column("succeeded", Integer, nullable=False, default=0),
    Column("failed", Integer, nullable=False, default=0),
    Column("created_at", BigInteger, nullable=False),  # simulated time
    Column("finished_at", BigInteger),
    Column("started_real", BigInteger, nullable=False),  # real time, for the elapsed time
    Column("finished_real", BigInteger),
    Column("lease_owner", String(64), nullable=False, default=""),
    Column("lease_until", BigInteger, nullable=False, default=0),  # real time
    CheckConstraint("state IN ('running', 'completed')", name="state"),
    CheckConstraint("kind IN ('filing', 'notice', 'inspection', 'freeze', 'deduction')", name="kind"),
)

batch_items = Table(
    "batch_items", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("batch_id", ID, ForeignKey("batches.id"), nullable=False),
    Column("index", Integer, nullable=False),
    Column("case_id", ID),  # None for a filing until it is filed
    Column("body", JSON),  # a filing's case body
    Column("stage", String(16), nullable=False),  # new | recorded | done
    Column("state", String(16), nullable=False),  # pending | succeeded | failed
    Column("refs", JSON, nullable=False),  # the records written for it: inspection_id, freeze_ids, deduction_ids
    Column("result", JSON),
    Column("error_code", String(64), nullable=False, default=""),
    Column("error_message", Text, nullable=False, default=""),
    Column("recorded_real", BigInteger),  # real time the item's requests were recorded: its answer deadline runs
    UniqueConstraint("batch_id", "index"),
    CheckConstraint("stage IN ('new', 'recorded', 'done')", name="stage"),
    CheckConstraint("state IN ('pending', 'succeeded', 'failed')", name="state"),
)
