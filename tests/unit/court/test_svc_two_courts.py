"""Two courts against one debtor: the first to freeze disposes of the money, the second waits in line (rule 10)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit.court.node_requests import JUDGE, OTHER_JUDGE
from tests.unit.court.svc_world import COMPANY, World, fake_provider, make_world, open_accounts


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = make_world(tmp_path, [fake_provider("alipay")])
    open_accounts(w, COMPANY, alipay=("2088009", 1_000_000))
    yield w
    w.close()


def _both_frozen(world: World, first_days: int = 365) -> tuple[dict[str, object], dict[str, object]]:
    first_case = world.file(1, debtor=COMPANY, principal="10000.00", costs="0")
    [first] = world.inspect_and_freeze(first_case, JUDGE, term_days=first_days)
    second_case = world.file(2, court="京0105", token=OTHER_JUDGE, debtor=COMPANY, principal="6000.00", costs="0")
    [second] = world.inspect_and_freeze(second_case, OTHER_JUDGE)
    return first, second


def test_the_second_courts_freeze_waits_and_takes_effect_when_the_first_releases(world: World) -> None:
    first, second = _both_frozen(world)
    assert (first["status"], first["held"]) == ("active", "10000.00")
    assert (second["status"], second["queue_position"], second["held"]) == ("waiting", 1, "0.00")
    assert world.case(int(str(second["case_id"])), OTHER_JUDGE)["frozen"] == "0.00"
    released = world.post(f"/api/v1/freezes/{first['id']}/release", {"document_no": "解冻裁定"}, JUDGE)
    assert released.status_code == 200
    now = world.get(f"/api/v1/freezes/{second['id']}", OTHER_JUDGE).json
    assert (now["status"], now["held"], now["queue_position"]) == ("active", "6000.00", None)
    assert world.case(int(str(second["case_id"])), OTHER_JUDGE)["frozen"] == "6000.00"
    assert "freeze.took_effect" in world.actions(int(str(second["case_id"])), OTHER_JUDGE)


def test_the_waiting_freeze_takes_effect_when_the_first_lapses_and_its_term_starts_then(world: World) -> None:
    first, second = _both_frozen(world, first_days=10)
    world.advance(10)
    now = world.get(f"/api/v1/freezes/{second['id']}", OTHER_JUDGE).json
    assert (now["status"], now["start_date"], now["end_date"]) == ("active", "2026-03-11", "2027-03-11")
    assert world.get(f"/api/v1/freezes/{first['id']}", JUDGE).json["status"] == "expired"


def test_neither_court_sees_or_touches_the_others_freeze(world: World) -> None:
    first, second = _both_frozen(world)
    assert world.get(f"/api/v1/freezes/{second['id']}", JUDGE).status_code == 404
    assert world.post(f"/api/v1/freezes/{first['id']}/release", {"document_no": "解"}, OTHER_JUDGE).status_code == 404
    assert world.fake("alipay").check_invariants() == []
