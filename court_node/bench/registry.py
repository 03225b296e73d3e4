"""The six benchmarks in report order, by dotted name, resolved only when run: a module not written yet shows as
"not built" in the report instead of breaking the command."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import cast

from court_node.bench.result import Benchmark

BENCHMARKS: Mapping[str, str] = {
    "fanout": "court_node.bench.fanout:run",
    "throughput": "court_node.bench.throughput:run",
    "bulk": "court_node.bench.bulk:run",
    "national_day": "court_node.bench.national_day:run",
    "provider_scale": "court_node.bench.provider_scale:run",
    "node_scale": "court_node.bench.node_scale:run",
}

TITLES: Mapping[str, str] = {
    "fanout": "Fan-out: three providers against one, 100 ms latency each",
    "throughput": "Throughput against the floor at 16 clients",
    "bulk": "Bulk: 10,000 debtors inspected and frozen, bulk path against per case",
    "national_day": "A national day: 55,000 cases filed, inspected, frozen and deducted",
    "provider_scale": "Provider scale: a mock with 1,000,000 accounts",
    "node_scale": "Court node scale: 100,000 cases",
}

GOALS: Mapping[str, str] = {
    "fanout": "ratio <= 1.3",
    "throughput": "each ratio >= 0.5",
    "bulk": ">= 10x faster",
    "national_day": "< 60 s",
    "provider_scale": "latency ratio <= 1.5; seeding < 30 s",
    "node_scale": "memory and latency reported",
}


class NotBuilt(LookupError):
    """The benchmark's module or function does not exist (yet)."""


def resolve(target: str) -> Benchmark:
    """The function a ``"package.module:function"`` name points at; NotBuilt when there is none."""
    module_name, _, function = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            raise NotBuilt(f"{module_name} is not built yet") from None
        raise  # the module exists but something it imports does not: a real error
    found = getattr(module, function, None)
    if not callable(found):
        raise NotBuilt(f"{module_name} has no {function}()")
    return cast(Benchmark, found)


def choose(only: str | None) -> list[str]:
    """The benchmarks named in ``only`` (comma-separated), in report order; all of them when None."""
    if not only:
        return list(BENCHMARKS)
    named = [name.strip() for name in only.split(",") if name.strip()]
    unknown = [name for name in named if name not in BENCHMARKS]
    if unknown:
        raise ValueError(f"unknown benchmark {unknown[0]!r}; choose from {', '.join(BENCHMARKS)}")
    return [name for name in BENCHMARKS if name in named]
