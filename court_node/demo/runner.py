"""Run the story's steps in order against the stack, check the invariants after each, stop at the first failure."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import partial
from typing import Protocol, TypeVar

from court_node.client import CourtApiError
from court_node.demo.step import Row, Step, StepFailed
from court_node.demo.summary import Summary, summarise
from court_node.demo.world import DemoWorld

T = TypeVar("T")

#: the invariant check: a list of violations, each one readable line; empty when all hold
Check = Callable[[], list[str]]


@dataclass(frozen=True)
class Failure:
    """Which step failed and why: what was expected, what was found."""

    number: int
    title: str
    reason: str

    def __str__(self) -> str:
        return f"step {self.number} \"{self.title}\" failed: {self.reason}"


@dataclass(frozen=True)
class Outcome:
    failure: Failure | None
    steps_passed: int
    seconds: float
    summary: Summary | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None


class Renderer(Protocol):
    """How the room sees the story: on a terminal (rich) or as plain lines."""

    def step_started(self, number: int, total: int, step: Step) -> None: ...

    def waiting(self, what: str) -> AbstractContextManager[None]: ...

    def step_done(self, rows: Sequence[Row], seconds: float, invariants_hold: bool) -> None: ...

    def failed(self, failure: Failure) -> None: ...

    def summary(self, summary: Summary) -> None: ...

    def invariants_hold(self, checks: int) -> None: ...


SUMMARY_TITLE = "The summary"


def run_story(steps: Sequence[Step], world: DemoWorld, renderer: Renderer, *, check: Check,
              pause: Callable[[], None] = lambda: None,
              summary_of: Callable[[DemoWorld], Summary] = summarise) -> Outcome:
    """Every step in order; the first one that fails (or leaves an invariant broken) ends the run."""
    started = time.monotonic()
    for number, step in enumerate(steps, 1):
        renderer.step_started(number, len(steps), step)
        began = time.monotonic()
        rows, reason = _attempt(partial(step.perform, world))
        if rows is not None:
            seconds = time.monotonic() - began
            with renderer.waiting("the invariant check across the stack"):
                reason = _violated(check)
            renderer.step_done(rows, seconds, reason is None)
        if reason is not None:
            failure = Failure(number, step.title, reason)
            renderer.failed(failure)
            return Outcome(failure, number - 1, time.monotonic() - started)
        if number < len(steps):
            pause()
    with renderer.waiting("the summary and the last invariant check"):
        summary, reason = _attempt(partial(summary_of, world))
        reason = reason or _violated(check)
    if summary is None or reason is not None:
        failure = Failure(len(steps) + 1, SUMMARY_TITLE, reason or "no summary")
        renderer.failed(failure)
        return Outcome(failure, len(steps), time.monotonic() - started)
    renderer.summary(summary)
    renderer.invariants_hold(len(steps) + 1)
    return Outcome(None, len(steps), time.monotonic() - started, summary)


def _attempt(action: Callable[[], T]) -> tuple[T | None, str | None]:
    """The action's result, or None and why it failed in words."""
    try:
        return action(), None
    except StepFailed as exc:
        return None, str(exc)
    except CourtApiError as exc:
        return None, f"the court node answered {exc.status} {exc.code}: {exc.message}"
    except BrokenPipeError:
        raise  # the output is gone: not the system's failure
    except Exception as exc:  # whatever broke (a provider's answer, a lost connection), the step names it
        return None, f"{type(exc).__name__}: {exc}"


def _violated(check: Check) -> str | None:
    violations, reason = _attempt(check)
    if reason is not None:
        return f"the invariant check could not run: {reason}"
    if violations:
        return "an invariant no longer holds: " + "; ".join(violations)
    return None
