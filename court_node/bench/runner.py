"""Running the chosen benchmarks one after another: each starts and stops every process it needs; one that
raises is reported as an error and the others still run; Ctrl-C stops the run (the benchmark's own ``finally``
blocks stop its processes first)."""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from court_node.bench.machine import machine_facts
from court_node.bench.registry import BENCHMARKS, GOALS, TITLES, NotBuilt, resolve
from court_node.bench.result import BenchContext, BenchResult

#: the outcome of running one benchmark
RAN, ERROR, NOT_BUILT = "ran", "error", "not built"


@dataclass(frozen=True)
class Outcome:
    """One benchmark's place in the report: its result when it ran, or why it has none."""

    key: str
    status: str  # ran | error | not built
    seconds: float
    result: BenchResult | None = None
    message: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "status": self.status, "seconds": round(self.seconds, 1), "message": self.message,
                "title": self.result.title if self.result else TITLES.get(self.key, self.key),
                "result": self.result.as_json() if self.result else None}


@dataclass(frozen=True)
class Run:
    """A whole run: the machine, the mode, and every chosen benchmark's outcome."""

    machine: dict[str, Any]
    quick: bool
    seed: int
    outcomes: list[Outcome] = field(default_factory=list)
    work_dir: str = ""  # the scratch folder the services ran from (removed after the run)

    @property
    def ok(self) -> bool:
        """No benchmark raised (goals missed are figures, not failures; not built is not an error)."""
        return all(o.status != ERROR for o in self.outcomes)

    def as_json(self) -> dict[str, Any]:
        return {"machine": self.machine, "quick": self.quick, "seed": self.seed, "ok": self.ok,
                "work_dir": self.work_dir, "benchmarks": [o.as_json() for o in self.outcomes]}


def run_one(key: str, ctx: BenchContext, benchmarks: dict[str, str] | None = None) -> Outcome:
    """Run one benchmark by key; an exception becomes an ``error`` outcome with its message."""
    began = time.monotonic()
    try:
        function = resolve((benchmarks or dict(BENCHMARKS))[key])
    except NotBuilt as exc:
        return Outcome(key, NOT_BUILT, 0.0, message=str(exc))
    except Exception as exc:  # an import that fails is this benchmark's error, not the run's
        return Outcome(key, ERROR, time.monotonic() - began, message=_message(exc))
    try:
        result = function(ctx)
    except Exception as exc:
        ctx.echo(traceback.format_exc().rstrip())
        return Outcome(key, ERROR, time.monotonic() - began, message=_message(exc))
    return Outcome(key, RAN, time.monotonic() - began, result=result)


def run_all(keys: list[str], ctx: BenchContext, *, repo: Path, progress: Callable[[str, int, int], None],
            done: Callable[[Outcome], None], benchmarks: dict[str, str] | None = None) -> Run:
    """Run ``keys`` in order; ``progress(key, index, total)`` before each, ``done(outcome)`` after."""
    run = Run(machine=machine_facts(repo), quick=ctx.quick, seed=ctx.seed, work_dir=str(ctx.work_dir))
    for index, key in enumerate(keys):
        progress(key, index, len(keys))
        outcome = run_one(key, ctx, benchmarks)
        run.outcomes.append(outcome)
        done(outcome)
    return run


def goal_of(key: str) -> str:
    return GOALS.get(key, "")


def _message(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".strip()[:500]
