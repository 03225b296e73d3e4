"""The chaos run from start to end: schedule, setup, chaos (workers, faults, samples), healing, resolution of
every unknown, the final check, the report and the plot."""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from court_node.chaos.checker import final_findings
from court_node.chaos.faults import KILL_NODE, KILL_PROVIDER, FaultSwitch, FaultWindow
from court_node.chaos.healing import Resolver, heal
from court_node.chaos.history import Begun, Entry, History, classify
from court_node.chaos.operations import Operator, Target, document_no
from court_node.chaos.plot import plot_money
from court_node.chaos.report import (
    AppliedFault,
    faults_json,
    operations_json,
    schedule_json,
    unknowns_json,
    violations_json,
)
from court_node.chaos.sampling import Sampler, Watch
from court_node.chaos.schedule import DEFAULT_COURTS, Operation, Schedule, build_schedule
from court_node.chaos.setup import chaos_stack, file_cases, seed_debtors
from court_node.demo.fresh_stack import fresh_folder

#: operations not begun this long after the planned end are not run (they are counted as such)
LATE_LIMIT_S = 20.0
#: a fault that cannot be switched on (its provider is being restarted) is tried again for this long
FAULT_RETRY_S = 8.0


@dataclass(frozen=True)
class ChaosOptions:
    seed: int
    duration_s: float
    out_dir: Path
    courts: tuple[str, ...] = DEFAULT_COURTS
    workers: int = 4
    data_dir: Path | None = None  # None: a temporary folder, removed at the end


