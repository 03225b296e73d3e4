"""Benchmark 2, throughput against the floor: end-to-end inspections and freeze-then-deduct cycles per second at
16 concurrent clients, against the floor measured in the same run (floor.py) divided by the HTTP requests one
operation needs.

The requests are counted, not assumed: the client's own requests to the node plus every request the providers
journaled for one operation on an idle stack (for an inspection: the bank's submission and the worker's read of
its feedback, Alipay's and WeChat's queries; for a cycle: the freeze, the freeze's status read before the
deduction, the deduction). A cycle freezes 1.00 yuan at Alipay and deducts it: Alipay answers both at once,
where the bank would answer later (its figure would be the worker's interval, not the node's speed).
"""

from __future__ import annotations

from typing import Any

from court_node.bench import world
from court_node.bench.cpu import tree_cpu_seconds
from court_node.bench.floor import floor_load, floor_server
from court_node.bench.journal import describe, journal_marks, wait_for_journal
from court_node.bench.load import Call, LoadResult, run_load
from court_node.bench.memory import tree_memory
from court_node.bench.result import BenchContext, BenchResult, Figure, prose
from court_node.bench.stack import running_stack, scratch_folder
from court_node.client import CourtClient, PlanItem

CLIENTS = 16
GOAL_RATIO = 0.5
CYCLE_PROVIDER = "alipay"
CYCLE_AMOUNT = "1.00"


def run(ctx: BenchContext) -> BenchResult:
    seconds = 4.0 if ctx.quick else 20.0
    with running_stack(ctx, "throughput") as stack:
        options = stack.options
        with floor_server(scratch_folder(ctx, "floor"), options.node_workers, options.node_threads) as floor:
            ctx.echo(f"floor: GET /ping at {CLIENTS} clients for {seconds:.0f} s")
            floor_run = floor_load(floor.url, CLIENTS, seconds)
        debtors = [world.debtor(i) for i in range(CLIENTS + 1)]
        world.seed(stack, debtors, 1_000_000_00)
        setup = world.judge(stack)
        cases = [world.file_case(stack, setup, i, d, 1_000_000_00) for i, d in enumerate(debtors)]
        cycle_requests, cycle_journal = count_cycle(stack, setup, cases[-1], debtors[-1])
        node_pid = stack.node.process.pid if stack.node.process else 0
        ctx.echo(f"freeze-then-deduct cycles at {CLIENTS} clients for {seconds:.0f} s")
        cpu_before = tree_cpu_seconds(node_pid)
        cycles = run_load(lambda i: cycle_call(world.judge(stack), cases[i], debtors[i]), CLIENTS, duration_s=seconds)
        cycle_cpu = tree_cpu_seconds(node_pid) - cpu_before
        inspection_requests, inspection_journal = count_inspection(stack, setup, cases[-1])
        ctx.echo(f"inspections at {CLIENTS} clients for {seconds:.0f} s")
        cpu_before = tree_cpu_seconds(node_pid)
        inspections = run_load(lambda i: inspection_call(world.judge(stack), cases[i]), CLIENTS, duration_s=seconds)
        inspection_cpu = tree_cpu_seconds(node_pid) - cpu_before
        node_memory = tree_memory(node_pid)
    cpu_ms = {"inspection": _per_op_ms(inspection_cpu, inspections.count), "cycle": _per_op_ms(cycle_cpu, cycles.count)}
    return _result(ctx, floor_run, inspections, inspection_requests, cycles, cycle_requests, node_memory.peak_mib,
                   cpu_ms, {"inspection": inspection_journal, "cycle": cycle_journal})


def _per_op_ms(cpu_s: float, count: int) -> float:
    return round(cpu_s * 1000 / count, 1) if count else 0.0


def inspection_call(client: CourtClient, case_id: int) -> Call:
    def call(n: int) -> None:
        client.inspect(case_id)

    return call


def cycle_call(client: CourtClient, case_id: int, debtor: world.Debtor) -> Call:
    """Freeze 1.00 yuan at Alipay, then deduct it from that freeze."""

    def call(n: int) -> None:
        freeze = client.freeze(case_id, f"冻结裁定{case_id}-{n}",
                               items=[PlanItem(CYCLE_PROVIDER, debtor.accounts[CYCLE_PROVIDER], CYCLE_AMOUNT)])
        placed = freeze["freezes"][0]
        if placed["status"] != "active":
            raise RuntimeError(f"freeze {placed['id']} is {placed['status']}")
        deducted = client.deduct(case_id, f"扣划裁定{case_id}-{n}", f"协助执行通知书{case_id}-{n}",
                                 freeze_id=placed["id"], amount=CYCLE_AMOUNT)
        status = deducted["deductions"][0]["status"]
        if status != "completed":
            raise RuntimeError(f"deduction is {status}")

    return call


