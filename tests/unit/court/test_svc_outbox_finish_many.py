"""Recording many providers' answers together: one write transaction, each answer as ``finish`` records it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from court_node.services import outbox, outcomes
from court_node.store import outbox_repo
from tests.unit.court.node_requests import DEBTOR
from tests.unit.court.svc_world import World, fake_provider, make_world, open_accounts


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = make_world(tmp_path, [fake_provider("bank"), fake_provider("alipay")])
    open_accounts(w, DEBTOR, bank=("6222001", 1_000_000), alipay=("2088001", 100_000))
    yield w
    w.close()


def _writes(world: World, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the store's write transactions from now on."""
    opened: list[int] = []
    store = world.ctx.store
    original = store.write

    def counting() -> Any:
        opened.append(1)
        return original()

    monkeypatch.setattr(store, "write", counting)
    return opened


def test_an_inspection_records_every_providers_answer_in_one_transaction(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    case_id = world.file()
    recorded: list[str] = []
    monkeypatch.setattr(outbox, "finish_many", _spy(outbox.finish_many, recorded))
    view = world.inspect(case_id)
    assert {r["provider"]: r["state"] for r in view["results"]} == {"bank": "completed", "alipay": "completed"}
    assert recorded == ["bank+alipay"]


def _spy(finish_many: Any, recorded: list[str]) -> Any:
    def spying(ctx: Any, answers: Any, user: Any, **kw: Any) -> Any:
        recorded.append("+".join(sorted({r.provider for r, _ in answers}, key=["bank", "alipay"].index)))
        return finish_many(ctx, answers, user, **kw)
    return spying


def test_sending_and_recording_take_one_write_transaction_each_whatever_the_number_of_requests(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    case_id = world.file()
    payloads = {p: _query(world, case_id, p) for p in ("bank", "alipay")}
    with world.ctx.store.write() as conn:
        numbers = {outbox.prepare(world.ctx, conn, provider=p, kind="query", operation="query", case_id=case_id,
                                  payload=payload): p for p, payload in payloads.items()}
    opened = _writes(world, monkeypatch)
    deliveries = outbox.deliver_all(world.ctx, numbers, None)
    assert {d.state for d in deliveries.values()} == {"completed"}
    assert len(opened) == 2


def _query(world: World, case_id: int, provider: str) -> dict[str, Any]:
    view = world.inspect(case_id)
    sent = next(r for r in view["results"] if r["provider"] == provider)
    with world.ctx.store.read() as conn:
        request = outbox_repo.request_by_no(conn, sent["request_no"])
    assert request is not None
    return {**request.payload, "request_no": outbox.new_request_no("query", case_id)}


def test_an_answer_that_cannot_be_applied_leaves_only_its_request_open(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    case_id = world.file()
    apply = outcomes.apply

    def failing_for_alipay(ctx: Any, conn: Any, request: Any, delivery: Any, user: Any) -> None:
        if request.provider == "alipay":
            raise RuntimeError("a defect")
        apply(ctx, conn, request, delivery, user)

    monkeypatch.setattr(outcomes, "apply", failing_for_alipay)
    world.inspect(case_id)
    with world.ctx.store.read() as conn:
        still_open = outbox_repo.open_requests(conn)
    assert [(r.provider, r.state) for r in still_open] == [("alipay", "sent")]


def test_an_answer_recorded_already_is_not_recorded_again(world: World) -> None:
    case_id = world.file()
    view = world.inspect(case_id)
    bank = next(r for r in view["results"] if r["provider"] == "bank")
    with world.ctx.store.read() as conn:
        request = outbox_repo.request_by_no(conn, bank["request_no"])
    assert request is not None
    actions = world.actions(case_id)
    again = outbox.finish_many(world.ctx, [(request, outbox.stored_delivery(request))], None)
    assert again[request.request_no].state == "completed"
    assert world.actions(case_id) == actions
