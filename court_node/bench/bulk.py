"""Benchmark 3, bulk: debtors inspected at the three providers and frozen through the bulk path
(``POST /api/v1/batches``, an inspection batch then a freeze batch), against the per-case path.

Every debtor holds 5,000.00 yuan at each provider and owes 12,000.00, so each case is frozen at all three. The
cases are filed by filing batches beforehand (not timed). The per-case path is what a user does, at 16 concurrent
clients each with its own connection pool: ``POST /api/v1/cases/{id}/inspections``, reading the inspection until
the bank (which answers later) has answered too, then the planned freeze ``POST /api/v1/cases/{id}/freezes``. The
bulk path is one inspection batch over all its cases (it waits for the bank's answers itself) and then one freeze
batch, each timed from its POST until it is completed. Both rates are in cases per second, inspection and freeze
together; the ratio is the bulk rate over the per-case rate. Outcomes are checked: every batch item and every
per-case call that did not succeed is counted, and each succeeded freeze item must have placed freezes.
"""

from __future__ import annotations

import time
from typing import Any

from court_node.bench import world
from court_node.bench.day_batch import BatchRun, run_batch, run_filing
from court_node.bench.load import Call, LoadResult, run_load
from court_node.bench.result import BenchContext, BenchResult, Figure, prose
from court_node.bench.stack import running_stack
from court_node.client import CourtClient

KEY = "bulk"
TITLE = "Bulk: 10,000 debtors inspected and frozen, bulk path against per case"
GOAL_RATIO = 10.0
CLIENTS = 16
BALANCE_FEN = 5_000_00  # at each provider
PRINCIPAL_FEN = 12_000_00  # more than two providers hold: every case is frozen at all three
#: how long a per-case client reads its inspection waiting for the bank's answer
ANSWER_WAIT_S = 60.0
#: cases (full, quick) on each path
FULL = {"bulk": 10_000, "per_case": 1_000}
QUICK = {"bulk": 300, "per_case": 100}


