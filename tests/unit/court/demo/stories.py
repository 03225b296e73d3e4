"""Small stories for the runner's and the renderers' tests: steps that do nothing, fail, or break on purpose."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import cast

from court_node.demo.runner import Failure
from court_node.demo.step import Row, Step, StepFailed
from court_node.demo.summary import CaseLine, Summary
from court_node.demo.tally import Figures, Tally
from court_node.demo.world import DemoWorld


class World:
    """Stands in for the demo's world: the steps of these stories only note that they ran."""

    def __init__(self) -> None:
        self.ran: list[str] = []


def as_world(world: World) -> DemoWorld:
    return cast(DemoWorld, world)


def step(title: str, action: Callable[[World], None] | None = None) -> Step:
    def perform(world: DemoWorld) -> list[Row]:
        own = cast(World, world)
        own.ran.append(title)
        if action is not None:
            action(own)
        return [Row("judge 京0101", f"{title}: sent", f"{title}: came back")]

    return Step(title, f"narration of {title}", perform)


def refuse(expected: str, found: str) -> Callable[[World], None]:
    def act(world: World) -> None:
        raise StepFailed(expected, found)

    return act


def raising(exc: BaseException) -> Callable[[World], None]:
    def act(world: World) -> None:
        raise exc

    return act


def summary() -> Summary:
    tally = Tally()
    tally["bank"].found, tally["bank"].frozen, tally["bank"].collected = 860_000, 860_000, 500_000
    tally["bank"].released = 360_000
    tally.paid_directly = 716_950
    return Summary(dict(tally.providers), tally.total(), tally.paid_directly,
                   [CaseLine("京0101", "（2026）京0101执1024号", "satisfied", 1_520_000, 1_520_000)])


def summary_of(world: DemoWorld) -> Summary:
    return summary()


class Recorder:
    """A renderer that keeps what it was asked to show."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.failure: Failure | None = None
        self.shown: Summary | None = None

    def step_started(self, number: int, total: int, step: Step) -> None:
        self.events.append(f"start {number}/{total} {step.title}")

    @contextmanager
    def waiting(self, what: str) -> Iterator[None]:
        yield

    def step_done(self, rows: Sequence[Row], seconds: float, invariants_hold: bool) -> None:
        self.events.append(f"done {len(rows)} rows, invariants {'hold' if invariants_hold else 'broken'}")

    def failed(self, failure: Failure) -> None:
        self.failure = failure
        self.events.append(f"failed {failure.number}")

    def summary(self, summary: Summary) -> None:
        self.shown = summary
        self.events.append("summary")

    def invariants_hold(self, checks: int) -> None:
        self.events.append(f"invariants hold after {checks} checks")


def figures(found: int = 0, frozen: int = 0, collected: int = 0, released: int = 0, lapsed: int = 0) -> Figures:
    return Figures(found, frozen, collected, released, lapsed)
