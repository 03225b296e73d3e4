"""Scenario texts the parser tests share: a small valid file, and a way to put a mistake on a known line."""

from __future__ import annotations

import textwrap

from court_node.scenarios.errors import ScenarioError
from court_node.scenarios.parse import parse_text

VALID = textwrap.dedent("""\
    name: small
    description: a small scenario
    stack:
      living_allowance: "0.00"
    subjects:
      - name: 李明
        key: li
        accounts:
          bank: {"6222021234567890123": "8600.00"}
          alipay: {"2088102146225135": "3250.50"}
    steps:
      - file_case: loan
        debtor: li
        principal: "5000.00"
      - inspect: loan
      - freeze: loan
        names: {bank: card}
        expect:
          freezes:
            card: {status: active, held: "5000.00"}
    """)


def error_of(text: str) -> ScenarioError:
    """The error parsing ``text`` raises (the test fails when it parses)."""
    try:
        parse_text(text, "s.yaml")
    except ScenarioError as exc:
        return exc
    raise AssertionError("the text parsed without an error")


def with_steps(steps: str) -> str:
    """VALID's header and subjects (lines 1-10) followed by ``steps`` (the first step's line is 12)."""
    head = VALID.split("steps:\n")[0]
    return head + "steps:\n" + textwrap.indent(textwrap.dedent(steps), "  ")
