"""A demo node on fake providers (the bank answers later) with the debtor's accounts, and console sessions on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.unit.court.console.console_client import Console
from tests.unit.court.node_requests import DEBTOR, OTHER_JUDGE
from tests.unit.court.svc_world import World, fake_provider, make_world, open_accounts

BANK_ACCOUNT, ALIPAY_ACCOUNT, WECHAT_ACCOUNT = "6222021234567890123", "2088102146225135", "1000049921"


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = make_world(tmp_path, [fake_provider("bank", asynchronous=True, capture_credits=True),
                              fake_provider("alipay"), fake_provider("wechat")])
    open_accounts(w, DEBTOR, bank=(BANK_ACCOUNT, 860_000), alipay=(ALIPAY_ACCOUNT, 325_050),
                  wechat=(WECHAT_ACCOUNT, 128_000))
    yield w
    w.close()


@pytest.fixture
def sign_in(world: World) -> Callable[[str], Console]:
    def signed_in(token: str) -> Console:
        console = Console(world.app)
        assert console.sign_in(token).status_code == 303
        return console

    return signed_in


@pytest.fixture
def judge(sign_in: Callable[[str], Console]) -> Console:
    return sign_in("demo-judge-0101")


def answered_inspection(world: World, case_id: int) -> None:
    """Inspect through the API and let the bank answer (its answer is read when the inspection is read)."""
    inspection = world.inspect(case_id)
    world.fake("bank").settle()
    world.get(f"/api/v1/inspections/{inspection['id']}")


def frozen(world: World, case_id: int, **body: object) -> list[dict[str, object]]:
    """Inspect and freeze as planned through the API, the bank's answers in; the freezes."""
    answered_inspection(world, case_id)
    placed = world.freeze(case_id, **body)
    assert placed.status_code == 201, placed.json
    world.fake("bank").settle()
    freezes: list[dict[str, object]] = world.get(f"/api/v1/cases/{case_id}/freezes").json["freezes"]
    return freezes


def second_court_waits(world: World) -> tuple[int, dict[str, object]]:
    """京0105 files a case against the same debtor and freezes: its bank freeze waits in line; (case, freeze)."""
    other = world.file(2, court="京0105", token=OTHER_JUDGE, principal="5000.00", costs="0")
    inspection = world.inspect(other, OTHER_JUDGE)
    world.fake("bank").settle()
    world.get(f"/api/v1/inspections/{inspection['id']}", OTHER_JUDGE)
    placed = world.freeze(other, OTHER_JUDGE)
    assert placed.status_code == 201, placed.json
    world.fake("bank").settle()
    freezes = world.get(f"/api/v1/cases/{other}/freezes", OTHER_JUDGE).json["freezes"]
    return other, next(f for f in freezes if f["provider"] == "bank")
