"""The healing phase: faults off, every service up, the node reconciled until no request is open; then every
operation whose outcome was unknown is resolved from the records (the node's, or the provider's books)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests

from court_node.chaos.faults import FaultSwitch
from court_node.chaos.history import UNKNOWN, History
from court_node.chaos.operations import document_no, judge_token
from court_node.chaos.schedule import Operation, Schedule
from court_node.client import CourtApiError, CourtClient

TOOK_EFFECT, NO_EFFECT, UNRESOLVED = "took effect", "no effect", "unresolved"
_EVENT_OF = {"renew": "freeze.renewal_requested", "release": "freeze.release_requested"}


@dataclass(frozen=True)
class HealReport:
    restarted: list[str]
    rounds: int  # reconciliations run
    still_open: int  # requests still open after the last one (0 when healed)
    seconds: float

    def as_json(self) -> dict[str, Any]:
        return {"restarted": self.restarted, "reconcile_rounds": self.rounds, "still_open": self.still_open,
                "seconds": round(self.seconds, 1)}


def heal(stack: Any, providers: tuple[str, ...], *, timeout_s: float = 180.0) -> HealReport:
    """Faults off, killed services back, and the node's reconciliation until no request is open (bounded)."""
    started = time.monotonic()
    restarted = FaultSwitch(stack).heal(providers)
    rounds, still_open = 0, -1
    while time.monotonic() - started < timeout_s:
        rounds += 1
        try:
            answer = stack.admin("node", "POST", "/reconcile")
        except (RuntimeError, requests.RequestException):
            time.sleep(1.0)
            continue
        still_open = int(answer["checked"])  # open when this round began: 0 means nothing was left to settle
        if still_open == 0:
            break
        time.sleep(0.5)  # the bank answers on its worker's next round
    return HealReport(restarted, rounds, still_open, time.monotonic() - started)


class Resolver:
    """Decides, for each unknown operation, whether it took effect."""

    def __init__(self, stack: Any, schedule: Schedule, case_ids: dict[str, int]) -> None:
        self.stack = stack
        self.schedule = schedule
        self.case_ids = case_ids
        self.clients = {court: CourtClient(stack.url("node"), judge_token(court), timeout=30)
                        for court in schedule.courts}

    def resolve_all(self, history: History) -> None:
        ops = {op.seq: op for op in self.schedule.operations}
        for entry in history.entries():
            if entry.outcome != UNKNOWN:
                continue
            try:
                resolution, detail = self.resolve(ops[entry.seq])
            except (CourtApiError, RuntimeError, requests.RequestException) as exc:
                resolution, detail = UNRESOLVED, f"the records could not be read: {exc}"
            history.resolve(entry.seq, resolution, detail)

    def resolve(self, op: Operation) -> tuple[str, str]:
        doc = document_no(self.schedule, op)
        if op.kind in ("pay", "credit"):
            return self._movement(op, doc)
        client = self.clients[self.schedule.case(op.case).court]
        case_id = self.case_ids[op.case]
        probe: Callable[[CourtClient, int, str], tuple[str, str]] = {
            "inspect": _inspection, "freeze": _freezes, "deduct": _deductions,
        }.get(op.kind, lambda c, i, d: _event(c, i, d, _EVENT_OF[op.kind]))
        return probe(client, case_id, doc)

    def _movement(self, op: Operation, reference: str) -> tuple[str, str]:
        answer = self.stack.admin(op.provider, "GET", f"/accounts/{op.account_no}/movements")
        found = [m for m in answer["movements"] if m["reference"] == reference]
        if len(found) > 1:
            return UNRESOLVED, f"{len(found)} movements carry reference {reference}: applied more than once"
        if found:
            return TOOK_EFFECT, f"{op.kind} movement {found[0]['id']} of {found[0]['amount']} at {op.provider}"
        return NO_EFFECT, f"no movement with reference {reference} at {op.provider}"


def _inspection(client: CourtClient, case_id: int, doc: str) -> tuple[str, str]:
    found = [i for i in client.inspections(case_id) if i["document_no"] == doc]
    if not found:
        return NO_EFFECT, "no inspection under its document number"
    states = [r["state"] for i in found for r in i["results"]]
    if "pending" in states:
        return UNRESOLVED, f"inspection {found[0]['id']} still has a pending result"
    return TOOK_EFFECT, f"inspection {found[0]['id']}: results {', '.join(states)}"


def _freezes(client: CourtClient, case_id: int, doc: str) -> tuple[str, str]:
    found = [f for f in client.freezes(case_id, refresh=True) if f["document_no"] == doc]
    if not found:
        return NO_EFFECT, "no freeze under its document number"
    if any(f["status"] == "pending" for f in found):
        return UNRESOLVED, "a freeze under its document number is still pending"
    return TOOK_EFFECT, "; ".join(f"freeze {f['id']} {f['provider']} {f['status']}" for f in found)


def _deductions(client: CourtClient, case_id: int, doc: str) -> tuple[str, str]:
    found = [d for d in client.deductions(case_id) if d["document_no"] == doc]
    if not found:
        return NO_EFFECT, "no deduction under its document number"
    if any(d["status"] in ("pending", "unknown") for d in found):
        return UNRESOLVED, "a deduction under its document number is still open"
    done = [d for d in found if d["status"] == "completed"]
    if not done:
        return NO_EFFECT, "; ".join(f"deduction {d['id']} failed" for d in found)
    return TOOK_EFFECT, "; ".join(f"deduction {d['id']} {d['provider']} {d['amount']} {d['status']}" for d in found)


def _event(client: CourtClient, case_id: int, doc: str, action: str) -> tuple[str, str]:
    found = [e for e in client.events(case_id) if e["action"] == action and e["document_no"] == doc]
    if not found:
        return NO_EFFECT, f"no {action} under its document number"
    return TOOK_EFFECT, f"{action} at {found[0]['at']} (its provider request settled by reconciliation)"
