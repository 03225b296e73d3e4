"""The court node's pure rules: money, identities, case numbers, amounts due."""

from __future__ import annotations

from datetime import date

import pytest

from court_node.domain.amounts import Collection, Debt, amount_due
from court_node.domain.case_number import CaseNumberError, parse_case_number
from court_node.domain.identity import IdentityError, check_id
from court_node.domain.money import MoneyError, fen_to_yuan, yuan_to_fen


@pytest.mark.parametrize(("text", "fen"), [("1234.56", 123456), ("0.01", 1), ("12.5", 1250), ("7", 700)])
def test_yuan_strings_become_fen(text: str, fen: int) -> None:
    assert yuan_to_fen(text) == fen and yuan_to_fen(fen_to_yuan(fen)) == fen


@pytest.mark.parametrize("bad", ["-1", "0", "1.234", "01.00", "1e3", " 1", "", 12.5, 100, None, True])
def test_bad_money_is_refused(bad: object) -> None:
    with pytest.raises(MoneyError):
        yuan_to_fen(bad)


@pytest.mark.parametrize(("kind", "number"), [("resident_id", "11010519491231002X"),
                                              ("resident_id", "440524188001010014"),
                                              ("uscc", "91110000600037341L")])
def test_valid_identities(kind: str, number: str) -> None:
    assert check_id(kind, number.lower()) == number


@pytest.mark.parametrize(("kind", "number", "says"), [
    ("resident_id", "110105194912310021", "check character"),
    ("resident_id", "11010519491331002X", "not an 18-character"),
    ("uscc", "91110000600037341M", "check character"),
    ("passport", "E12345678", "unknown ID type"),
])
def test_bad_identities_say_why(kind: str, number: str, says: str) -> None:
    with pytest.raises(IdentityError, match=says):
        check_id(kind, number)


@pytest.mark.parametrize("text", ["（2026）京0101执123号", "(2026)京0101执123号", "（2025）浙0106执恢7号"])
def test_case_numbers_parse_and_normalise(text: str) -> None:
    case = parse_case_number(text)
    assert str(case).startswith("（") and case.court_code in text


@pytest.mark.parametrize(
    "text", ["2026京0101执123号", "（2026）XX0101执1号", "（2026）京0101民1号", "（2026）京0101执0号"]
)
def test_malformed_case_numbers_are_refused(text: str) -> None:
    with pytest.raises(CaseNumberError):
        parse_case_number(text)


def test_amount_due_without_interest_is_principal_plus_costs_less_collected() -> None:
    debt = Debt(principal=1_000_000, costs=13_800, delay_interest=False, interest_from=date(2026, 1, 1))
    due = amount_due(debt, [Collection(date(2026, 2, 1), 113_800)], date(2026, 3, 1))
    assert (due.costs_unpaid, due.principal_unpaid, due.total) == (0, 900_000, 900_000)


def test_delay_interest_runs_at_0_0175_percent_a_day_on_unpaid_principal() -> None:
    debt = Debt(principal=1_000_000, costs=0, delay_interest=True, interest_from=date(2026, 1, 1))
    # 10 000.00 yuan x 0.0175 % x 10 days = 17.50 yuan
    assert amount_due(debt, [], date(2026, 1, 10)).interest_accrued == 1_750


def test_collections_pay_costs_then_principal_and_shrink_the_interest_base() -> None:
    debt = Debt(principal=1_000_000, costs=10_000, delay_interest=True, interest_from=date(2026, 1, 1))
    due = amount_due(debt, [Collection(date(2026, 1, 11), 510_000)], date(2026, 1, 20))
    # 10 days on 10 000.00 (17.50) then 10 days on 5 000.00 (8.75)
    assert due.principal_unpaid == 500_000 and due.costs_unpaid == 0
    assert due.interest_accrued == 2_625 and due.total == 502_625


def test_a_trailing_newline_is_not_part_of_an_amount() -> None:
    with pytest.raises(MoneyError):
        yuan_to_fen("50000.00\n")


@pytest.mark.parametrize(("kind", "number"), [("resident_id", "11010519491231٠02X"),
                                              ("resident_id", "11010519491231０02X"),
                                              ("uscc", "911١0000600037341L")])
def test_digits_of_other_scripts_are_not_id_characters(kind: str, number: str) -> None:
    with pytest.raises(IdentityError, match="not an 18-character"):
        check_id(kind, number)


@pytest.mark.parametrize("text", ["（2026）京０１０１执123号", "（２０２６）京0101执123号", "（2026）京0101执１２３号"])
def test_full_width_digits_are_not_case_number_digits(text: str) -> None:
    with pytest.raises(CaseNumberError):
        parse_case_number(text)