def count_inspection(stack: Any, client: CourtClient, case_id: int) -> tuple[int, dict[str, list[str]]]:
    """HTTP requests of one inspection: the client's one, and every provider's, the bank's feedback read included."""
    marks = journal_marks(stack)
    answer = client.inspect(case_id)
    pending = {r["request_no"] for r in answer["results"] if r["state"] == "pending"}

    def answered(entries: dict[str, list[dict[str, Any]]]) -> bool:
        read = {e.get("request_no") for own in entries.values() for e in own if e["method"] == "GET"}
        return pending <= read

    entries = wait_for_journal(stack, marks, answered)
    return 1 + sum(len(own) for own in entries.values()), describe(entries)


def count_cycle(stack: Any, client: CourtClient, case_id: int,
                debtor: world.Debtor) -> tuple[int, dict[str, list[str]]]:
    """HTTP requests of one freeze-then-deduct cycle: the client's two and every provider's."""
    marks = journal_marks(stack)
    cycle_call(client, case_id, debtor)(-1)
    entries = wait_for_journal(stack, marks, lambda e: True, timeout_s=0)
    return 2 + sum(len(own) for own in entries.values()), describe(entries)


def _result(ctx: BenchContext, floor_run: LoadResult, inspections: LoadResult, inspection_requests: int,
            cycles: LoadResult, cycle_requests: int, node_peak_mib: float, cpu_ms: dict[str, float],
            journals: dict[str, dict[str, list[str]]]) -> BenchResult:
    floor_per_inspection = floor_run.rate / inspection_requests
    floor_per_cycle = floor_run.rate / cycle_requests
    inspection_ratio = round(inspections.rate / floor_per_inspection, 2) if floor_per_inspection else 0.0
    cycle_ratio = round(cycles.rate / floor_per_cycle, 2) if floor_per_cycle else 0.0
    figures = [
        Figure("clients", CLIENTS, ""),
        Figure("floor: trivial endpoint", floor_run.rate, "req/s"),
        Figure("floor p50 latency", floor_run.latency_ms(50), "ms"),
        Figure("HTTP requests per inspection (counted)", inspection_requests, ""),
        Figure("floor per inspection", round(floor_per_inspection, 1), "/s"),
        Figure("inspections", inspections.rate, "/s"),
        Figure("inspection latency p50", inspections.latency_ms(50), "ms"),
        Figure("inspection latency p95", inspections.latency_ms(95), "ms"),
        Figure("inspection latency p99", inspections.latency_ms(99), "ms"),
        Figure("inspections failed", inspections.errors, ""),
        Figure("node CPU per inspection (its own work, under the load)", cpu_ms["inspection"], "ms"),
        Figure("inspections / floor per inspection", inspection_ratio, "x"),
        Figure("HTTP requests per freeze-then-deduct cycle (counted)", cycle_requests, ""),
        Figure("floor per cycle", round(floor_per_cycle, 1), "/s"),
        Figure("freeze-then-deduct cycles", cycles.rate, "/s"),
        Figure("cycle latency p50", cycles.latency_ms(50), "ms"),
        Figure("cycle latency p95", cycles.latency_ms(95), "ms"),
        Figure("cycle latency p99", cycles.latency_ms(99), "ms"),
        Figure("cycles failed", cycles.errors, ""),
        Figure("node CPU per cycle (its own work, under the load)", cpu_ms["cycle"], "ms"),
        Figure("cycles / floor per cycle", cycle_ratio, "x"),
        Figure("node peak memory (master + workers)", node_peak_mib, "MiB"),
    ]
    worst = min(inspection_ratio, cycle_ratio)
    met = None if ctx.quick else worst >= GOAL_RATIO
    limits = ""
    if ctx.quick:
        limits = "quick run: a few seconds each, too short to judge"
    elif not met:
        limits = (f"the node's own CPU: {cpu_ms['inspection']} ms per inspection, {cpu_ms['cycle']} ms per cycle "
                  "(about 80 SQL statements through SQLAlchemy, the outbox and audit writes, signed provider calls "
                  "from a thread pool) in one GIL-bound process, on two cores shared with the three providers and "
                  "the clients; the floor's request does none of that")
    errors = [r.first_error for r in (inspections, cycles) if r.first_error]
    return BenchResult(
        key="throughput", title=f"Throughput against the floor at {CLIENTS} clients", figures=figures,
        goal=f"each ratio >= {GOAL_RATIO}", measured=f"inspections {inspection_ratio}, cycles {cycle_ratio}",
        goal_met=met, limits=limits,
        details={"method": prose(__doc__), "requests": journals, "first_errors": errors,
                 "operations": {"inspections": inspections.count, "cycles": cycles.count,
                                "floor_requests": floor_run.count}})
