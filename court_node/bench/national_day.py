"""Benchmark 4, a national day: cases filed, their notices served, inspected at the three providers, frozen and
deducted, all through the bulk path (``POST /api/v1/batches``), in slices of 5,500 cases (a tenth of the day)
one after another.

Each slice's debtors are seeded at the three providers first (5,000.00 yuan at each; each owes 12,000.00, so
every case is frozen at all three); seeding is not timed. Then the slice goes through six steps, each batch timed
from its POST until it is completed: filing batches (2,000 cases each, within the node's request size limit), a
notice batch, an inspection batch (which waits for the bank's answers), a freeze batch, the simulated clock moved
past the grace period on every service (the stack runs with a grace period of 15 days), and a deduction batch of
what is due. The pipeline time is the sum of those steps. A full run goes on with slices until 60 s of pipeline
time have passed (the slice under way is finished) or the 55,000 cases are done; ``FREEZESIM_BENCH_FULL_DAY=1``
runs all 55,000 whatever it takes. The time for 55,000 is projected from the measured overall rate when fewer
were done.
"""

from __future__ import annotations

import os
import time
from typing import Any

from court_node.bench import world
from court_node.bench.day_batch import BatchRun, run_batch, run_filing
from court_node.bench.day_plan import (
    BUDGET_S,
    DAY_CASES,
    SLICE_CASES,
    SliceDone,
    done_within,
    go_on,
    projected_s,
    slices,
)
from court_node.bench.result import BenchContext, BenchResult, Figure, prose
from court_node.bench.stack import running_stack
from court_node.client import CourtClient
from court_node.domain.money import yuan_to_fen

KEY = "national_day"
TITLE = "A national day: 55,000 cases filed, inspected, frozen and deducted"
BALANCE_FEN = 5_000_00
PRINCIPAL_FEN = 12_000_00
GRACE_DAYS = 15
QUICK_SLICE = 200
STAGES = ("filing", "notice", "inspection", "freeze", "clock", "deduction")
WHOLE_DAY_ENV = "FREEZESIM_BENCH_FULL_DAY"


def run(ctx: BenchContext) -> BenchResult:
    whole_day = os.environ.get(WHOLE_DAY_ENV) == "1"
    total, size = (QUICK_SLICE, QUICK_SLICE) if ctx.quick else (DAY_CASES, SLICE_CASES)
    seconds = {stage: 0.0 for stage in STAGES}
    failed = {stage: 0 for stage in STAGES}
    errors: list[str] = []
    finished: list[SliceDone] = []
    deducted_fen = in_full = 0
    done = 0
    with running_stack(ctx, KEY, {"grace_days": GRACE_DAYS}) as stack:
        judge = world.judge(stack)
        for serials in slices(total, size):
            if not go_on(done, total, sum(seconds.values()), BUDGET_S, whole_day or ctx.quick):
                break
            ctx.echo(f"national day: slice {len(finished) + 1}, cases {serials.start + 1:,} to {serials.stop:,}")
            debtors = [world.debtor(i) for i in serials]
            world.seed_many(stack, debtors, BALANCE_FEN)
            today = world.node_today(stack)
            bodies = [world.case_body(i, d, PRINCIPAL_FEN, today) for i, d in zip(serials, debtors, strict=True)]
            for stage, batch in _slice(stack, judge, bodies, ctx):
                seconds[stage] += batch.seconds
                failed[stage] += batch.failed
                errors += batch.first_errors[:2]
                if stage == "deduction":
                    amounts = [yuan_to_fen(str(r.get("amount") or "0.00"), allow_zero=True) for r in batch.results()]
                    deducted_fen += sum(amounts)
                    in_full += sum(1 for fen in amounts if fen >= PRINCIPAL_FEN)
            done = serials.stop
            finished.append(SliceDone(done, sum(seconds.values())))
            ctx.echo(f"national day: {done:,} cases done in {finished[-1].elapsed_s:.1f} s of pipeline time")
    return _result(ctx, total, size, whole_day, seconds, failed, finished, errors, (deducted_fen, in_full))


