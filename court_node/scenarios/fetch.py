"""Reading what an expectation names: a case or a freeze from the court node (as read from the providers
first), an account or its freezes from a provider's control API, or the step's own outcome."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from court_node.scenarios import found
from court_node.scenarios.actions import Outcome
from court_node.scenarios.errors import StepFailed
from court_node.scenarios.expectations import Difference, compare, wanted
from court_node.scenarios.model import AccountRef, Probe
from court_node.scenarios.session import Session


def read(s: Session, probe: Probe, outcome: Outcome | None) -> Any:
    if probe.kind == "case":
        return _case(s, probe.key, wanted(probe.expected))
    if probe.kind == "freeze":
        freeze_id, case = s.freeze_id(probe.key)
        return found.node_freeze(s.client(None, case).get_freeze(freeze_id, refresh=True))
    if probe.kind == "account":
        return found.account(s.admin_ok(probe.key.provider, "GET", f"/accounts/{_no(probe.key)}"))
    if probe.kind == "provider_freezes":
        listed = s.admin_ok(probe.key.provider, "GET", f"/freezes?account_no={_no(probe.key)}")["freezes"]
        return [found.provider_freeze(f) for f in sorted(listed, key=lambda f: f["id"])]
    if outcome is None or probe.kind not in outcome.own:
        raise StepFailed(f"{probe.label}: the step has no {probe.kind} to compare (did it fail?)")
    return outcome.own[probe.kind]


def differences(s: Session, probes: tuple[Probe, ...], outcome: Outcome | None) -> list[Difference]:
    diffs: list[Difference] = []
    for probe in probes:
        diffs.extend(compare(probe.expected, read(s, probe, outcome), probe.label))
    return diffs


def _no(account: AccountRef) -> str:
    return quote(account.account_no, safe="")


def _case(s: Session, name: str, fields: set[str]) -> dict[str, Any]:
    info = s.case(name)
    client = s.client(None, name)
    freezes = client.freezes(info.id, refresh=True)  # what the providers hold now, not when last read
    result = found.case(client.case(info.id))
    if "freezes" in fields:
        result["freezes"] = [found.node_freeze(f) for f in freezes]
    if "deductions" in fields:
        result["deductions"] = [found.deduction(d) for d in client.deductions(info.id)]
    if fields & {"listed", "orders"}:
        restrictions = client.restrictions(info.id)
        listing = restrictions["listing"]
        result["listed"] = listing.get("listed_at") is not None and listing.get("lifted_at") is None
        result["orders"] = {o["provider"]: o["status"] for o in restrictions["orders"]}
    return result
