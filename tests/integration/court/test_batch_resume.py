"""A batch whose runner stopped mid-way is taken over by the node's worker and finished, nothing done twice."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

from court_node.services.worker import Worker
from court_node.store import batches_repo
from court_node.store.tables import freezes
from tests.integration.court.batch_world import file_cases, items, run_batch, wait_batch
from tests.unit.court.node_requests import DEBTOR
from tests.unit.court.svc_world import World, fake_provider, make_world, open_accounts


def _node(tmp_path: Path, books: str) -> World:
    return make_world(tmp_path, [fake_provider("bank", books=books, latency_s=0.15)], batch_chunk_size=2,
                      batch_lease_s=30)


def _freeze_request_nos(world: World) -> list[str]:
    with world.ctx.store.read() as conn:
        return [r.request_no for r in conn.execute(freezes.select())]


def _wait_done(world: World, batch_id: int, at_least: int) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while True:
        progress: dict[str, Any] = world.get(f"/api/v1/batches/{batch_id}").json
        if progress["done"] >= at_least or time.monotonic() > deadline:
            return progress
        time.sleep(0.01)


def test_a_stopped_batch_is_resumed_by_the_worker_of_a_new_node_and_nothing_is_done_twice(tmp_path: Path) -> None:
    books = f"resume-{uuid.uuid4().hex}"
    first = _node(tmp_path, books)
    open_accounts(first, DEBTOR, bank=("6222001", 100_000_000))
    ids = file_cases(first, 6)
    run_batch(first, {"kind": "inspection", "case_ids": ids})
    started = first.post("/api/v1/batches", {"kind": "freeze", "case_ids": ids})
    batch_id = started.json["id"]
    _wait_done(first, batch_id, 2)
    first.close()  # the node stops: its runner ends after the chunk in hand and frees the lease
    second = _node(tmp_path, books)
    try:
        halfway = second.get(f"/api/v1/batches/{batch_id}").json
        assert halfway["state"] == "running" and halfway["done"] < 6
        Worker(second.ctx, 60).run_once()
        progress = wait_batch(second, batch_id)
        assert (progress["state"], progress["succeeded"]) == ("completed", 6)
        placed = [f for i in items(second, batch_id) for f in i["result"]["freeze_ids"]]
        assert len(placed) == len(set(placed)) == 6
        request_nos = _freeze_request_nos(second)
        assert len(request_nos) == 6
        booked = second.fake("bank").freezes_on("6222001")
        assert len(booked) == 6
        assert all(second.case(case_id)["frozen"] == "50750.00" for case_id in ids)
    finally:
        second.close()


def test_a_batch_whose_lease_has_not_lapsed_is_left_to_its_runner(tmp_path: Path) -> None:
    node = make_world(tmp_path, [fake_provider("bank")])
    try:
        with node.ctx.store.write() as conn:
            batch_id = batches_repo.insert_batch(conn, court_code="京0101", kind="notice", created_by=1, options={},
                                                 total=0, now=0, real_now=1_000, lease_owner="elsewhere",
                                                 lease_until=2_000)
            assert batches_repo.orphaned(conn, 1_500) == []
            assert not batches_repo.take_lease(conn, batch_id, owner="here", real_now=1_500, until=9_000)
            assert batches_repo.orphaned(conn, 2_500) == [batch_id]
            assert batches_repo.take_lease(conn, batch_id, owner="here", real_now=2_500, until=9_000)
    finally:
        node.close()
