"""Numbers a scenario leaves out come from its seed: valid, and the same for the same seed."""

from __future__ import annotations

import random

from court_node.domain.identity import check_id
from court_node.scenarios.generate import DEFAULT_CREDITOR, Numbers


def _numbers(seed: int) -> Numbers:
    return Numbers(random.Random(f"{seed}:scenario"))


def test_generated_id_numbers_are_valid() -> None:
    numbers = _numbers(1)
    for _ in range(50):
        check_id("resident_id", numbers.id_number("resident_id"))
        check_id("uscc", numbers.id_number("uscc"))


def test_the_default_creditor_has_a_valid_code() -> None:
    assert check_id("uscc", DEFAULT_CREDITOR[2]) == DEFAULT_CREDITOR[2]


def test_the_same_seed_gives_the_same_numbers() -> None:
    def draw(seed: int) -> list[str]:
        n = _numbers(seed)
        return [n.case_number(2026, "京0101"), n.id_number("resident_id"), n.key(), str(n.fault_seed())]

    assert draw(7) == draw(7)
    assert draw(7) != draw(8)


def test_case_numbers_are_unique_within_a_run() -> None:
    numbers = _numbers(3)
    drawn = [numbers.case_number(2026, "京0101") for _ in range(500)]
    assert len(set(drawn)) == 500
    assert drawn[0].startswith("（2026）京0101执") and drawn[0].endswith("号")


def test_document_numbers_count_up_per_case() -> None:
    numbers = _numbers(3)
    assert [numbers.document_no("（2026）京0101执5号") for _ in range(2)] == ["（2026）京0101执5号之1",
                                                                          "（2026）京0101执5号之2"]
