"""Calls to several providers at once, each waited for until its own deadline, none holding up the answer."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K")
T = TypeVar("T")

#: beyond an adapter's own timeout (which fires first), how long a call may take before it is left behind
GRACE_S = 2.0
#: calls at once, unless the caller says otherwise (the node's ``provider_parallelism`` setting)
MAX_PARALLEL = 16
#: threads of the pool shared by every fan-out of the process; a fan-out that would not find enough of them
#: idle (calls left behind still hold theirs) gets a pool of its own, so that none waits behind another's calls
SHARED_THREADS = 128


@dataclass(frozen=True)
class Finished(Generic[T]):
    value: T | None = None
    error: BaseException | None = None
    timed_out: bool = False


class _SharedPool:
    """One long-lived pool for the fan-outs (threads are costly to start per call), counting its unfinished calls."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pool: ThreadPoolExecutor | None = None
        self.busy = 0

    def room_for(self, width: int) -> ThreadPoolExecutor | None:
        """The shared pool, when ``width`` more calls find idle threads in it; None when they would wait."""
        with self.lock:
            if self.busy + width > SHARED_THREADS:
                return None
            if self.pool is None:
                self.pool = ThreadPoolExecutor(max_workers=SHARED_THREADS, thread_name_prefix="provider-call")
            return self.pool

    def submit(self, call: Callable[[], T], done: Callable[[], None]) -> Future[T]:
        assert self.pool is not None
        with self.lock:
            self.busy += 1
        future = self.pool.submit(call)
        future.add_done_callback(lambda _: self._ended(done))
        return future

    def _ended(self, done: Callable[[], None]) -> None:
        with self.lock:
            self.busy -= 1
        done()

    def forget(self) -> None:
        """In a forked child the parent's threads do not exist: start afresh."""
        self.lock = threading.Lock()
        self.pool = None
        self.busy = 0


_SHARED = _SharedPool()
os.register_at_fork(after_in_child=_SHARED.forget)


def run_all(calls: Mapping[K, Callable[[], T]], deadlines_s: Mapping[K, float],
            name: str = "provider-call", max_workers: int = MAX_PARALLEL) -> dict[K, Finished[T]]:
    """Run the calls, ``max_workers`` at once; a call still running at its deadline is reported ``timed_out``.

    A call left behind keeps running and records its own outcome when it ends; nobody waits for it. A call not
    started by its deadline is never started.
    """
    if not calls:
        return {}
    started = time.monotonic()
    width = max(1, min(len(calls), max_workers))
    shared = _SHARED.room_for(width)
    own = None if shared is not None else ThreadPoolExecutor(max_workers=width, thread_name_prefix=name)
    slots = threading.BoundedSemaphore(width)  # this fan-out's calls at once, in the shared pool as in its own
    futures: dict[K, Future[T]] = {}
    results: dict[K, Finished[T]] = {}
    try:
        for key, call in calls.items():
            remaining = max(0.0, started + deadlines_s[key] - time.monotonic())
            if not slots.acquire(timeout=remaining):
                results[key] = Finished(timed_out=True)  # never started, and never will be
                continue
            if own is None:
                futures[key] = _SHARED.submit(call, slots.release)
            else:
                futures[key] = own.submit(call)
                futures[key].add_done_callback(lambda _: slots.release())
        for key, future in futures.items():
            remaining = max(0.0, started + deadlines_s[key] - time.monotonic())
            try:
                results[key] = Finished(future.result(timeout=remaining))
            except TimeoutError:
                future.cancel()  # not started yet: it never will be
                results[key] = Finished(timed_out=True)
            except Exception as exc:  # a failed call is a finding for the caller, not a crash
                results[key] = Finished(error=exc)
        return {key: results[key] for key in calls}
    finally:
        if own is not None:
            own.shutdown(wait=False, cancel_futures=True)
