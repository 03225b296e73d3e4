"""Inspections (查询): every provider asked at once about the debtor; the bank's answer comes later."""

from __future__ import annotations

from typing import Any

from court_node.client import CourtClient, InspectionJson
from court_node.demo.cast import ACCOUNTS, BALANCES, DEBTOR, PROVIDERS
from court_node.demo.opening import JUDGE
from court_node.demo.step import Row, StepFailed, expect
from court_node.demo.world import DemoWorld
from court_node.domain.money import fen_to_yuan as yuan


def inspect(world: DemoWorld, client: CourtClient, case_id: int, judge: str) -> tuple[InspectionJson, list[Row]]:
    """Inspect every provider for ``case_id`` and wait for the bank's feedback; the inspection and its rows."""
    first = client.inspect(case_id)
    states = {r["provider"]: r["state"] for r in first["results"]}
    expect(states, {"bank": "pending", "alipay": "completed", "wechat": "completed"},
           "the providers' first answers")
    rows = [Row(judge, f"inspect {DEBTOR.name}'s accounts at every provider, in parallel",
                " · ".join(f"{p}: {states[p]}" for p in PROVIDERS))]
    done, seconds = world.wait_for("the bank's feedback to the inspection", lambda: client.inspection(first["id"]),
                                   lambda i: all(r["state"] != "pending" for r in i["results"]))
    for result in done["results"]:
        if result["state"] != "completed":
            raise StepFailed(f"{result['provider']} to answer the inspection", f"{result['state']}: {result['error']}")
        later = f" ({seconds:.1f} s later)" if result["provider"] == "bank" else ""
        for account in result["accounts"]:
            rows.append(Row(f"{result['provider']}{later}", f"answer for {DEBTOR.name}", _account(account)))
    return done, rows


def _account(account: dict[str, Any]) -> str:
    text = f"{account['account_no']}: balance {account['balance']}, available {account['available']}"
    for measure in account.get("measures") or []:
        text += (f"; prior measure: {measure['authority_code']} {measure['status']} holds {measure['held']}"
                 if measure["status"] == "active" else
                 f"; prior measure: {measure['authority_code']} {measure['status']}")
    return text


def found_by_provider(inspection: InspectionJson) -> dict[str, dict[str, Any]]:
    """The debtor's one account at each provider, as the inspection found it."""
    return {r["provider"]: r["accounts"][0] for r in inspection["results"] if r["accounts"]}


def inspect_everywhere(world: DemoWorld) -> list[Row]:
    done, rows = inspect(world, world.first, world.facts.first_case, JUDGE)
    found = found_by_provider(done)
    for provider in PROVIDERS:
        account = found.get(provider)
        if account is None:
            raise StepFailed(f"{provider} to find {DEBTOR.name}'s account {ACCOUNTS[provider]}", "no account")
        expect((account["account_no"], account["balance"]), (ACCOUNTS[provider], yuan(BALANCES[provider])),
               f"{provider}'s account and balance")
        world.tally[provider].found = BALANCES[provider]
    return rows
