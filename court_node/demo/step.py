"""One step of the story: a title, a line of narration, and what it does; and how a step fails."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from court_node.demo.world import DemoWorld


@dataclass(frozen=True)
class Row:
    """One exchange shown to the room: who asked, what was sent, what came back."""

    who: str
    sent: str
    answer: str


@dataclass(frozen=True)
class Step:
    """``perform`` runs the step against the stack and returns the exchanges to show."""

    title: str
    narration: str
    perform: Callable[[DemoWorld], list[Row]]


class StepFailed(Exception):
    """The system did not do what the story says it does."""

    def __init__(self, expected: str, found: str) -> None:
        super().__init__(f"expected {expected}, found {found}")
        self.expected = expected
        self.found = found


def expect(found: Any, wanted: Any, what: str) -> None:
    """Fail the step unless ``found == wanted``; ``what`` names the thing compared."""
    if found != wanted:
        raise StepFailed(f"{what} {wanted!r}", repr(found))


def expect_true(condition: bool, expected: str, found: Any) -> None:
    if not condition:
        raise StepFailed(expected, found if isinstance(found, str) else repr(found))
