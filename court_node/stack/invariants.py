"""PRODUCT.md's seven invariants checked across a running stack: every provider's books and the court node's.

Rules 1-5 are each provider's own check (``/_admin/invariants``); the node adds rule 7 (no case secures more
than it needs) and rule 5 as it records deductions. Rule 6 — the node's records agree with every provider's —
is checked here by comparing the node's freezes (``/_admin/freezes``) with each provider's freezes of the same
courts, after the node has reconciled. A disagreement that a second reconciliation settles was only an answer
still on its way (a lapse at the provider the node had not read yet); only one that survives it is reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: node freeze states that must have a counterpart at the provider in the same state
_PLACED = ("active", "waiting", "expired", "released", "deducted")


@dataclass(frozen=True)
class Violation:
    where: str  # "bank" | "alipay" | "wechat" | "node"
    rule: int  # the invariant's number in PRODUCT.md
    message: str

    def __str__(self) -> str:
        return f"{self.where}: invariant {self.rule}: {self.message}"


def check_stack(stack: Any, *, reconcile: bool = True) -> list[Violation]:
    """Every violation of PRODUCT.md's invariants across the stack; empty when all hold.

    ``stack`` is a ``court_node.stack.launcher.Stack`` (anything with ``options.providers`` and ``admin``).
    ``reconcile`` first lets the node settle open requests and read its live freezes (rule 6 is about the
    records *after* reconciliation).
    """
    providers: tuple[str, ...] = tuple(stack.options.providers)
    if reconcile:
        stack.admin("node", "POST", "/reconcile")
    found = [*_provider_checks(stack, providers), *_node_checks(stack)]
    disagreements = _agreement(stack, providers)
    if disagreements and reconcile:
        stack.admin("node", "POST", "/reconcile")
        disagreements = _agreement(stack, providers)
    return [*found, *disagreements]


def _provider_checks(stack: Any, providers: Iterable[str]) -> list[Violation]:
    found = []
    for name in providers:
        answer = stack.admin(name, "GET", "/invariants")
        found += [Violation(name, int(v["invariant"]), str(v["message"])) for v in answer["violations"]]
    return found


def _node_checks(stack: Any) -> list[Violation]:
    answer = stack.admin("node", "GET", "/invariants")
    return [Violation("node", int(v["rule"]), str(v["message"])) for v in answer["violations"]]


def _agreement(stack: Any, providers: Iterable[str]) -> list[Violation]:
    node_freezes: list[dict[str, Any]] = stack.admin("node", "GET", "/freezes")["freezes"]
    courts = sorted({f["court_code"] for f in node_freezes})
    found = []
    for provider in providers:
        own = [f for f in node_freezes if f["provider"] == provider]
        theirs = [f for court in courts
                  for f in stack.admin(provider, "GET", f"/freezes?authority_code={court}&limit=10000")["freezes"]]
        found += compare(provider, own, theirs)
    return found


def compare(provider: str, node_freezes: Iterable[Mapping[str, Any]],
            provider_freezes: Iterable[Mapping[str, Any]]) -> list[Violation]:
    """Rule 6 for one provider: each settled node freeze matches the provider's, and the provider holds no
    freeze of the node's courts that the node does not know."""
    by_ref = {str(p["freeze_no"]): p for p in provider_freezes}
    by_request = {str(p["request_no"]): p for p in by_ref.values()}
    matched: set[str] = set()
    found = []
    for freeze in node_freezes:
        theirs = by_ref.get(str(freeze["provider_ref"])) or by_request.get(str(freeze["request_no"]))
        if theirs is not None:
            matched.add(str(theirs["freeze_no"]))
        if freeze["busy"]:
            continue  # its answer is still on its way
        label = f"freeze {freeze['id']} (request {freeze['request_no']}) on {freeze['account_no']}"
        if freeze["status"] in _PLACED:
            if theirs is None:
                found.append(Violation(provider, 6, f"the node records {label} as {freeze['status']}; "
                                                    f"{provider} has no such freeze"))
            elif theirs["status"] != freeze["status"]:
                found.append(Violation(provider, 6, f"{label}: the node says {freeze['status']}, "
                                                    f"{provider} says {theirs['status']}"))
            elif freeze["status"] == "active" and theirs["held"] != freeze["held"]:
                found.append(Violation(provider, 6, f"{label}: the node says it holds {freeze['held']}, "
                                                    f"{provider} says {theirs['held']}"))
        elif freeze["status"] == "failed" and theirs is not None and theirs["status"] in ("active", "waiting"):
            found.append(Violation(provider, 6, f"the node records {label} as failed; {provider} has it "
                                                f"{theirs['status']}"))
    for ref, theirs in by_ref.items():
        if ref not in matched and theirs["status"] in ("active", "waiting"):
            found.append(Violation(provider, 6, (
                f"{provider} has freeze {ref} (request {theirs['request_no']}) of {theirs['authority_code']} on "
                f"{theirs['account_no']} {theirs['status']}; the node does not know it")))
    return found
