"""The pace of a live talk: a pause after each step, of some seconds or until Enter is pressed."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

ENTER = "enter"


def parse_pace(text: str) -> float | str:
    """``"enter"`` or a number of seconds (0 to 600); ValueError otherwise."""
    if text.strip().lower() == ENTER:
        return ENTER
    try:
        seconds = float(text)
    except ValueError:
        raise ValueError(f"{text!r} is neither a number of seconds nor 'enter'") from None
    if not 0 <= seconds <= 600:  # also refuses nan and inf
        raise ValueError(f"{text!r}: the pause must be between 0 and 600 seconds")
    return seconds


def pauser(pace: float | str | None, *, interactive: bool | None = None,
           prompt: Callable[[], object] = lambda: input("  (Enter for the next step) ")) -> Callable[[], None]:
    """What to do between steps; ``enter`` waits only when stdin is a terminal (else it does not pause)."""
    if pace is None or pace == 0:
        return lambda: None
    if pace == ENTER:
        if not (sys.stdin.isatty() if interactive is None else interactive):
            return lambda: None

        def wait_for_enter() -> None:
            prompt()

        return wait_for_enter
    seconds = float(pace)
    return lambda: time.sleep(seconds)
