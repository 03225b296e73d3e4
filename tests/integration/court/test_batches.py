"""The bulk path: batches of filings, notices, inspections, freezes and deductions, item by item."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from court_node.audit.chain import verify
from court_node.services import batch_runner
from court_node.store.tables import batches, cases
from tests.integration.court.batch_world import file_cases, items, run_batch, wait_batch
from tests.unit.court.node_requests import CLERK, DEBTOR, JUDGE, OTHER_JUDGE, VIEWER, auth, filing
from tests.unit.court.svc_world import World, fake_provider, make_world, open_accounts


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    node = make_world(tmp_path, [fake_provider("bank", capture_credits=True), fake_provider("alipay")],
                      batch_chunk_size=3)
    open_accounts(node, DEBTOR, bank=("6222001", 10_000_000), alipay=("2088001", 100_000))
    yield node
    node.close()


def _count(world: World, table: object) -> int:
    with world.ctx.store.read() as conn:
        return len(list(conn.execute(table.select())))  # type: ignore[attr-defined]


def test_a_filing_batch_files_the_good_cases_and_names_why_the_others_failed(world: World) -> None:
    bodies = [filing(1), filing(2), filing(3, "京0105"), filing(1), filing(4)]
    progress, filed = run_batch(world, {"kind": "filing", "cases": bodies})
    assert (progress["total"], progress["done"], progress["succeeded"], progress["failed"]) == (5, 5, 3, 2)
    assert [i["state"] for i in filed] == ["succeeded", "succeeded", "failed", "failed", "succeeded"]
    assert [i["error"]["code"] for i in filed if i["error"]] == ["CASE_COURT_MISMATCH", "CASE_NUMBER_TAKEN"]
    assert filed[2]["case_id"] is None
    first = filed[0]["result"]
    assert first == {"case_id": filed[0]["case_id"], "case_number": "（2026）京0101执1号"}
    assert world.case(first["case_id"])["status"] == "filed"
    assert _count(world, cases) == 3


def test_a_malformed_item_refuses_the_whole_batch_naming_the_item(world: World) -> None:
    bad = filing(2, debtor={**DEBTOR, "id_number": "110105194912310021"})
    answer = world.post("/api/v1/batches", {"kind": "filing", "cases": [filing(1), bad]})
    assert answer.status_code == 400
    assert answer.json["error"]["code"] == "INVALID_FIELD"
    assert list(answer.json["error"]["details"]["fields"]) == ["cases/1/debtor/id_number"]
    assert (_count(world, cases), _count(world, batches)) == (0, 0)


def test_case_ids_must_be_positive_integers_named_once(world: World) -> None:
    twice = world.post("/api/v1/batches", {"kind": "inspection", "case_ids": [1, 2, 1]})
    assert list(twice.json["error"]["details"]["fields"]) == ["case_ids/2"]
    empty = world.post("/api/v1/batches", {"kind": "notice", "case_ids": []})
    assert empty.status_code == 400
    assert _count(world, batches) == 0


def test_a_batch_over_the_item_limit_is_refused(tmp_path: Path) -> None:
    node = make_world(tmp_path, [fake_provider("bank")], batch_max_items=2)
    try:
        answer = node.post("/api/v1/batches", {"kind": "notice", "case_ids": [1, 2, 3]})
        assert answer.status_code == 400
        assert "case_ids" in answer.json["error"]["details"]["fields"]
    finally:
        node.close()


def test_a_notice_batch_serves_each_notice_once(world: World) -> None:
    ids = file_cases(world, 2, notice=False)
    other = world.file(90, court="京0105", token=OTHER_JUDGE, notice=False)
    world.post(f"/api/v1/cases/{ids[1]}/notice", {"document_no": "先送达"})
    progress, served = run_batch(world, {"kind": "notice", "case_ids": [ids[0], ids[1], other]})
    assert (progress["succeeded"], progress["failed"]) == (1, 2)
    assert [i["error"]["code"] if i["error"] else None for i in served] == [
        None, "NOTICE_ALREADY_SERVED", "CASE_NOT_FOUND"]
    assert world.case(ids[0])["notice_document_no"] == "（2026）京0101执1号通知书"


def test_an_inspection_batch_asks_every_provider_for_every_case(world: World) -> None:
    ids = file_cases(world, 4)
    progress, inspected = run_batch(world, {"kind": "inspection", "case_ids": [*ids, 999]})
    assert (progress["succeeded"], progress["failed"]) == (4, 1)
    assert inspected[4]["error"]["code"] == "CASE_NOT_FOUND"
    result = inspected[0]["result"]
    assert result["state"] == "completed"
    view = world.get(f"/api/v1/inspections/{result['inspection_id']}").json
    assert {r["provider"]: r["state"] for r in view["results"]} == {"bank": "completed", "alipay": "completed"}
    assert world.actions(ids[0]).count("inspection.requested") == 1


def test_an_inspection_batch_asks_only_the_named_providers(world: World) -> None:
    ids = file_cases(world, 1)
    _, inspected = run_batch(world, {"kind": "inspection", "case_ids": ids, "providers": ["alipay"]})
    view = world.get(f"/api/v1/inspections/{inspected[0]['result']['inspection_id']}").json
    assert view["providers"] == ["alipay"]


def test_an_inspection_item_waits_for_an_asynchronous_provider(tmp_path: Path) -> None:
    node = make_world(tmp_path, [fake_provider("bank", asynchronous=True, delay_s=1)])
    try:
        ids = file_cases(node, 2)
        answer = node.post("/api/v1/batches", {"kind": "inspection", "case_ids": ids})
        assert wait_batch(node, answer.json["id"], timeout_s=0.5)["state"] == "running"
        node.advance(1)  # the provider's processing delay passes on the simulated clock
        assert wait_batch(node, answer.json["id"])["succeeded"] == 2
        assert {i["result"]["state"] for i in items(node, answer.json["id"])} == {"completed"}
    finally:
        node.close()


def test_an_unanswered_inspection_item_ends_pending_at_the_batch_deadline(tmp_path: Path) -> None:
    node = make_world(tmp_path, [fake_provider("bank", asynchronous=True, delay_s=3600)], batch_answer_wait_s=0.3)
    try:
        ids = file_cases(node, 1)
        progress, inspected = run_batch(node, {"kind": "inspection", "case_ids": ids})
        assert progress["succeeded"] == 1
        assert inspected[0]["result"]["state"] == "pending"
    finally:
        node.close()


def test_a_freeze_batch_places_the_planned_freezes(world: World) -> None:
    ids = file_cases(world, 2)
    run_batch(world, {"kind": "inspection", "case_ids": ids[:1]})
    progress, frozen = run_batch(world, {"kind": "freeze", "case_ids": ids})
    assert (progress["succeeded"], progress["failed"]) == (1, 1)
    assert frozen[1]["error"]["code"] == "INSPECTION_REQUIRED"
    freeze_ids = frozen[0]["result"]["freeze_ids"]
    placed = world.get(f"/api/v1/cases/{ids[0]}/freezes").json["freezes"]
    assert sorted(f["id"] for f in placed) == sorted(freeze_ids)
    assert world.case(ids[0])["frozen"] == "50750.00"
    assert sum(f.held for f in world.fake("bank").freezes_on("6222001")) == 5_075_000


def test_a_freeze_batch_places_only_the_named_providers_part_of_the_plan(tmp_path: Path) -> None:
    node = make_world(tmp_path, [fake_provider("bank"), fake_provider("alipay")])
    open_accounts(node, DEBTOR, bank=("6222001", 3_000_000), alipay=("2088001", 3_000_000))
    try:
        ids = file_cases(node, 1)
        run_batch(node, {"kind": "inspection", "case_ids": ids})
        _, frozen = run_batch(node, {"kind": "freeze", "case_ids": ids, "providers": ["alipay"]})
        placed = node.get(f"/api/v1/cases/{ids[0]}/freezes").json["freezes"]
        assert [f["provider"] for f in placed] == ["alipay"]
        assert node.fake("bank").freezes_on("6222001") == []
        assert len(frozen[0]["result"]["freeze_ids"]) == 1
    finally:
        node.close()


def test_a_deduction_batch_deducts_what_is_due_after_the_grace_period(world: World) -> None:
    ids = file_cases(world, 1)
    early = file_cases(world, 1, first=50, notice=False)
    run_batch(world, {"kind": "inspection", "case_ids": ids})
    run_batch(world, {"kind": "freeze", "case_ids": ids})
    progress, deducted = run_batch(world, {"kind": "deduction", "case_ids": [*ids, *early]})
    assert (progress["succeeded"], progress["failed"]) == (1, 1)
    assert deducted[1]["error"]["code"] == "DEDUCTION_TOO_EARLY"
    assert deducted[0]["result"]["amount"] == "50750.00"
    assert world.case(ids[0])["status"] == "satisfied"
    assert len(world.get(f"/api/v1/cases/{ids[0]}/deductions").json["deductions"]) == len(
        deducted[0]["result"]["deduction_ids"])


def test_the_same_idempotency_key_answers_the_same_batch(world: World) -> None:
    body = {"kind": "filing", "cases": [filing(1)]}
    first = world.client.post("/api/v1/batches", json=body, headers=auth(JUDGE, **{"Idempotency-Key": "k1"}))
    again = world.client.post("/api/v1/batches", json=body, headers=auth(JUDGE, **{"Idempotency-Key": "k1"}))
    assert first.status_code == again.status_code == 202
    assert again.json["id"] == first.json["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    wait_batch(world, first.json["id"])
    assert (_count(world, batches), _count(world, cases)) == (1, 1)


def test_another_courts_batch_is_not_found(world: World) -> None:
    progress, _ = run_batch(world, {"kind": "filing", "cases": [filing(1)]})
    for path in (f"/api/v1/batches/{progress['id']}", f"/api/v1/batches/{progress['id']}/items"):
        answer = world.get(path, OTHER_JUDGE)
        assert (answer.status_code, answer.json["error"]["code"]) == (404, "BATCH_NOT_FOUND")
    assert world.get("/api/v1/batches", OTHER_JUDGE).json["batches"] == []


def test_roles_are_those_of_the_single_routes(world: World) -> None:
    ids = file_cases(world, 1)
    for kind in ("freeze", "deduction"):
        refused = world.post("/api/v1/batches", {"kind": kind, "case_ids": ids}, CLERK)
        assert (refused.status_code, refused.json["error"]["code"]) == (403, "ROLE_FORBIDDEN")
    viewer = world.post("/api/v1/batches", {"kind": "inspection", "case_ids": ids}, VIEWER)
    assert viewer.status_code == 403
    clerk = world.post("/api/v1/batches", {"kind": "inspection", "case_ids": ids}, CLERK)
    assert clerk.status_code == 202
    assert wait_batch(world, clerk.json["id"], VIEWER)["succeeded"] == 1
    assert world.get("/api/v1/batches", VIEWER).json["batches"][0]["id"] == clerk.json["id"]


def test_batches_are_audited_and_the_chain_still_verifies(world: World) -> None:
    ids = file_cases(world, 2)
    run_batch(world, {"kind": "inspection", "case_ids": ids})
    with world.ctx.store.read() as conn:
        assert verify(conn) is None
        actions = [r.action for r in conn.execute(
            __import__("court_node.store.tables", fromlist=["audit_events"]).audit_events.select())]
    assert actions.count("batch.created") == actions.count("batch.completed") == 3
    assert actions.count("case.filed") == 2 and actions.count("inspection.requested") == 2


def test_an_inspection_batch_finishes_items_while_later_chunks_are_still_being_sent(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the bank answers later: without asking about earlier chunks meanwhile, the batch would show 0 done until
    # every chunk had gone out (10,000 cases: minutes without a moving progress bar)
    node = make_world(tmp_path, [fake_provider("bank", asynchronous=True, delay_s=0)], batch_chunk_size=2)
    done_before_each_chunk: list[int] = []
    record_chunk = batch_runner._record_chunk

    def recording(ctx: Any, batch: Any, user: Any, chunk: Any) -> None:
        with ctx.store.read() as conn:
            done_before_each_chunk.append(int(conn.execute(
                select(batches.c.done).where(batches.c.id == batch.id)).scalar_one()))
        record_chunk(ctx, batch, user, chunk)

    try:
        ids = file_cases(node, 6)
        monkeypatch.setattr(batch_runner, "_record_chunk", recording)
        progress, _ = run_batch(node, {"kind": "inspection", "case_ids": ids})
        assert progress["succeeded"] == 6
        assert done_before_each_chunk[0] == 0
        assert done_before_each_chunk[-1] > 0
    finally:
        node.close()
