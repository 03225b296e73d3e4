"""Run one scenario on a fresh stack: seed it, take each step, check its expectations and the invariants.

Each file gets its own stack (three mocks and a court node on free loopback ports, in a temporary folder),
with every clock stopped at the scenario's start instant so that no step sees time drift; only
``advance_clock``, ``set_clock`` and the bank's processing delay move it. The stack is stopped at the end,
whatever happens (a failure, an error, Ctrl-C).
"""

from __future__ import annotations

import random
import socket
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from court_node.cli.processes import stop
from court_node.client import CourtApiError, Party
from court_node.scenarios.actions import ACTIONS, Outcome, Refused, settle
from court_node.scenarios.errors import StepFailed
from court_node.scenarios.expectations import compare_error
from court_node.scenarios.fetch import differences
from court_node.scenarios.generate import Numbers
from court_node.scenarios.model import Scenario, Step
from court_node.scenarios.session import WAIT_S, Session
from court_node.stack.invariants import check_stack
from court_node.stack.launcher import Stack, StackOptions

#: real seconds between two rounds of the node's background worker while a scenario runs
WORKER_INTERVAL_S = 0.3

InvariantCheck = Callable[[Stack], list[Any]]


@dataclass
class StepResult:
    step: Step
    status: str  # passed | failed | skipped
    seconds: float = 0.0
    detail: str = ""
    failure: StepFailed | None = None


@dataclass
class ScenarioResult:
    scenario: Scenario
    seed: int
    steps: list[StepResult] = field(default_factory=list)
    setup_error: str | None = None  # the stack did not start, or seeding failed
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return self.setup_error is None and all(s.status == "passed" for s in self.steps)

    @property
    def first_failure(self) -> StepResult | None:
        return next((s for s in self.steps if s.status == "failed"), None)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def new_seed() -> int:
    """A seed for a run given none; the report prints it so that the run can be repeated."""
    return random.SystemRandom().randrange(1, 1_000_000)


def scenario_seed(run_seed: int, scenario: Scenario) -> int:
    """The seed a file runs with: its own ``seed:`` when it pins one, else the run's."""
    return scenario.seed if scenario.seed is not None else run_seed


def run_scenario(scenario: Scenario, seed: int, *, on_step: Callable[[StepResult], None] | None = None,
                 invariants: InvariantCheck = check_stack, cancel: threading.Event | None = None) -> ScenarioResult:
    """Run every step until the first failure (the rest are skipped), or until ``cancel`` is set."""
    started = time.monotonic()
    result = ScenarioResult(scenario, seed)
    with tempfile.TemporaryDirectory(prefix="freezesim-scenario-") as folder:
        stack = _stack(scenario, Path(folder))
        try:
            stack.start()
        except Exception as exc:
            result.setup_error = f"the stack did not start: {exc}"
            result.seconds = time.monotonic() - started
            return result
        session = Session(scenario, stack, seed, Numbers(random.Random(f"{seed}:{scenario.name}")))
        try:
            try:
                _prepare(session)
            except (RuntimeError, requests.RequestException, StepFailed) as exc:
                result.setup_error = f"setting up the stack failed: {exc}"
            else:
                _steps(session, result, on_step, invariants, cancel)
        finally:
            session.close()
            _stop(stack)
    result.seconds = time.monotonic() - started
    return result


def _stack(scenario: Scenario, folder: Path) -> Stack:
    spec = scenario.stack
    ports = {name: free_port() for name in ("node", *spec.providers)}
    settings = {"grace_days": spec.grace_days, "living_allowance": spec.living_allowance,
                "default_freeze_days": spec.default_freeze_days, "background": True,
                "worker_interval_s": WORKER_INTERVAL_S}
    return Stack(StackOptions(data_dir=folder, ports=ports, providers=spec.providers, sample_data=False, demo=True,
                              node_settings=settings))


