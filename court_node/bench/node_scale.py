"""Benchmark 6, court node scale: is an inspection as fast, and the node as small, after 100,000 cases as after 1,000?

Two small stacks run side by side, each a court node with its own Alipay-like mock (gunicorn, as ``freezesim up``
starts them). Before either starts, its mock gets 1,000 generated debtors (``python -m payment_mocks.seed_bulk``)
and its node's data folder gets its cases, filed in-process through the node's own filing service with their
audit records. Then judges start inspections (``POST /api/v1/cases/{id}/inspections``) on random cases,
alternating between the two nodes, and read the first page of the case list.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from court_node.bench.result import BenchContext, BenchResult, Figure
from court_node.bench.scale_cases import JUDGE_TOKEN, Filed, file_cases
from court_node.bench.scale_support import Memory, files_mib, free_port, median, memory_of, percentile
from court_node.client import CourtClient
from court_node.stack.launcher import Stack, StackOptions

KEY = "node_scale"
GOAL_RATIO = 1.5
#: peak memory of the big node may exceed the small one's by this factor and still count as flat
FLAT_MEMORY = 1.25
DEBTORS = 1_000


@dataclass(frozen=True)
class Sizes:
    """Cases in the small and the big node, and inspections started on each."""

    small: int
    big: int
    inspections: int
    warmup: int = 10
    debtors: int = DEBTORS


FULL = Sizes(small=1_000, big=100_000, inspections=300)
QUICK = Sizes(small=200, big=2_000, inspections=60)


@dataclass
class Node:
    label: str
    cases: int
    stack: Stack
    filed: Filed | None = None
    client: CourtClient | None = None


def run(ctx: BenchContext) -> BenchResult:
    return measure(ctx, QUICK if ctx.quick else FULL)


def _debtors(provider_dir: Path, count: int, seed: int) -> list[dict[str, Any]]:
    """Generate ``count`` debtors at the mock (not started yet); all of them, as the cases' debtors."""
    provider_dir.mkdir(parents=True, exist_ok=True)
    sample = provider_dir / "generated-sample.json"
    subprocess.run([sys.executable, "-m", "payment_mocks.seed_bulk", "alipay", "--data-dir", str(provider_dir),
                    "--subjects", str(count), "--seed", str(seed), "--sample-out", str(sample),
                    "--sample-size", str(count)], check=True, capture_output=True, timeout=600)
    return list(json.loads(sample.read_text(encoding="utf-8"))["debtors"])


def _stack(data_dir: Path) -> Stack:
    return Stack(StackOptions(data_dir=data_dir, ports={"node": free_port(), "alipay": free_port()},
                              providers=("alipay",), sample_data=False, demo=True))


def _inspect(node: Node, rng: random.Random, n: int) -> float:
    assert node.client is not None and node.filed is not None
    case_id = rng.randint(node.filed.first_case_id, node.filed.last_case_id)
    started = time.perf_counter()
    node.client.inspect(case_id, idempotency_key=f"scale-{node.label}-{n}-{rng.randrange(10**9)}")
    return (time.perf_counter() - started) * 1000


def _list_page(node: Node) -> float:
    assert node.client is not None
    started = time.perf_counter()
    node.client.cases(limit=50)
    return (time.perf_counter() - started) * 1000


def measure(ctx: BenchContext, sizes: Sizes) -> BenchResult:
    """Prepare, start, inspect and measure both nodes; every process is stopped again, also on error."""
    work = ctx.work_dir / KEY
    nodes = [Node("small", sizes.small, _stack(work / "small")), Node("big", sizes.big, _stack(work / "big"))]
    for node in nodes:
        debtors = _debtors(node.stack.data_dir / "alipay", sizes.debtors, ctx.seed)
        ctx.echo(f"node scale: filing {node.cases:,} cases into the {node.label} node")
        node.filed = file_cases(node.stack.data_dir / "court", node.cases, debtors, seed=ctx.seed, echo=ctx.echo)
        ctx.echo(f"node scale: {node.cases:,} cases filed in {node.filed.seconds:.1f} s "
                 f"({node.filed.rate:.0f} cases/s)")
    started: list[Stack] = []
    try:
        for node in nodes:
            node.stack.start()
            started.append(node.stack)
            node.client = CourtClient(node.stack.url("node"), JUDGE_TOKEN, timeout=60, retries=0)
        rng = random.Random(ctx.seed)
        inspections: dict[str, list[float]] = {n.label: [] for n in nodes}
        pages: dict[str, list[float]] = {n.label: [] for n in nodes}
        for i in range(sizes.warmup):
            for node in nodes:
                _inspect(node, rng, i)
        ctx.echo(f"node scale: {sizes.inspections} inspections on each node, interleaved")
        for i in range(sizes.inspections):
            for node in nodes if i % 2 == 0 else list(reversed(nodes)):
                inspections[node.label].append(_inspect(node, rng, sizes.warmup + i))
                if i % 10 == 0:
                    pages[node.label].append(_list_page(node))
        memory = {n.label: memory_of(n.stack.node.process.pid) for n in nodes if n.stack.node.process is not None}
    finally:
        for stack in reversed(started):
            stack.stop()
    db_mib = {n.label: files_mib(*(n.stack.data_dir / "court" / f"court.sqlite3{s}" for s in ("", "-wal")))
              for n in nodes}
    return _result(ctx, sizes, nodes, inspections, pages, memory, db_mib)


