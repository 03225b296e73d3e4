"""The chaos schedule: all of it from the seed, the same bytes for the same seed, every fault kind met."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from court_node.chaos.faults import FAULT_KINDS, KILL_NODE, KILL_PROVIDER
from court_node.chaos.schedule import build_schedule, resident_id
from court_node.domain.identity import check_id


def test_same_seed_gives_the_same_schedule_byte_for_byte() -> None:
    assert build_schedule(7, 60).to_json() == build_schedule(7, 60).to_json()


def test_different_seeds_give_different_schedules() -> None:
    assert build_schedule(7, 60).to_json() != build_schedule(8, 60).to_json()


def test_a_minute_meets_every_fault_kind() -> None:
    kinds = Counter(w.kind for w in build_schedule(3, 50).faults)
    assert set(kinds) == set(FAULT_KINDS)


def test_faults_end_within_the_run() -> None:
    schedule = build_schedule(5, 60)
    assert all(0 < w.start_s < 60 for w in schedule.faults)
    assert all(w.target in ("bank", "alipay", "wechat") for w in schedule.faults if w.kind == KILL_PROVIDER)
    assert all(w.target == "node" for w in schedule.faults if w.kind == KILL_NODE)


def test_operations_are_in_time_order_and_numbered() -> None:
    ops = build_schedule(11, 60).operations
    assert [op.at_s for op in ops] == sorted(op.at_s for op in ops)
    assert [op.seq for op in ops] == list(range(1, len(ops) + 1))


def test_every_case_is_inspected_then_frozen_in_the_opening() -> None:
    schedule = build_schedule(2, 60)
    for case in schedule.cases:
        mine = [op for op in schedule.operations if op.case == case.key]
        assert [op.kind for op in mine[:2]] == ["inspect", "freeze"]


def test_several_cases_per_debtor_at_different_courts() -> None:
    schedule = build_schedule(4, 60)
    for index in range(len(schedule.debtors)):
        courts = [c.court for c in schedule.cases if c.debtor == index]
        assert len(courts) >= 2
        assert len(set(courts)) == len(courts)


def test_debtor_movements_name_a_seeded_account() -> None:
    schedule = build_schedule(9, 60)
    accounts = {(a.provider, a.account_no) for d in schedule.debtors for a in d.accounts}
    moves = [op for op in schedule.operations if op.kind in ("pay", "credit")]
    assert moves
    assert all((op.provider, op.account_no) in accounts and (op.amount_fen or 0) > 0 for op in moves)


def test_one_court_is_refused() -> None:
    with pytest.raises(ValueError, match="two courts"):
        build_schedule(1, 60, ("京0101",))


def test_resident_ids_carry_a_valid_check_character() -> None:
    rng = random.Random(0)
    for _ in range(50):
        check_id("resident_id", resident_id(rng))
