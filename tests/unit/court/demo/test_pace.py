"""--pace: a pause of some seconds between steps, or a wait for Enter on a terminal."""

from __future__ import annotations

import pytest

from court_node.demo.pace import ENTER, parse_pace, pauser


def test_a_number_of_seconds_is_a_pace() -> None:
    assert parse_pace("2.5") == 2.5


def test_enter_is_a_pace_in_any_case() -> None:
    assert parse_pace("Enter") == ENTER


@pytest.mark.parametrize("text", ["soon", "-1", "601", "nan", "inf", ""])
def test_anything_else_is_refused_naming_the_value(text: str) -> None:
    with pytest.raises(ValueError, match=repr(text)):
        parse_pace(text)


def test_no_pace_does_not_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr("court_node.demo.pace.time.sleep", slept.append)
    pauser(None)()
    pauser(0.0)()
    assert slept == []


def test_seconds_pause_that_long(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr("court_node.demo.pace.time.sleep", slept.append)
    pauser(1.5)()
    assert slept == [1.5]


def test_enter_waits_for_the_key_on_a_terminal() -> None:
    prompts: list[int] = []
    pauser(ENTER, interactive=True, prompt=lambda: prompts.append(1))()
    assert prompts == [1]


def test_enter_does_not_wait_without_a_terminal_to_press_it_on() -> None:
    prompts: list[int] = []
    pauser(ENTER, interactive=False, prompt=lambda: prompts.append(1))()
    assert prompts == []
