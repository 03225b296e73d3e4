"""A malformed scenario file is refused before anything runs, with the line and what is wrong."""

from __future__ import annotations

from court_node.scenarios.parse import parse_text
from tests.unit.court.scenarios.texts import VALID, error_of, with_steps

CASE = """\
- file_case: loan
  debtor: li
  principal: "5000.00"
"""


def test_the_valid_text_parses() -> None:
    assert parse_text(VALID, "s.yaml").name == "small"


def test_a_yaml_syntax_error_names_its_line() -> None:
    error = error_of("name: x\nsteps:\n  - check: a\n   bad: [unclosed\n")
    assert error.source == "s.yaml"
    assert error.line == 4
    assert "YAML syntax" in error.message


def test_an_empty_file_is_refused_at_line_1() -> None:
    error = error_of("")
    assert (error.line, "empty") == (1, "empty") and "empty" in error.message


def test_an_unknown_top_level_key_names_its_line() -> None:
    error = error_of(VALID.replace("description:", "descripton:"))
    assert error.line == 2
    assert "unknown key 'descripton'" in error.message and "description" in error.message


def test_a_file_without_steps_is_refused() -> None:
    error = error_of("name: x\n")
    assert error.line == 1 and "needs 'steps'" in error.message


def test_an_unknown_action_names_the_step_and_its_line() -> None:
    error = error_of(with_steps(CASE + "- frezee: loan\n"))
    assert error.line == 15
    assert error.message.startswith("step 2: no action")


def test_two_actions_in_one_step_are_refused() -> None:
    error = error_of(with_steps(CASE + "- inspect: loan\n  restrict: loan\n"))
    assert error.line == 16 and "two actions 'inspect' and 'restrict'" in error.message


def test_a_misspelt_argument_names_its_line_and_the_keys_allowed() -> None:
    error = error_of(with_steps(CASE + "- inspect: loan\n- freeze: loan\n  amout: \"12.00\"\n"))
    assert error.line == 17
    assert error.message.startswith("step 3 (freeze): unknown key 'amout'")
    assert "term_days" in error.message


def test_a_wrong_type_names_its_line() -> None:
    error = error_of(with_steps(CASE + "- freeze: loan\n  term_days: ten\n"))
    assert error.line == 16 and "term_days must be a whole number" in error.message


def test_money_with_three_decimals_is_refused() -> None:
    error = error_of(with_steps(CASE.replace('"5000.00"', "12.345")))
    assert error.line == 14 and "'12.345' is not an amount in yuan" in error.message


def test_a_negative_amount_is_refused() -> None:
    error = error_of(with_steps(CASE + '- record_payment: loan\n  amount: "-1.00"\n'))
    assert error.line == 16 and "is not an amount in yuan" in error.message


def test_an_unknown_case_name_names_its_line() -> None:
    error = error_of(with_steps(CASE + "- inspect: lone\n"))
    assert error.line == 15 and "unknown case 'lone'" in error.message and "loan" in error.message


def test_a_case_used_before_it_is_filed_is_refused() -> None:
    error = error_of(with_steps("- inspect: loan\n" + CASE))
    assert error.line == 12 and "unknown case 'loan'" in error.message


def test_an_unknown_freeze_name_names_its_line() -> None:
    error = error_of(with_steps(CASE + "- release: card\n"))
    assert error.line == 15 and "unknown freeze 'card'" in error.message


def test_a_name_given_twice_is_refused() -> None:
    error = error_of(with_steps(CASE + "- file_case: loan\n  debtor: li\n  principal: \"1.00\"\n"))
    assert error.line == 15 and "already used" in error.message


def test_a_bad_duration_names_its_line() -> None:
    error = error_of(with_steps(CASE + "- advance_clock: 30x\n"))
    assert error.line == 15 and "'30x' is not a duration" in error.message


def test_an_unknown_user_lists_the_demo_users() -> None:
    error = error_of(with_steps(CASE.replace("- file_case: loan\n", "- file_case: loan\n  as: judge@京9999\n")))
    assert error.line == 13 and "unknown user 'judge@京9999'" in error.message and "judge@京0105" in error.message


def test_an_account_no_subject_holds_is_refused() -> None:
    error = error_of(with_steps(CASE + "- pay: \"6222000000000000\"\n  amount: \"1.00\"\n"))
    assert error.line == 15 and "not an account of any subject" in error.message


def test_a_provider_outside_the_stack_is_refused() -> None:
    text = VALID.replace('living_allowance: "0.00"', "providers: [alipay]")
    error = error_of(text)
    assert error.line == 9 and "'bank' is not in this scenario's stack" in error.message


def test_a_seeded_subject_with_a_wrong_check_character_is_refused() -> None:
    error = error_of(VALID.replace("    key: li\n", "    key: li\n    id_number: \"110105194912310021\"\n"))
    assert error.line == 8 and "wrong check character" in error.message


def test_a_duplicate_key_names_both_lines() -> None:
    error = error_of(with_steps(CASE.replace("  debtor: li\n", "  debtor: li\n  debtor: li\n")))
    assert error.line == 14 and "duplicate key 'debtor' (first on line 13)" in error.message


def test_an_unknown_expectation_field_names_its_line() -> None:
    error = error_of(with_steps(CASE + "- inspect: loan\n- freeze: loan\n  expect:\n    case: {frozn: \"1.00\"}\n"))
    assert error.line == 18 and "unknown field 'frozn' in case" in error.message and "frozen" in error.message


def test_expecting_the_case_of_a_step_without_one_is_refused_with_a_hint() -> None:
    error = error_of(with_steps(CASE + '- credit: "6222021234567890123"\n  amount: "1.00"\n  expect:\n'
                                       '    case: {frozen: "0.00"}\n'))
    assert error.line == 18 and "use cases:" in error.message


def test_a_check_needs_expectations() -> None:
    error = error_of(with_steps(CASE + "- check: nothing to see\n"))
    assert error.line == 15 and "check needs expect" in error.message


def test_a_renewal_needs_exactly_one_of_days_and_end_date() -> None:
    error = error_of(with_steps(CASE + "- inspect: loan\n- freeze: loan\n  names: {bank: card}\n"
                                       "- renew: card\n  days: 30\n  end_date: 2027-01-01\n"))
    assert error.line == 18 and "exactly one of days and end_date" in error.message


def test_an_unknown_restriction_category_is_refused() -> None:
    error = error_of(with_steps(CASE + "- restrict: loan\n  categories: [yachts]\n"))
    assert error.line == 16 and "unknown category 'yachts'" in error.message


def test_an_unknown_profile_is_refused() -> None:
    error = error_of(VALID.replace('living_allowance: "0.00"', "profiles: {wechat: \"2015\"}"))
    assert error.line == 4 and "no profile '2015'" in error.message
