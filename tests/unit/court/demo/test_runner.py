"""The runner: steps in order, the invariants after each, the first failure ends the run and is named."""

from __future__ import annotations

import pytest

from court_node.client import CourtApiError
from court_node.demo.runner import SUMMARY_TITLE, Failure, run_story
from court_node.demo.step import StepFailed
from court_node.demo.summary import Summary
from court_node.demo.world import DemoWorld
from tests.unit.court.demo.stories import Recorder, World, as_world, raising, refuse, step, summary, summary_of

TITLES = ["The case is filed", "An inspection", "Freezes planned"]


def _never_violated() -> list[str]:
    return []


def test_every_step_runs_in_order_then_the_summary() -> None:
    world, shown = World(), Recorder()
    outcome = run_story([step(t) for t in TITLES], as_world(world), shown, check=_never_violated,
                        summary_of=summary_of)
    assert outcome.ok and outcome.steps_passed == 3
    assert world.ran == TITLES
    assert shown.events == ["start 1/3 The case is filed", "done 1 rows, invariants hold",
                            "start 2/3 An inspection", "done 1 rows, invariants hold",
                            "start 3/3 Freezes planned", "done 1 rows, invariants hold",
                            "summary", "invariants hold after 4 checks"]
    assert outcome.summary == summary()


def test_the_first_failing_step_ends_the_run_and_is_named_with_what_was_expected_and_found() -> None:
    world, shown = World(), Recorder()
    steps = [step(TITLES[0]), step(TITLES[1], refuse("bank: pending", "'completed'")), step(TITLES[2])]
    outcome = run_story(steps, as_world(world), shown, check=_never_violated, summary_of=summary_of)
    assert not outcome.ok and outcome.steps_passed == 1
    assert world.ran == TITLES[:2]
    assert str(outcome.failure) == "step 2 \"An inspection\" failed: expected bank: pending, found 'completed'"
    assert shown.failure == outcome.failure and shown.shown is None


def test_an_error_answer_of_the_node_fails_the_step_naming_the_answer() -> None:
    refused = CourtApiError(502, "PROVIDER_FAILED", "alipay did not answer")
    outcome = run_story([step(TITLES[0], raising(refused))], as_world(World()), Recorder(), check=_never_violated,
                        summary_of=summary_of)
    assert outcome.failure == Failure(1, TITLES[0], "the court node answered 502 PROVIDER_FAILED: alipay did not "
                                                    "answer")


def test_any_other_error_fails_the_step_naming_it() -> None:
    outcome = run_story([step(TITLES[0], raising(ConnectionError("connection refused")))], as_world(World()),
                        Recorder(), check=_never_violated, summary_of=summary_of)
    assert outcome.failure is not None
    assert outcome.failure.reason == "ConnectionError: connection refused"


def test_a_broken_invariant_after_a_step_fails_that_step() -> None:
    checks: list[int] = []

    def check() -> list[str]:
        checks.append(1)
        return ["bank: invariant 3: the same money is held twice"] if len(checks) == 2 else []

    world, shown = World(), Recorder()
    outcome = run_story([step(t) for t in TITLES], as_world(world), shown, check=check, summary_of=summary_of)
    assert outcome.failure == Failure(2, TITLES[1], "an invariant no longer holds: bank: invariant 3: the same money "
                                                    "is held twice")
    assert world.ran == TITLES[:2]
    assert shown.events[-2:] == ["done 1 rows, invariants broken", "failed 2"]


def test_an_invariant_check_that_cannot_run_fails_the_step() -> None:
    def check() -> list[str]:
        raise RuntimeError("GET /_admin/invariants -> 401")

    outcome = run_story([step(TITLES[0])], as_world(World()), Recorder(), check=check, summary_of=summary_of)
    assert outcome.failure is not None
    assert outcome.failure.reason == "the invariant check could not run: RuntimeError: GET /_admin/invariants -> 401"


def test_a_summary_that_does_not_add_up_fails_as_the_step_after_the_last() -> None:
    def wrong(world: DemoWorld) -> Summary:
        raise StepFailed("what bank paid to 京0101 (fen) 500000", "0")

    outcome = run_story([step(t) for t in TITLES], as_world(World()), Recorder(), check=_never_violated,
                        summary_of=wrong)
    assert outcome.failure == Failure(4, SUMMARY_TITLE, "expected what bank paid to 京0101 (fen) 500000, found 0")
    assert outcome.steps_passed == 3


def test_the_pause_comes_between_steps_not_after_the_last() -> None:
    pauses: list[int] = []
    world = World()
    run_story([step(t) for t in TITLES], as_world(world), Recorder(), check=_never_violated,
              pause=lambda: pauses.append(len(world.ran)), summary_of=summary_of)
    assert pauses == [1, 2]


def test_a_closed_output_is_not_taken_for_a_failure_of_the_system() -> None:
    with pytest.raises(BrokenPipeError):
        run_story([step(TITLES[0], raising(BrokenPipeError()))], as_world(World()), Recorder(),
                  check=_never_violated, summary_of=summary_of)


def test_an_interrupt_stops_the_run() -> None:
    with pytest.raises(KeyboardInterrupt):
        run_story([step(TITLES[0], raising(KeyboardInterrupt()))], as_world(World()), Recorder(),
                  check=_never_violated, summary_of=summary_of)
