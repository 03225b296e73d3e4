"""Batches and their items as stored; progress counters move in the transaction that finishes items."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import Connection, bindparam, func, select

from court_node.store.tables import batch_items, batches

MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class BatchRecord:
    id: int
    court_code: str
    kind: str
    created_by: int
    options: dict[str, Any]
    state: str
    total: int
    done: int
    succeeded: int
    failed: int
    created_at: int
    finished_at: int | None
    started_real: int
    finished_real: int | None
    lease_owner: str
    lease_until: int


@dataclass(frozen=True)
class ItemRecord:
    id: int
    batch_id: int
    index: int
    case_id: int | None
    body: dict[str, Any] | None
    stage: str
    state: str
    refs: dict[str, Any]
    result: dict[str, Any] | None
    error_code: str
    error_message: str
    recorded_real: int | None


def _batch(row: Any) -> BatchRecord:
    return BatchRecord(**{f.name: getattr(row, f.name) for f in fields(BatchRecord)})


def _item(row: Any) -> ItemRecord:
    return ItemRecord(**{f.name: getattr(row, f.name) for f in fields(ItemRecord)})


def insert_batch(conn: Connection, *, court_code: str, kind: str, created_by: int, options: Mapping[str, Any],
                 total: int, now: int, real_now: int, lease_owner: str, lease_until: int) -> int:
    key = conn.execute(batches.insert().values(
        court_code=court_code, kind=kind, created_by=created_by, options=dict(options), state="running",
        total=total, done=0, succeeded=0, failed=0, created_at=now, started_real=real_now,
        lease_owner=lease_owner, lease_until=lease_until)).inserted_primary_key
    assert key is not None
    return int(key[0])


def insert_items(conn: Connection, batch_id: int, items: Sequence[tuple[int | None, dict[str, Any] | None]]) -> None:
    """The batch's items in order: (case id, body) each."""
    if items:
        conn.execute(batch_items.insert(), [
            {"batch_id": batch_id, "index": i, "case_id": case_id, "body": body, "stage": "new", "state": "pending",
             "refs": {}, "error_code": "", "error_message": ""} for i, (case_id, body) in enumerate(items)])


def batch_by_id(conn: Connection, batch_id: int, court_code: str | None = None) -> BatchRecord | None:
    """The batch, or None when it does not exist or belongs to another court than ``court_code``."""
    if not 0 < batch_id <= MAX_ID:
        return None
    query = select(batches).where(batches.c.id == batch_id)
    if court_code is not None:
        query = query.where(batches.c.court_code == court_code)
    row = conn.execute(query).first()
    return None if row is None else _batch(row)


def batches_of_court(conn: Connection, court_code: str, limit: int) -> list[BatchRecord]:
    rows = conn.execute(select(batches).where(batches.c.court_code == court_code)
                        .order_by(batches.c.id.desc()).limit(limit))
    return [_batch(r) for r in rows]


def items_of(conn: Connection, batch_id: int, *, offset: int = 0, limit: int = 1000,
             stages: Sequence[str] | None = None, state: str | None = None) -> list[ItemRecord]:
    query = select(batch_items).where(batch_items.c.batch_id == batch_id)
    if stages is not None:
        query = query.where(batch_items.c.stage.in_(list(stages)))
    if state is not None:
        query = query.where(batch_items.c.state == state)
    rows = conn.execute(query.order_by(batch_items.c.index).offset(offset).limit(limit))
    return [_item(r) for r in rows]


def items_by_ids(conn: Connection, item_ids: Sequence[int]) -> list[ItemRecord]:
    rows = conn.execute(select(batch_items).where(batch_items.c.id.in_(list(item_ids))).order_by(batch_items.c.index))
    return [_item(r) for r in rows]


def count_items(conn: Connection, batch_id: int, state: str | None = None) -> int:
    query = select(func.count()).select_from(batch_items).where(batch_items.c.batch_id == batch_id)
    if state is not None:
        query = query.where(batch_items.c.state == state)
    return int(conn.execute(query).scalar_one())