def _slice(stack: Any, judge: CourtClient, bodies: list[dict[str, Any]],
           ctx: BenchContext) -> list[tuple[str, BatchRun]]:
    """One slice through the day's steps; each step's batch (the clock's move as a batch of its own)."""
    steps: list[tuple[str, BatchRun]] = []
    filed = run_filing(judge, bodies, echo=ctx.echo)
    steps.append(("filing", filed))
    case_ids = [int(r["case_id"]) for r in filed.results()]
    for kind in ("notice", "inspection", "freeze"):
        steps.append((kind, run_batch(judge, kind, case_ids=case_ids, echo=ctx.echo)))
    began = time.monotonic()
    stack.advance(f"{GRACE_DAYS + 1}d")
    steps.append(("clock", BatchRun("clock", 0, len(case_ids), len(case_ids), 0, time.monotonic() - began)))
    steps.append(("deduction", run_batch(judge, "deduction", case_ids=case_ids, echo=ctx.echo)))
    return steps


def _result(ctx: BenchContext, total: int, size: int, whole_day: bool, seconds: dict[str, float],
            failed: dict[str, int], finished: list[SliceDone], errors: list[str],
            deducted: tuple[int, int]) -> BenchResult:
    cases = finished[-1].cases if finished else 0
    elapsed = finished[-1].elapsed_s if finished else 0.0
    overall = round(cases / elapsed, 1) if elapsed else 0.0
    rates = {stage: round(cases / s, 1) if s else 0.0 for stage, s in seconds.items()}
    projected = round(projected_s(cases, elapsed, DAY_CASES), 1)
    in_budget = done_within(finished, BUDGET_S)
    figures = [
        Figure("slice size", size, "cases"),
        Figure("slices done", len(finished), ""),
        Figure(f"cases done within the first {BUDGET_S:.0f} s", in_budget, ""),
        Figure("cases done in all", cases, ""),
        Figure("pipeline time", round(elapsed, 1), "s"),
        Figure("overall rate", overall, "cases/s"),
    ]
    figures += [Figure(f"{stage} rate", rates[stage], "cases/s") for stage in STAGES if stage != "clock"]
    figures += [Figure(f"{stage} time", round(seconds[stage], 1), "s") for stage in STAGES]
    figures += [Figure(f"{stage} items failed", failed[stage], "") for stage in STAGES if stage != "clock"]
    figures.append(Figure("deducted in all (12,000.00 due a case)", deducted[0] // 100, "yuan"))
    figures.append(Figure("cases deducted in full", deducted[1], ""))
    figures.append(Figure(f"projected time for {DAY_CASES:,} cases at the overall rate", projected, "s"))
    met = None if ctx.quick else (cases >= DAY_CASES and elapsed < BUDGET_S)
    timed = [stage for stage in STAGES if stage != "clock"]
    slowest = max(timed, key=lambda stage: seconds[stage])
    limits = ""
    if ctx.quick:
        limits = f"quick run: one slice of {size} cases, too small to judge the goal"
    elif not met:
        limits = (f"the slowest stage is {slowest} ({rates[slowest]} cases/s, {seconds[slowest]:.1f} s of "
                  f"{elapsed:.1f} s): the node works through each batch's chunks in one process (one GIL) writing "
                  "the chunk's records, audit chain and outbox in one SQLite transaction and signing every provider "
                  "request, on two cores shared with the three providers that answer them. The time for "
                  f"{DAY_CASES:,} is projected ({projected} s) unless all were run.")
    return BenchResult(
        key=KEY, title=TITLE, figures=figures, goal=f"{DAY_CASES:,} cases in < {BUDGET_S:.0f} s",
        measured=(f"{cases:,} cases in {elapsed:.1f} s ({overall} cases/s); {DAY_CASES:,} projected "
                  f"{projected} s" if cases < DAY_CASES else f"{cases:,} cases in {elapsed:.1f} s ({overall} cases/s)"),
        goal_met=met, limits=limits,
        details={"method": prose(__doc__), "whole_day": whole_day, "planned_cases": total,
                 "seconds_by_stage": {k: round(v, 2) for k, v in seconds.items()},
                 "slices": [{"cases": s.cases, "elapsed_s": round(s.elapsed_s, 2)} for s in finished],
                 "first_errors": errors[:10], "grace_days": GRACE_DAYS})
