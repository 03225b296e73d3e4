"""Batches: one request files, serves, inspects, freezes or deducts for many cases; its progress is a resource.

The batch and its items are written before the answer (202), then worked through in a background thread of the
process that took the request (see batch_runner); any process of the node reads the progress from the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from court_node.api.errors import NotFound
from court_node.api.schemas.cases import FileCaseSchema
from court_node.auth import check_role
from court_node.context import NodeContext
from court_node.services import batch_runner
from court_node.services.batch_input import check_count, checked_case_ids, checked_filings
from court_node.services.inspections import chosen_providers
from court_node.store import batches_repo
from court_node.store.batches_repo import BatchRecord, ItemRecord
from court_node.store.users_repo import User

#: who may start each kind: as the single routes allow
ROLES = {"filing": ("judge", "clerk"), "notice": ("judge", "clerk"), "inspection": ("judge", "clerk"),
         "freeze": ("judge",), "deduction": ("judge",)}


@dataclass(frozen=True)
class BatchView:
    """A batch's progress."""

    id: int
    kind: str
    state: str
    total: int
    done: int
    succeeded: int
    failed: int
    created_at: int
    finished_at: int | None
    elapsed_ms: int


def create_batch(ctx: NodeContext, user: User, kind: str, data: Mapping[str, Any]) -> BatchView:
    """Check every item, write the batch, and start working it in this process; its progress."""
    check_role(user, *ROLES[kind])
    limit = ctx.settings.batch_max_items
    options: dict[str, Any] = {}
    if kind == "filing":
        bodies = check_count(data.get("cases"), "cases", limit)
        checked_filings(bodies, FileCaseSchema())
        items: list[tuple[int | None, dict[str, Any] | None]] = [(None, body) for body in bodies]
    else:
        ids = checked_case_ids(check_count(data.get("case_ids"), "case_ids", limit))
        items = [(case_id, None) for case_id in ids]
    if data.get("providers") is not None:
        options["providers"] = chosen_providers(ctx, data["providers"])
    elif kind in ("inspection", "freeze"):
        chosen_providers(ctx, None)  # 409 NO_PROVIDERS before anything is written
    for key in ("document_no", "notice_no", "mode", "term_days"):
        if data.get(key) is not None:
            options[key] = data[key]
    now, real = ctx.clock.now_us(), batch_runner.real_us()
    owner = batch_runner.new_owner()
    with ctx.store.write() as conn:
        batch_id = batches_repo.insert_batch(conn, court_code=user.court_code, kind=kind, created_by=user.id,
                                             options=options, total=len(items), now=now, real_now=real,
                                             lease_owner=owner, lease_until=real + batch_runner.lease_us(ctx))
        batches_repo.insert_items(conn, batch_id, items)
        ctx.audit.append(conn, action="batch.created", user=user, court_code=user.court_code, detail={
            "batch_id": batch_id, "kind": kind, "total": len(items), **options})
    batch_runner.start(ctx, batch_id, owner)
    return get_batch(ctx, user, batch_id)


def get_batch(ctx: NodeContext, user: User, batch_id: int) -> BatchView:
    with ctx.store.read() as conn:
        return view_of(_own(conn, user, batch_id))


def list_batches(ctx: NodeContext, user: User, limit: int = 50) -> list[BatchView]:
    with ctx.store.read() as conn:
        return [view_of(b) for b in batches_repo.batches_of_court(conn, user.court_code, limit)]


def batch_items(ctx: NodeContext, user: User, batch_id: int, *, offset: int = 0, limit: int = 1000,
                state: str | None = None) -> tuple[int, list[ItemRecord]]:
    """The count of the batch's items (in ``state``, when given) and one page of them, in order."""
    with ctx.store.read() as conn:
        batch = _own(conn, user, batch_id)
        total = batches_repo.count_items(conn, batch.id, state)
        return total, batches_repo.items_of(conn, batch.id, offset=offset, limit=limit, state=state)


def item_json(item: ItemRecord) -> dict[str, Any]:
    """An item as the API shows it."""
    result: dict[str, Any] | None = item.result
    if result is None and item.state == "succeeded":
        result = {}
    error = {"code": item.error_code, "message": item.error_message} if item.error_code else None
    return {"index": item.index, "case_id": item.case_id, "state": item.state, "result": result, "error": error}


def view_of(batch: BatchRecord) -> BatchView:
    end = batch.finished_real if batch.finished_real is not None else batch_runner.real_us()
    return BatchView(batch.id, batch.kind, batch.state, batch.total, batch.done, batch.succeeded, batch.failed,
                     batch.created_at, batch.finished_at, max(0, (end - batch.started_real) // 1000))


def _own(conn: Any, user: User, batch_id: int) -> BatchRecord:
    batch = batches_repo.batch_by_id(conn, batch_id, user.court_code)
    if batch is None:
        raise NotFound(f"no batch {batch_id} at court {user.court_code}", code="BATCH_NOT_FOUND")
    return batch

