"""Benchmark 1, fan-out: an inspection of all three providers against one provider alone, each provider answering
100 ms late (the control API's latency fault).

What a user waits for is the answer to ``POST /api/v1/cases/{id}/inspections``: Alipay and WeChat answer the query
within it; the bank accepts it (its result is ``pending``) and answers later to the node's background worker, so
the bank's feedback is not part of the wait. Asked in parallel, three providers take about as long as the slowest
of them alone; asked in turn, three times as long. The baseline is therefore the slowest single provider (each
single provider is measured, interleaved with the three, so that load on the machine falls on all alike).
"""

from __future__ import annotations

import time

from court_node.bench import world
from court_node.bench.result import BenchContext, BenchResult, Figure, prose
from court_node.bench.stack import running_stack
from court_node.bench.stats import median, us_to_ms
from court_node.stack.launcher import PROVIDERS

LATENCY_MS = 100
GOAL_RATIO = 1.3
ALL = "all three"


def run(ctx: BenchContext) -> BenchResult:
    rounds = 5 if ctx.quick else 30
    with running_stack(ctx, "fanout") as stack:
        debtor = world.debtor(0)
        world.seed(stack, [debtor], 1_000_00)
        client = world.judge(stack)
        case_id = world.file_case(stack, client, 0, debtor, 10_000_00)
        client.inspect(case_id)  # warm: connections, the node's first queries
        for provider in PROVIDERS:
            stack.admin(provider, "PUT", "/faults", {"latency_ms": LATENCY_MS})
        samples: dict[str, list[int]] = {ALL: [], **{p: [] for p in PROVIDERS}}
        kinds = [ALL, *PROVIDERS]
        for n in range(rounds):
            for kind in kinds[n % len(kinds):] + kinds[:n % len(kinds)]:  # a rotating order: no kind always first
                began = time.perf_counter_ns()
                answer = client.inspect(case_id, providers=None if kind == ALL else [kind])
                samples[kind].append((time.perf_counter_ns() - began) // 1000)
                if any(r["state"] == "failed" for r in answer["results"]):
                    raise RuntimeError(f"an inspection failed under the latency fault: {answer['results']}")
    medians = {kind: median(values) for kind, values in samples.items()}
    slowest = max(PROVIDERS, key=lambda p: medians[p])
    ratio = round(medians[ALL] / medians[slowest], 2)
    figures = [Figure("injected latency per provider request", LATENCY_MS, "ms"),
               Figure("inspections per kind (median of)", rounds, ""),
               Figure("all three providers, median", us_to_ms(medians[ALL]), "ms")]
    figures += [Figure(f"{p} alone, median", us_to_ms(medians[p]), "ms") for p in PROVIDERS]
    figures += [Figure(f"ratio all three / {slowest} alone (the slowest single)", ratio, "x"),
                Figure("sequential would be about", round(sum(medians[p] for p in PROVIDERS) / medians[slowest], 2),
                       "x")]
    met = None if ctx.quick else ratio <= GOAL_RATIO
    return BenchResult(
        key="fanout", title="Fan-out: three providers against one, 100 ms latency each",
        figures=figures, goal=f"ratio <= {GOAL_RATIO}", measured=f"ratio {ratio}", goal_met=met,
        limits="" if met else ("quick run: too few samples to judge" if ctx.quick else
                               "the node's own work per provider (signing, the store) adds to the slowest call"),
        details={"method": prose(__doc__), "samples_us": samples, "baseline": slowest,
                 "waits_for": "the POST's answer; the bank's result is pending in it and fetched later"})
