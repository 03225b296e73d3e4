"""The configured providers: their metadata, and their health asked in parallel with a short timeout."""

from __future__ import annotations

import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass

from court_node.adapters.base import ProviderAdapter
from court_node.adapters.types import Capabilities, Health
from court_node.context import NodeContext


@dataclass(frozen=True)
class ProviderHealth:
    name: str
    reachable: bool
    detail: str
    latency_ms: int | None


@dataclass(frozen=True)
class ProviderInfo:
    name: str
    adapter: str
    dialect: str
    base_url: str
    capabilities: Capabilities
    health: ProviderHealth


def _timed(adapter: ProviderAdapter) -> Health:
    started = time.monotonic()
    health = adapter.health()
    if health.latency_ms is None:
        health = Health(health.reachable, health.detail, int((time.monotonic() - started) * 1000))
    return health


def check_health(adapters: Mapping[str, ProviderAdapter], timeout_s: float) -> list[ProviderHealth]:
    """Every adapter's ``health()`` at once; one that has not answered within ``timeout_s`` is unreachable."""
    if not adapters:
        return []
    pool = ThreadPoolExecutor(max_workers=len(adapters), thread_name_prefix="provider-health")
    try:
        futures = {name: pool.submit(_timed, adapter) for name, adapter in adapters.items()}
        done, _ = wait(futures.values(), timeout=timeout_s)
        results = []
        for name, future in futures.items():
            if future not in done:
                results.append(ProviderHealth(name, False, f"no answer within {timeout_s:g}s", None))
                continue
            try:
                health = future.result()
            except Exception as exc:  # an adapter's failure is a finding here, not an error
                results.append(ProviderHealth(name, False, f"health check failed: {exc}", None))
            else:
                results.append(ProviderHealth(name, health.reachable, health.detail, health.latency_ms))
        return results
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # a hung provider must not hold the answer


def providers(ctx: NodeContext) -> list[ProviderInfo]:
    """The configured providers in the configured order, with capabilities and health now."""
    health = {h.name: h for h in check_health(ctx.adapters, ctx.settings.health_timeout_s)}
    return [ProviderInfo(name, adapter.config.adapter, adapter.dialect, adapter.config.base_url,
                         adapter.capabilities(), health[name]) for name, adapter in ctx.adapters.items()]
