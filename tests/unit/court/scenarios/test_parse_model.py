"""A valid scenario becomes a typed model: money normalised, names resolved, defaults filled in."""

from __future__ import annotations

from datetime import timedelta

from court_node.scenarios.model import AccountRef, ExpLeaf, ExpMap, FreezeRef
from court_node.scenarios.parse import parse_text
from tests.unit.court.scenarios.texts import VALID, with_steps

CASE = """\
- file_case: loan
  debtor: li
  principal: 5000
"""


def test_unquoted_money_is_read_from_its_text_never_a_float() -> None:
    scenario = parse_text(with_steps(CASE.replace("5000", "0.1")), "s.yaml")
    assert scenario.steps[0].args["principal"] == "0.10"


def test_the_stack_defaults_and_settings() -> None:
    scenario = parse_text(VALID.replace('living_allowance: "0.00"', "bank_delay: 2h\n  grace_days: 60"), "s.yaml")
    assert scenario.stack.start == "2026-03-02T09:00:00+08:00"
    assert scenario.stack.providers == ("bank", "alipay", "wechat")
    assert (scenario.stack.grace_days, scenario.stack.living_allowance) == (60, "1500.00")
    assert scenario.stack.bank_delay == timedelta(hours=2) and scenario.stack.bank_delay_text == "2h"


def test_accounts_are_found_by_number_alone() -> None:
    scenario = parse_text(with_steps(CASE + '- credit: "2088102146225135"\n  amount: "1.00"\n'), "s.yaml")
    assert scenario.steps[1].target == AccountRef("alipay", "2088102146225135")


def test_a_case_step_acts_as_the_judge_of_the_case_s_court_unless_told() -> None:
    text = CASE.replace("- file_case: loan\n", "- file_case: loan\n  as: clerk@京0105\n") + "- inspect: loan\n"
    steps = parse_text(with_steps(text), "s.yaml").steps
    assert steps[0].args["as"] == "clerk@京0105"
    assert steps[1].args["as"] is None  # the runner picks judge@京0105, the case's court


def test_freezes_are_named_by_provider_or_referred_to_as_case_and_provider() -> None:
    text = CASE + "- inspect: loan\n- freeze: loan\n  names: {bank: card}\n- release: card\n- release: loan/alipay\n"
    steps = parse_text(with_steps(text), "s.yaml").steps
    assert steps[2].args["names"] == {"bank": "card"}
    assert steps[3].target == FreezeRef(name="card") and steps[3].case == "loan"
    assert steps[4].target == FreezeRef(case="loan", provider="alipay")


def test_an_expectation_keeps_the_line_of_every_field() -> None:
    step = parse_text(VALID, "s.yaml").steps[2]
    (probe,) = step.expect.probes
    assert (probe.kind, probe.key, probe.label) == ("freeze", FreezeRef(name="card"), "freezes.card")
    assert isinstance(probe.expected, ExpMap)
    assert [(k, line) for k, line, _ in probe.expected.fields] == [("status", 20), ("held", 20)]
    assert probe.expected.fields[1][2] == ExpLeaf(20, "5000.00")


def test_a_status_alone_stands_for_the_status_field() -> None:
    text = CASE + "- check: the case is filed\n  expect:\n    cases:\n      loan: filed\n"
    step = parse_text(with_steps(text), "s.yaml").steps[1]
    assert step.label == "the case is filed"
    assert step.expect.probes[0].expected == ExpMap(18, (("status", 18, ExpLeaf(18, "filed")),))


def test_an_error_may_be_a_code_a_status_or_both() -> None:
    text = CASE + "- serve_notice: loan\n  expect: {error: NOTICE_ALREADY_SERVED}\n" \
                  "- serve_notice: loan\n  expect: {error: 409}\n" \
                  "- serve_notice: loan\n  expect: {error: {status: 409, code: NOTICE_ALREADY_SERVED}}\n"
    errors = [s.expect.error for s in parse_text(with_steps(text), "s.yaml").steps[1:]]
    assert [(e.status, e.code) for e in errors if e is not None] == [
        (None, "NOTICE_ALREADY_SERVED"), (409, None), (409, "NOTICE_ALREADY_SERVED")]


def test_steps_are_numbered_and_labelled() -> None:
    steps = parse_text(with_steps(CASE + "- name: a month passes\n  id: month\n  advance_clock: 30d\n"), "s.yaml").steps
    assert [(s.index, s.line, s.label) for s in steps] == [(1, 12, "file_case loan"), (2, 15, "month: a month passes")]