def item_stages(conn: Connection, item_ids: Sequence[int]) -> dict[int, str]:
    """The current stage of each item, read inside the caller's transaction."""
    rows = conn.execute(select(batch_items.c.id, batch_items.c.stage).where(batch_items.c.id.in_(list(item_ids))))
    return {int(r.id): str(r.stage) for r in rows}


def record_item(conn: Connection, item_id: int, *, refs: Mapping[str, Any], real_now: int,
                case_id: int | None = None) -> None:
    """The item's records and requests are written: it waits for its providers' answers."""
    values: dict[str, Any] = {"stage": "recorded", "refs": dict(refs), "recorded_real": real_now}
    if case_id is not None:
        values["case_id"] = case_id
    conn.execute(batch_items.update().where(batch_items.c.id == item_id).values(**values))


def _finishing(with_case: bool) -> Any:
    """The update that finishes an item, built once (bound parameters keep its cache key)."""
    values: dict[str, Any] = {name: bindparam(f"new_{name}") for name in (
        "stage", "state", "result", "error_code", "error_message")}
    if with_case:
        values["case_id"] = bindparam("new_case_id")
    return batch_items.update().where(batch_items.c.id == bindparam("item_id")).values(**values)


_FINISH = {False: _finishing(False), True: _finishing(True)}


def finish_item(conn: Connection, item_id: int, *, succeeded: bool, result: Mapping[str, Any] | None = None,
                error_code: str = "", error_message: str = "", case_id: int | None = None) -> None:
    params: dict[str, Any] = {"item_id": item_id, "new_stage": "done",
                              "new_state": "succeeded" if succeeded else "failed",
                              "new_result": None if result is None else dict(result), "new_error_code": error_code,
                              "new_error_message": error_message[:2000]}
    if case_id is not None:
        params["new_case_id"] = case_id
    conn.execute(_FINISH[case_id is not None], params)


def count_progress(conn: Connection, batch_id: int) -> None:
    """Bring the batch's counters in line with its items."""
    rows = conn.execute(select(batch_items.c.state, func.count()).where(batch_items.c.batch_id == batch_id)
                        .group_by(batch_items.c.state))
    counts = {str(state): int(n) for state, n in rows}
    succeeded, failed = counts.get("succeeded", 0), counts.get("failed", 0)
    conn.execute(batches.update().where(batches.c.id == batch_id)
                 .values(done=succeeded + failed, succeeded=succeeded, failed=failed))


def complete_batch(conn: Connection, batch_id: int, *, now: int, real_now: int) -> None:
    conn.execute(batches.update().where(batches.c.id == batch_id, batches.c.state == "running")
                 .values(state="completed", finished_at=now, finished_real=real_now, lease_owner="", lease_until=0))


def take_lease(conn: Connection, batch_id: int, *, owner: str, real_now: int, until: int) -> bool:
    """Hold (or renew) the batch's lease: True when it was free, lapsed or already ours."""
    result = conn.execute(batches.update().where(
        batches.c.id == batch_id, batches.c.state == "running",
        (batches.c.lease_owner == owner) | (batches.c.lease_until < real_now)).values(
        lease_owner=owner, lease_until=until))
    return bool(result.rowcount)


def release_lease(conn: Connection, batch_id: int, owner: str) -> None:
    conn.execute(batches.update().where(batches.c.id == batch_id, batches.c.lease_owner == owner)
                 .values(lease_owner="", lease_until=0))


def orphaned(conn: Connection, real_now: int) -> list[int]:
    """Running batches whose runner's lease has lapsed."""
    rows = conn.execute(select(batches.c.id).where(batches.c.state == "running", batches.c.lease_until < real_now)
                        .order_by(batches.c.id))
    return [int(r.id) for r in rows]