def _result(ctx: BenchContext, sizes: Sizes, nodes: list[Node], inspections: dict[str, list[float]],
            pages: dict[str, list[float]], memory: dict[str, Memory], db_mib: dict[str, float]) -> BenchResult:
    small, big = nodes
    assert small.filed is not None and big.filed is not None
    p50 = {label: round(median(v), 2) for label, v in inspections.items()}
    p95 = {label: round(percentile(v, 0.95), 2) for label, v in inspections.items()}
    page50 = {label: round(median(v), 2) for label, v in pages.items()}
    ratio = round(p50["big"] / p50["small"], 3) if p50["small"] else 0.0
    page_ratio = round(page50["big"] / page50["small"], 3) if page50["small"] else 0.0
    peak = {label: m.peak_max_mib for label, m in memory.items()}
    memory_ratio = round(peak["big"] / peak["small"], 3) if peak.get("small") else 0.0
    figures = [
        Figure(f"filing rate ({big.cases:,} cases)", round(big.filed.rate), "cases/s"),
        Figure(f"filing {big.cases:,} cases", round(big.filed.seconds, 2), "s"),
        Figure(f"inspection p50 at {small.cases:,} cases", p50["small"], "ms"),
        Figure(f"inspection p95 at {small.cases:,} cases", p95["small"], "ms"),
        Figure(f"inspection p50 at {big.cases:,} cases", p50["big"], "ms"),
        Figure(f"inspection p95 at {big.cases:,} cases", p95["big"], "ms"),
        Figure("inspection latency ratio (p50 big / small)", ratio, "x"),
        Figure(f"case list page p50 at {small.cases:,} cases", page50["small"], "ms"),
        Figure(f"case list page p50 at {big.cases:,} cases", page50["big"], "ms"),
        Figure("case list latency ratio (p50 big / small)", page_ratio, "x"),
    ]
    for node in nodes:
        mem = memory.get(node.label)
        if mem is not None:
            figures.append(Figure(f"node peak memory, worker, {node.cases:,} cases", mem.peak_max_mib, "MiB"))
            figures.append(Figure(f"node memory now, master + workers, {node.cases:,} cases", mem.rss_sum_mib,
                                  "MiB"))
        figures.append(Figure(f"node database size, {node.cases:,} cases", db_mib[node.label], "MiB"))
    figures.append(Figure("node peak memory ratio (big / small)", memory_ratio, "x"))
    met = ratio <= GOAL_RATIO and 0 < memory_ratio <= FLAT_MEMORY
    limits = (
        "No goal number was given for this benchmark; the goal used here is ours: the inspection latency ratio "
        f"at most {GOAL_RATIO} and the node's peak memory flat (the big node's worker within {FLAT_MEMORY}x of "
        "the small one's). An inspection writes the inspection, its result and its outbox request, appends to "
        "the audit chain (reading only the last record), calls the provider synchronously (one signed Alipay "
        "query, about half the time) and reads the answer back; every step reaches its rows by an index, so the "
        "number of cases does not enter. The case list page counts the court's cases for its total: that count "
        "reads an index entry per case, so it grows with the number of cases (the ix_cases_court_status index "
        "keeps a count by status from reading every case row; a count kept as a number would make it flat). "
        "Cases are filed in-process through the node's filing service (check_filing + record_filing, the halves "
        "of file_case) in transactions of 500; the rate is that, not an API filing rate, and it depends on what "
        f"else runs on the machine. Each node's mock holds {sizes.debtors:,} "
        "generated debtors, shared by the cases in turn. Memory is VmHWM/VmRSS from /proc: 'worker' is the "
        "largest process of the node's gunicorn group.")
    if ctx.quick:
        limits += f" Quick run: {big.cases:,} cases, too small to judge the goal at 100,000."
    return BenchResult(
        key=KEY, title="Court node scale: 100,000 cases",
        figures=figures,
        goal=f"inspection latency ratio (p50, 100,000 vs 1,000 cases) <= {GOAL_RATIO} and memory flat "
             f"(peak within {FLAT_MEMORY}x); our goal, none was given",
        measured=f"ratio {ratio:.2f} ({p50['big']:.1f} ms vs {p50['small']:.1f} ms); peak memory "
                 f"{peak.get('big', 0):.0f} MiB vs {peak.get('small', 0):.0f} MiB",
        goal_met=None if ctx.quick else met,
        limits=limits,
        details={"sizes": {"small": small.cases, "big": big.cases, "inspections_each": sizes.inspections,
                           "warmup_each": sizes.warmup, "debtors_at_each_mock": sizes.debtors},
                 "filing": {n.label: {"cases": n.filed.cases, "seconds": round(n.filed.seconds, 2),
                                      "rate_per_s": round(n.filed.rate, 1)} for n in nodes if n.filed},
                 "inspection_p50_ms": p50, "inspection_p95_ms": p95, "case_list_p50_ms": page50,
                 "memory_mib": {label: vars(m) for label, m in memory.items()},
                 "memory_rule": "VmHWM and VmRSS per process from /proc/<pid>/status; worker = max, sum over "
                                "the gunicorn master and workers",
                 "database_mib": db_mib,
                 "stack": "per node: court node (gunicorn 1 x 8, background worker on) + its own Alipay-like mock"},
    )