def run(ctx: BenchContext) -> BenchResult:
    sizes = QUICK if ctx.quick else FULL
    with running_stack(ctx, KEY) as stack:
        debtors = [world.debtor(i) for i in range(sizes["bulk"] + sizes["per_case"])]
        ctx.echo(f"bulk: seeding {len(debtors):,} debtors at the three providers")
        world.seed_many(stack, debtors, BALANCE_FEN)
        judge = world.judge(stack)
        today = world.node_today(stack)
        bodies = [world.case_body(i, d, PRINCIPAL_FEN, today) for i, d in enumerate(debtors)]
        ctx.echo(f"bulk: filing {len(bodies):,} cases by filing batches")
        bulk_cases = _file(judge, bodies[:sizes["bulk"]], ctx)
        sample = _file(judge, bodies[sizes["bulk"]:], ctx)
        ctx.echo(f"bulk: per-case path on {len(sample):,} cases at {CLIENTS} clients")
        per_case = run_load(lambda i: per_case_call(world.judge(stack), sample), CLIENTS, count=len(sample))
        ctx.echo(f"bulk: bulk path on {len(bulk_cases):,} cases")
        inspection = run_batch(judge, "inspection", case_ids=bulk_cases, echo=ctx.echo)
        freeze = run_batch(judge, "freeze", case_ids=bulk_cases, echo=ctx.echo)
        checked = _check_freezes(judge, bulk_cases[:: max(1, len(bulk_cases) // 20)])
    return _result(ctx, sizes, per_case, inspection, freeze, checked)


def _file(judge: CourtClient, bodies: list[dict[str, Any]], ctx: BenchContext) -> list[int]:
    filed = run_filing(judge, bodies, echo=ctx.echo)
    if filed.failed:
        raise RuntimeError(f"filing failed for {filed.failed} cases: {filed.first_errors}")
    return [int(r["case_id"]) for r in filed.results()]


def per_case_call(client: CourtClient, cases: list[int]) -> Call:
    """Inspect case ``n``, read the inspection until every provider answered, then freeze as planned."""

    def call(n: int) -> None:
        case_id = cases[n]
        inspection = client.inspect(case_id)
        deadline = time.monotonic() + ANSWER_WAIT_S
        while any(r["state"] == "pending" for r in inspection["results"]):
            if time.monotonic() >= deadline:
                raise RuntimeError(f"inspection {inspection['id']} still pending after {ANSWER_WAIT_S:g} s")
            time.sleep(0.05)
            inspection = client.inspection(inspection["id"])
        frozen = client.freeze(case_id, f"（2026）{world.COURT}执{case_id}号冻结裁定书")
        if not frozen["freezes"] or any(f["status"] == "failed" for f in frozen["freezes"]):
            raise RuntimeError(f"case {case_id}: freezes {[f['status'] for f in frozen['freezes']]}")

    return call


def _check_freezes(judge: CourtClient, cases: list[int]) -> dict[str, int]:
    """The freezes of a sample of the bulk cases, by status, as the node records them."""
    statuses: dict[str, int] = {}
    for case_id in cases:
        for f in judge.freezes(case_id):
            statuses[f["status"]] = statuses.get(f["status"], 0) + 1
    return statuses


def _result(ctx: BenchContext, sizes: dict[str, int], per_case: LoadResult, inspection: BatchRun,
            freeze: BatchRun, checked: dict[str, int]) -> BenchResult:
    bulk_seconds = inspection.seconds + freeze.seconds
    bulk_rate = round(sizes["bulk"] / bulk_seconds, 1) if bulk_seconds else 0.0
    ratio = round(bulk_rate / per_case.rate, 1) if per_case.rate else 0.0
    freezes_placed = sum(len(r.get("freeze_ids") or []) for r in freeze.results())
    no_freeze = sum(1 for r in freeze.results() if not r.get("freeze_ids"))
    figures = [
        Figure("cases on the bulk path", sizes["bulk"], ""),
        Figure("cases on the per-case path", sizes["per_case"], ""),
        Figure("per-case clients", CLIENTS, ""),
        Figure("per-case path: inspect, await the bank, freeze", per_case.rate, "cases/s"),
        Figure("per-case latency p50", per_case.latency_ms(50), "ms"),
        Figure("per-case latency p95", per_case.latency_ms(95), "ms"),
        Figure("per-case cases failed", per_case.errors, ""),
        Figure("bulk inspection batch", round(inspection.seconds, 1), "s"),
        Figure("bulk inspection rate", round(inspection.rate, 1), "cases/s"),
        Figure("bulk freeze batch", round(freeze.seconds, 1), "s"),
        Figure("bulk freeze rate", round(freeze.rate, 1), "cases/s"),
        Figure("bulk path: inspect and freeze", bulk_rate, "cases/s"),
        Figure("bulk inspection items failed", inspection.failed, ""),
        Figure("bulk freeze items failed", freeze.failed, ""),
        Figure("bulk freeze items that placed no freeze", no_freeze, ""),
        Figure("freezes placed by the freeze batch", freezes_placed, ""),
        Figure("speed-up: bulk rate / per-case rate", ratio, "x"),
    ]
    met = None if ctx.quick else ratio >= GOAL_RATIO
    limits = (f"the per-case rate is measured on {sizes['per_case']:,} cases (all {sizes['bulk']:,} would take "
              "too long one by one); the bulk rate on all of them.")
    if ctx.quick:
        limits += " Quick run: too few cases to judge the goal."
    elif not met:
        slower = min((inspection, freeze), key=lambda b: b.rate)
        limits += (f" The slower bulk step is the {slower.kind} batch ({slower.rate:.1f} cases/s): the node works "
                   "through its chunks in one process (one GIL), writing each chunk's records, audit chain and "
                   "outbox in one SQLite transaction and signing every provider request, on two cores shared with "
                   "the three providers answering them; the per-case path pays an HTTP round trip and a "
                   "transaction per step instead.")
    return BenchResult(
        key=KEY, title=TITLE, figures=figures, goal=f">= {GOAL_RATIO:g}x faster",
        measured=f"{ratio}x ({bulk_rate} vs {per_case.rate} cases/s)", goal_met=met, limits=limits,
        details={"method": prose(__doc__), "sizes": sizes, "freezes_by_status_in_a_sample": checked,
                 "batches": {b.kind: {"id": b.batch_id, "total": b.total, "succeeded": b.succeeded,
                                      "failed": b.failed, "seconds": round(b.seconds, 2),
                                      "first_errors": b.first_errors} for b in (inspection, freeze)},
                 "per_case_first_error": per_case.first_error})