def _stop(stack: Stack) -> None:
    """Stop the node, then the providers side by side (each takes a moment to drain), then the stack's records."""
    try:
        stop(stack.node)
        threads = [threading.Thread(target=stop, args=(stack.services[name],)) for name in stack.options.providers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        stack.stop()  # stops whatever is still running, and removes the stack's state file


def _prepare(s: Session) -> None:
    """Stop every clock at the start instant, set profiles and the bank's delay, seed the subjects."""
    spec = s.scenario.stack
    s.stack.move_clock({"stop": True})
    s.stack.move_clock({"set": spec.start})
    for provider, name in spec.profiles.items():
        if provider in spec.providers:
            s.admin_ok(provider, "PUT", "/profile", {"profile": name})
    if spec.bank_delay is not None and "bank" in spec.providers:
        s.admin_ok("bank", "PUT", "/bank/processing", {"delay": spec.bank_delay_text})
    for subject in s.scenario.subjects:
        number = subject.id_number or s.numbers.id_number(subject.id_type)
        s.parties[subject.key] = Party(subject.name, subject.id_type, number)
        for provider in spec.providers:
            accounts = [{"account_no": a.account_no, "balance": a.balance}
                        for a in subject.accounts if a.provider == provider]
            if accounts:
                s.admin_ok(provider, "POST", "/seed", {"subjects": [{
                    "name": subject.name, "id_type": subject.id_type, "id_number": number, "accounts": accounts}]})
    if spec.profiles:
        requests.get(s.stack.url("node") + "/health", timeout=30)  # the node's adapters hear the profiles


def _steps(s: Session, result: ScenarioResult, on_step: Callable[[StepResult], None] | None,
           invariants: InvariantCheck, cancel: threading.Event | None) -> None:
    failed = False
    for step in s.scenario.steps:
        if failed or (cancel is not None and cancel.is_set()):
            outcome = StepResult(step, "skipped")
        else:
            outcome = _run_step(s, step, invariants)
            failed = outcome.status == "failed"
        result.steps.append(outcome)
        if on_step is not None:
            on_step(outcome)


def _run_step(s: Session, step: Step, invariants: InvariantCheck) -> StepResult:
    started = time.monotonic()
    detail = ""
    try:
        outcome = _act(s, step)
        detail = outcome.detail
        settle(s, step)
        _expect(s, step, outcome)
        broken = invariants(s.stack)
        if broken:
            raise StepFailed("an invariant does not hold after the step", [str(v) for v in broken])
    except StepFailed as failure:
        return StepResult(step, "failed", time.monotonic() - started, detail, failure)
    except (CourtApiError, requests.RequestException, RuntimeError) as exc:
        return StepResult(step, "failed", time.monotonic() - started, detail,
                          StepFailed(f"the step could not be completed: {exc}"))
    except Exception as exc:  # an answer of a shape the runner did not expect: this step fails, the run goes on
        return StepResult(step, "failed", time.monotonic() - started, detail,
                          StepFailed(f"the runner could not complete the step: {type(exc).__name__}: {exc}"))
    return StepResult(step, "passed", time.monotonic() - started, detail)


def _act(s: Session, step: Step) -> Outcome:
    """Take the step's action and compare its error (or success) with the expected one."""
    try:
        outcome = ACTIONS[step.action](s, step)
    except CourtApiError as exc:
        problems = compare_error(step.expect.error, exc.status, exc.code, exc.message)
        outcome = Outcome(f"refused: {exc.status} {exc.code}")
    except Refused as exc:
        refusal = exc.refusal
        problems = compare_error(step.expect.error, refusal.status, refusal.code, refusal.message)
        outcome = Outcome(f"refused: {refusal.status} {refusal.code}")
    else:
        problems = compare_error(step.expect.error, None, None, "")
    if problems:
        raise StepFailed(problems[0], problems[1:])
    return outcome


def _expect(s: Session, step: Step, outcome: Outcome) -> None:
    """Compare every expectation; a ``wait`` step asks again until they hold or its time is up."""
    if step.action != "wait":
        found = differences(s, step.expect.probes, outcome)
    else:
        deadline = time.monotonic() + (step.target.total_seconds() if step.target is not None else WAIT_S)
        while (found := differences(s, step.expect.probes, outcome)) and time.monotonic() < deadline:
            time.sleep(0.2)
    if found:
        noun = "expectation does" if len(found) == 1 else "expectations do"
        raise StepFailed(f"{len(found)} {noun} not hold", [str(d) for d in found])