def run_chaos(options: ChaosOptions, echo: Callable[[str], None] = print) -> dict[str, Any]:
    """Run it all on a fresh stack (stopped at the end, also on Ctrl-C); returns the report, also written out."""
    schedule = build_schedule(options.seed, options.duration_s, options.courts)
    temporary = options.data_dir is None
    if options.data_dir is None:
        data_dir = Path(tempfile.mkdtemp(prefix="freezesim-chaos-"))
    else:
        data_dir = fresh_folder(options.data_dir)
    stack = chaos_stack(data_dir)
    began = time.monotonic()
    try:
        echo(f"starting a fresh stack in {data_dir}")
        stack.start()
        run = ChaosRun(stack, schedule, options.workers, echo)
        report = run.execute()
    finally:
        stack.stop()
        if temporary:
            shutil.rmtree(data_dir, ignore_errors=True)
    report["elapsed_s"] = round(time.monotonic() - began, 1)
    options.out_dir.mkdir(parents=True, exist_ok=True)
    (options.out_dir / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    plot_money(options.out_dir / "money.png", stack.options.providers, run.sampler.money, run.applied,
               f"chaos run, seed {schedule.seed}: total money per provider")
    return report


class ChaosRun:
    """One run on a started stack."""

    def __init__(self, stack: Any, schedule: Schedule, workers: int, echo: Callable[[str], None]) -> None:
        self.stack = stack
        self.schedule = schedule
        self.workers = workers
        self.echo = echo
        self.providers: tuple[str, ...] = tuple(stack.options.providers)
        self.history = History()
        self.applied: list[AppliedFault] = []
        self.not_run = 0
        self.case_ids: dict[str, int] = {}
        self.started = time.monotonic()
        self.sampler = Sampler(stack, self.providers, self.started)
        self._next = 0
        self._lock = threading.Lock()
        self._chaos_over = threading.Event()

    def execute(self) -> dict[str, Any]:
        seeded = seed_debtors(self.stack, self.schedule)
        self.case_ids = file_cases(self.stack, self.schedule)
        self.echo(f"seeded {len(self.schedule.debtors)} debtors, filed {len(self.case_ids)} cases; "
                  f"{len(self.schedule.operations)} operations and {len(self.schedule.faults)} fault windows "
                  f"over {self.schedule.duration_s:g} s")
        self.sampler.watch = Watch(self.history, self.schedule, self.case_ids, seeded)
        self.started = self.sampler.started = time.monotonic()
        self.sampler.start()
        faults = threading.Thread(target=self._apply_faults, name="chaos-faults", daemon=True)
        workers = [threading.Thread(target=self._work, name=f"chaos-worker-{i}", daemon=True)
                   for i in range(self.workers)]
        for thread in (faults, *workers):
            thread.start()
        for thread in workers:
            thread.join()
        self._chaos_over.set()
        faults.join()
        self.sampler.stop()
        self.sampler.sample_checks()  # every operation has ended: the last sample before healing
        self.echo(f"chaos over after {self.sampler.now():.0f} s; healing")
        healed = heal(self.stack, self.providers)
        self.sampler.sample_money()
        resolver = Resolver(self.stack, self.schedule, self.case_ids)
        resolver.resolve_all(self.history)
        final_s = self.sampler.now()
        findings = final_findings(self.stack, self.schedule, self.case_ids, self.history.entries(), seeded,
                                  resolver.clients)
        entries = sorted(self.history.entries(), key=lambda e: e.seq)
        unknowns = unknowns_json(entries)
        violations = violations_json(findings, self.sampler.samples(), round(final_s, 3), entries)
        report: dict[str, Any] = {
            "seed": self.schedule.seed, "duration_s": self.schedule.duration_s, "elapsed_s": 0.0,
            "courts": list(self.schedule.courts), "workers": self.workers,
            "schedule": schedule_json(self.schedule),
            "operations": {**operations_json(entries), "not_run": self.not_run},
            "unknowns": unknowns, "faults": faults_json(self.applied), "healing": healed.as_json(),
            "money": {p: {"seeded_fen": seeded[p]} for p in self.providers},
            "samples": {"money": len(self.sampler.money), "checks": len(self.sampler.checks),
                        "money_bounds": len(self.sampler.bounds), **self._check_seconds()},
            "violations": violations,
            "history": [e.as_json() for e in entries],
            "ok": not violations and unknowns["unresolved"] == 0 and healed.still_open == 0,
        }
        return report

    def _check_seconds(self) -> dict[str, float]:
        """How long a check sample took: the reads it makes compete with the operations for the services."""
        took = [s.end - s.t for s in self.sampler.checks]
        return {"check_mean_s": round(sum(took) / len(took), 3) if took else 0.0,
                "check_max_s": round(max(took), 3) if took else 0.0}

    def _take(self) -> Operation | None:
        with self._lock:
            if self._next >= len(self.schedule.operations):
                return None
            op = self.schedule.operations[self._next]
            self._next += 1
            return op

    def _work(self) -> None:
        operator = Operator(self.stack, self.schedule, self.case_ids)
        while (op := self._take()) is not None:
            wait = self.started + op.at_s - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            start = time.monotonic() - self.started
            if start > self.schedule.duration_s + LATE_LIMIT_S:
                with self._lock:
                    self.not_run += 1
                continue
            target = Target(f"{op.provider}:{op.account_no}" if op.kind in ("pay", "credit") else "")
            # recorded before it is sent: a sample's view taken after then counts it as possibly in effect
            self.history.begin(Begun(op.seq, op.kind, operator.court_of(op), op.case, target.value, round(start, 3)))
            try:
                operator.run(op, target)
                error: BaseException | None = None
            except Exception as exc:  # classify() raises again what is not an outcome
                error = exc
            outcome = classify(error)
            self.history.record(Entry(
                seq=op.seq, kind=op.kind, court=operator.court_of(op), case=op.case, target=target.value,
                document_no=document_no(self.schedule, op), start_s=round(start, 3),
                end_s=round(time.monotonic() - self.started, 3), outcome=outcome.outcome, code=outcome.code,
                detail=outcome.detail))

    def _apply_faults(self) -> None:
        switch = FaultSwitch(self.stack)
        events = sorted([(w.start_s, 0, w) for w in self.schedule.faults] +
                        [(w.end_s, 1, w) for w in self.schedule.faults], key=lambda e: (e[0], e[1]))
        began: dict[FaultWindow, tuple[float, str]] = {}
        restarts: list[threading.Thread] = []
        for at_s, is_end, window in events:
            if not self._chaos_over.is_set():
                self._chaos_over.wait(max(0.0, self.started + at_s - time.monotonic()))
            now = time.monotonic() - self.started
            if not is_end:
                if self._chaos_over.is_set():
                    continue  # the operations are done: a fault not yet begun is not begun
                began[window] = (now, self._switch(switch.begin, window))
                if window.length_s == 0:
                    self._applied(window, *began.pop(window))
            elif window in began:
                start, error = began.pop(window)
                if window.kind in (KILL_PROVIDER, KILL_NODE) and not error:
                    # a restart takes seconds (the node's longer): the other lane's faults must not wait for it
                    restart = threading.Thread(target=self._end, args=(switch, window, start), daemon=True)
                    restart.start()
                    restarts.append(restart)
                else:
                    self._end(switch, window, start, error)
        for restart in restarts:
            restart.join()

    def _end(self, switch: FaultSwitch, window: FaultWindow, start: float, error: str = "") -> None:
        error = error or self._switch(switch.end, window)
        self._applied(window, start, error)

    def _applied(self, window: FaultWindow, start: float, error: str) -> None:
        with self._lock:
            self.applied.append(AppliedFault(window, start, time.monotonic() - self.started, error))

    def _switch(self, action: Callable[[FaultWindow], None], window: FaultWindow) -> str:
        """Apply ``action``; on failure retry briefly (a restart may be under way); the error text, or ''."""
        deadline = time.monotonic() + FAULT_RETRY_S
        while True:
            try:
                action(window)
                return ""
            except (RuntimeError, OSError, requests.RequestException) as exc:
                if time.monotonic() > deadline:
                    return f"{type(exc).__name__}: {str(exc)[:200]}"
                time.sleep(0.5)
