"""A load generator: N client threads, each with its own connection pool, for a duration or a count of calls."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from court_node.bench.stats import percentile, us_to_ms

#: one call of a client: given the call's number (0, 1, 2... across all clients), raises when it failed
Call = Callable[[int], None]
#: builds client ``i``'s call (its own session or CourtClient: a session is not shared between threads)
ClientFactory = Callable[[int], Call]


@dataclass(frozen=True)
class LoadResult:
    """What a load run measured: each successful call's latency (µs), failures, and the wall time."""

    clients: int
    latencies_us: list[int]
    errors: int
    seconds: float
    first_error: str = ""

    @property
    def count(self) -> int:
        return len(self.latencies_us)

    @property
    def rate(self) -> float:
        """Successful calls per second over the whole run."""
        return round(self.count / self.seconds, 1) if self.seconds > 0 else 0.0

    def latency_ms(self, p: float) -> float:
        return us_to_ms(percentile(self.latencies_us, p)) if self.latencies_us else 0.0


@dataclass
class _Shared:
    count: int | None
    deadline: float = 0.0
    issued: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_call(self) -> int | None:
        """The next call's number, or None when the run is over."""
        with self.lock:
            if self.count is not None and self.issued >= self.count:
                return None
            if self.count is None and time.monotonic() >= self.deadline:
                return None
            self.issued += 1
            return self.issued - 1


def run_load(factory: ClientFactory, clients: int, *, duration_s: float | None = None,
             count: int | None = None) -> LoadResult:
    """Run ``clients`` threads calling as fast as answers come, until ``duration_s`` passed or ``count`` calls
    were made (exactly one of them); every client is built before the clock starts."""
    if (duration_s is None) == (count is None):
        raise ValueError("give exactly one of duration_s and count")
    if clients < 1:
        raise ValueError("at least one client")
    calls = [factory(i) for i in range(clients)]
    shared = _Shared(count=count)
    latencies: list[list[int]] = [[] for _ in range(clients)]
    errors: list[str] = []
    start_line = threading.Barrier(clients + 1)

    def client(i: int) -> None:
        start_line.wait()
        while (n := shared.next_call()) is not None:
            began = time.perf_counter_ns()
            try:
                calls[i](n)
            except Exception as exc:  # a failed call is a figure (errors), not the end of the run
                with shared.lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
                continue
            latencies[i].append((time.perf_counter_ns() - began) // 1000)

    threads = [threading.Thread(target=client, args=(i,), name=f"bench-client-{i}", daemon=True)
               for i in range(clients)]
    for thread in threads:
        thread.start()
    shared.deadline = time.monotonic() + (duration_s or 0.0)
    began = time.monotonic()
    start_line.wait()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - began
    return LoadResult(clients=clients, latencies_us=[x for own in latencies for x in own], errors=len(errors),
                      seconds=seconds, first_error=errors[0][:300] if errors else "")
