"""A court node with fake providers for the batch tests, and waiting for a batch to end."""

from __future__ import annotations

import time
from typing import Any

from tests.unit.court.node_requests import DEBTOR, filing
from tests.unit.court.svc_world import World

#: debtors with accounts at the bank, one per case
DEBTORS = [
    {"name": "李明", "id_type": "resident_id", "id_number": "11010519491231002X"},
    {"name": "王芳", "id_type": "resident_id", "id_number": "440524188001010014"},
]


def wait_batch(world: World, batch_id: int, token: str | None = None, timeout_s: float = 30.0) -> dict[str, Any]:
    """Poll the batch until it is completed."""
    deadline = time.monotonic() + timeout_s
    while True:
        answer = world.get(f"/api/v1/batches/{batch_id}") if token is None else world.get(
            f"/api/v1/batches/{batch_id}", token)
        assert answer.status_code == 200, answer.json
        if answer.json["state"] == "completed" or time.monotonic() > deadline:
            progress: dict[str, Any] = answer.json
            return progress
        time.sleep(0.02)


def items(world: World, batch_id: int) -> list[dict[str, Any]]:
    answer = world.get(f"/api/v1/batches/{batch_id}/items")
    assert answer.status_code == 200, answer.json
    found: list[dict[str, Any]] = answer.json["items"]
    return found


def run_batch(world: World, body: dict[str, Any], token: str | None = None) -> tuple[dict[str, Any], list[Any]]:
    """Start a batch, wait for it; its final progress and its items."""
    answer = world.post("/api/v1/batches", body) if token is None else world.post("/api/v1/batches", body, token)
    assert answer.status_code == 202, answer.json
    progress = wait_batch(world, answer.json["id"])
    assert progress["state"] == "completed", progress
    return progress, items(world, answer.json["id"])


def file_cases(world: World, count: int, *, first: int = 1, notice: bool = True) -> list[int]:
    """File ``count`` cases of the first debtor through a batch (and serve their notices); their ids."""
    _, filed = run_batch(world, {"kind": "filing", "cases": [filing(first + i, debtor=dict(DEBTOR))
                                                             for i in range(count)]})
    ids = [int(i["case_id"]) for i in filed]
    if notice:
        run_batch(world, {"kind": "notice", "case_ids": ids})
    return ids
