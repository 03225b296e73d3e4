"""Calls to several providers at once, each waited for until its own deadline, none holding up the answer."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K")
T = TypeVar("T")

#: beyond an adapter's own timeout (which fires first), how long a call may take before it is left behind
GRACE_S = 2.0
#: calls at once, unless the caller says otherwise (the node's ``provider_parallelism`` setting)
MAX_PARALLEL = 16


@dataclass(frozen=True)
class Finished(Generic[T]):
    value: T | None = None
    error: BaseException | None = None
    timed_out: bool = False


def run_all(calls: Mapping[K, Callable[[], T]], deadlines_s: Mapping[K, float],
            name: str = "provider-call", max_workers: int = MAX_PARALLEL) -> dict[K, Finished[T]]:
    """Run the calls, ``max_workers`` at once; a call still running at its deadline is reported ``timed_out``.

    A call left behind keeps running and records its own outcome when it ends; the pool does not wait for it.
    """
    if not calls:
        return {}
    started = time.monotonic()
    pool = ThreadPoolExecutor(max_workers=max(1, min(len(calls), max_workers)), thread_name_prefix=name)
    try:
        futures = {key: pool.submit(call) for key, call in calls.items()}
        results: dict[K, Finished[T]] = {}
        for key, future in futures.items():
            remaining = max(0.0, started + deadlines_s[key] - time.monotonic())
            try:
                results[key] = Finished(future.result(timeout=remaining))
            except TimeoutError:
                results[key] = Finished(timed_out=True)
            except Exception as exc:  # a failed call is a finding for the caller, not a crash
                results[key] = Finished(error=exc)
        return results
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
