"""Expectations compare exactly and name both sides of every difference."""

from __future__ import annotations

from court_node.scenarios.expectations import compare, compare_error
from court_node.scenarios.model import ErrorExpect, ExpLeaf, ExpList, ExpMap


def _fields(**values: object) -> ExpMap:
    return ExpMap(5, tuple((k, 7, ExpLeaf(7, v)) for k, v in values.items()))


def test_equal_values_make_no_difference() -> None:
    assert compare(_fields(held="7100.00", queue_position=None), {"held": "7100.00", "queue_position": None,
                                                                  "status": "active"}, "freeze") == []


def test_money_compares_as_written_not_as_a_number() -> None:
    (difference,) = compare(_fields(held="7100.00"), {"held": "7100.0"}, "freezes.first")
    assert str(difference) == 'line 7: freezes.first.held: expected "7100.00", found "7100.0"'


def test_a_number_never_equals_its_text() -> None:
    (difference,) = compare(_fields(queue_position=1), {"queue_position": "1"}, "freeze")
    assert difference.message == 'expected 1, found "1"'


def test_true_is_not_one() -> None:
    assert compare(_fields(measures=1), {"measures": True}, "r") != []


def test_a_missing_field_is_a_difference() -> None:
    (difference,) = compare(_fields(held="1.00"), {}, "freeze")
    assert difference.path == "freeze.held" and "found nothing" in difference.message


def test_a_list_must_have_as_many_items() -> None:
    expected = ExpList(3, (_fields(status="active"),))
    differences = compare(expected, [{"status": "active"}, {"status": "waiting"}], "provider_freezes.x")
    assert [d.message.split(":")[0] for d in differences] == ["expected 1 items, found 2"]


def test_list_items_are_compared_in_order() -> None:
    expected = ExpList(3, (_fields(status="active"), _fields(status="waiting")))
    (difference,) = compare(expected, [{"status": "waiting"}, {"status": "waiting"}], "q")
    assert difference.path == "q[0].status"


def test_an_exact_mapping_names_what_it_did_not_expect() -> None:
    expected = ExpMap(4, (("6222", 4, _fields(balance="1.00")),), exact=True)
    (difference,) = compare(expected, {"6222": {"balance": "1.00"}, "6333": {"balance": "2.00"}}, "accounts")
    assert "found 6333 as well" in difference.message


def test_an_expected_error_that_did_not_come() -> None:
    (problem,) = compare_error(ErrorExpect(9, 422, "DEDUCTION_TOO_EARLY"), None, None, "")
    assert problem == "line 9: error: expected 422 DEDUCTION_TOO_EARLY, but the step succeeded"


def test_another_error_than_expected_shows_both() -> None:
    (problem,) = compare_error(ErrorExpect(9, None, "DEDUCT_EXCEEDS_HELD"), 422, "DEDUCT_EXCEEDS_DUE", "too much")
    assert "expected DEDUCT_EXCEEDS_HELD, found 422 DEDUCT_EXCEEDS_DUE: too much" in problem


def test_an_error_nobody_expected() -> None:
    assert compare_error(None, 409, "FREEZE_PENDING", "wait") == ["unexpected error: 409 FREEZE_PENDING: wait"]


def test_the_status_alone_matches_any_code() -> None:
    assert compare_error(ErrorExpect(9, 404, None), 404, "FREEZE_NOT_FOUND", "") == []
