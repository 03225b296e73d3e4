"""Fault windows: what goes wrong, where, when and for how long; and how each is switched on and off.

Network faults go through each provider's ``PUT /_admin/faults`` with a seed (reproducible per request
number); crashes are SIGKILLs of a process group followed by a restart on the same data; a clock jump moves
every service's simulated clock forward by a few days at once.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

LATENCY, ERROR, TIMEOUT, DROP, REFUSE = "latency", "error", "timeout", "drop", "refuse"
KILL_PROVIDER, KILL_NODE, CLOCK_JUMP = "kill_provider", "kill_node", "clock_jump"
NETWORK_FAULTS = (LATENCY, ERROR, TIMEOUT, DROP, REFUSE)
FAULT_KINDS = (*NETWORK_FAULTS, KILL_PROVIDER, KILL_NODE, CLOCK_JUMP)
#: longer than the node's 10 s provider timeout, so a held request is one the node gives up on
HELD_REQUEST_S = 11.0


@dataclass(frozen=True)
class FaultWindow:
    kind: str
    target: str  # a provider, "node", or "all" for a clock jump
    start_s: float
    length_s: float  # how long the fault lasts (a killed service stays down this long); 0 for a clock jump
    seed: int = 0
    settings: tuple[tuple[str, Any], ...] = ()  # the PUT /_admin/faults body less its seed; days for a jump

    @property
    def end_s(self) -> float:
        return self.start_s + self.length_s

    def body(self) -> dict[str, Any]:
        return {"seed": self.seed, **dict(self.settings)}

    def label(self) -> str:
        if self.kind == CLOCK_JUMP:
            return f"clock +{dict(self.settings)['days']}d"
        return f"{self.kind} {self.target}"


def plan_fault(rng: random.Random, kind: str, start_s: float, length_s: float,
               providers: tuple[str, ...]) -> FaultWindow:
    """One fault window of ``kind``, its target and settings drawn from ``rng``."""
    seed = rng.randrange(2**31)
    if kind == KILL_NODE:
        return FaultWindow(kind, "node", start_s, length_s, seed)
    if kind == CLOCK_JUMP:
        return FaultWindow(kind, "all", start_s, 0.0, seed, (("days", rng.randint(1, 4)),))
    target = rng.choice(providers)
    if kind == KILL_PROVIDER:
        return FaultWindow(kind, target, start_s, length_s, seed)
    settings: dict[str, Any]
    if kind == LATENCY:
        settings = {"latency_ms": rng.randint(100, 600), "latency_jitter_ms": rng.randint(0, 400)}
    elif kind == REFUSE:
        settings = {"refuse_for_s": length_s}
    else:
        settings = {"error_rate": round(rng.uniform(0.3, 0.7), 2), "error_kind": kind}
        if kind == TIMEOUT:
            settings["timeout_s"] = HELD_REQUEST_S
    return FaultWindow(kind, target, start_s, length_s, seed, tuple(sorted(settings.items())))


class FaultSwitch:
    """Switch fault windows on and off on a running stack (``court_node.stack.launcher.Stack``)."""

    def __init__(self, stack: Any) -> None:
        self.stack = stack

    def begin(self, window: FaultWindow) -> None:
        if window.kind in NETWORK_FAULTS:
            self.stack.admin(window.target, "PUT", "/faults", window.body())
        elif window.kind in (KILL_PROVIDER, KILL_NODE):
            self.stack.kill(window.target)
        elif window.kind == CLOCK_JUMP:
            self.stack.advance(f"{dict(window.settings)['days']}d")

    def end(self, window: FaultWindow) -> None:
        if window.kind in NETWORK_FAULTS:
            self.stack.admin(window.target, "DELETE", "/faults")
        elif window.kind in (KILL_PROVIDER, KILL_NODE):
            self.stack.restart(window.target)

    def heal(self, providers: tuple[str, ...]) -> list[str]:
        """Every fault off and every service running again; returns what had to be restarted."""
        restarted = []
        for name in (*providers, "node"):
            process = self.stack.services[name].process
            if process is None or process.poll() is not None:
                self.stack.restart(name)
                restarted.append(name)
        for name in providers:
            self.stack.admin(name, "DELETE", "/faults")
        return restarted
