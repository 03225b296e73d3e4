"""How the story is shown: rich tables on a terminal, plain lines with no escape codes anywhere else."""

from __future__ import annotations

import io
import re
import sys

import pytest

from court_node.demo.render import choose_renderer
from court_node.demo.render_plain import PlainRenderer
from court_node.demo.render_rich import RichRenderer
from court_node.demo.runner import Failure
from court_node.demo.step import Row
from tests.unit.court.demo.stories import step, summary

ROWS = [Row("judge 京0101", "inspect 李明's accounts at every provider", "bank: pending · alipay: completed"),
        Row("bank (1.1 s later)", "answer for 李明", "6222021234567890123: balance 8600.00, available 8600.00")]


class Terminal(io.StringIO):
    """An output stream that says it is a terminal, as a console's would."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Variables that make rich force or drop terminal output must not leak in from the developer's shell."""
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS", "LINES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


def _tell(renderer: PlainRenderer | RichRenderer) -> None:
    renderer.heading("freezesim demo", ["data and logs in .freezesim/demo"])
    renderer.step_started(2, 10, step("An inspection across the three providers"))
    with renderer.waiting("the bank's feedback to the inspection"):
        pass
    renderer.step_done(ROWS, 1.2, True)
    renderer.summary(summary())
    renderer.invariants_hold(11)
    renderer.failed(Failure(3, "Freezes planned", "expected the planned freezes {'bank': '12169.50'}, found {}"))


def test_output_that_is_not_a_terminal_gets_plain_lines() -> None:
    assert isinstance(choose_renderer(out=io.StringIO()), PlainRenderer)


def test_plain_lines_carry_no_escape_codes() -> None:
    out = io.StringIO()
    _tell(choose_renderer(out=out))
    assert "\x1b" not in out.getvalue()
    assert "An inspection across the three providers" in out.getvalue()


def test_standard_output_piped_to_a_file_gets_plain_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert isinstance(choose_renderer(), PlainRenderer)


def test_a_terminal_gets_rich_tables_in_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    out = Terminal()
    renderer = choose_renderer(out=out)
    assert isinstance(renderer, RichRenderer)
    _tell(renderer)
    text = out.getvalue()
    assert "\x1b[" in text
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert "came back" in text and "Step 2/10" in text and "6222021234567890123" in text


def test_plain_is_chosen_on_a_terminal_when_asked() -> None:
    assert isinstance(choose_renderer(plain=True, out=Terminal()), PlainRenderer)


def test_plain_lines_show_the_step_its_narration_and_each_exchange() -> None:
    out = io.StringIO()
    renderer = PlainRenderer(out)
    renderer.step_started(2, 10, step("An inspection"))
    renderer.step_done(ROWS, 1.2, True)
    assert out.getvalue().splitlines() == [
        "", "[2/10] An inspection", "  narration of An inspection",
        "  judge 京0101", "    sent: inspect 李明's accounts at every provider",
        "    back: bank: pending · alipay: completed",
        "  bank (1.1 s later)", "    sent: answer for 李明",
        "    back: 6222021234567890123: balance 8600.00, available 8600.00"]


def test_the_plain_summary_gives_each_providers_figures_in_columns() -> None:
    out = io.StringIO()
    PlainRenderer(out).summary(summary())
    lines = out.getvalue().splitlines()
    table = [line.split() for line in lines[2:7]]
    assert table == [["provider", "found", "frozen", "collected", "released", "lapsed"],
                     ["bank", "8600.00", "8600.00", "5000.00", "3600.00", "0.00"],
                     ["alipay", "0.00", "0.00", "0.00", "0.00", "0.00"],
                     ["wechat", "0.00", "0.00", "0.00", "0.00", "0.00"],
                     ["total", "8600.00", "8600.00", "5000.00", "3600.00", "0.00"]]
    assert len({len(line) for line in lines[2:7]}) == 1  # right-aligned figures: every row as wide
    assert lines[7:] == ["  paid directly to the court by the debtor's family: 7169.50",
                         "  （2026）京0101执1024号: satisfied, collected 15200.00 of 15200.00"]


def test_a_plain_failure_names_the_step() -> None:
    out = io.StringIO()
    PlainRenderer(out).failed(Failure(3, "Freezes planned", "expected x, found y"))
    assert out.getvalue().splitlines()[-1] == "FAILED: step 3 \"Freezes planned\" failed: expected x, found y"
