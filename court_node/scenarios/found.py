"""The services' answers reshaped into the fields expectations name (see schema.py), values untouched."""

from __future__ import annotations

from typing import Any

from court_node.client import CaseJson, DeductionJson, FreezeBatchJson, FreezeJson, InspectionJson


def node_freeze(freeze: FreezeJson) -> dict[str, Any]:
    error = freeze.get("error")
    return {"status": freeze["status"], "held": freeze["held"], "unmet": freeze["unmet"], "amount": freeze["amount"],
            "deducted": freeze["deducted"], "queue_position": freeze["queue_position"],
            "start_date": freeze["start_date"], "end_date": freeze["end_date"], "mode": freeze["mode"],
            "provider": freeze["provider"], "account": freeze["account_no"], "court": freeze["court"],
            "error": error["code"] if error else None}


def deduction(item: DeductionJson) -> dict[str, Any]:
    error = item.get("error")
    return {"provider": item["provider"], "amount": item["amount"], "status": item["status"],
            "error": error["code"] if error else None}


def case(item: CaseJson) -> dict[str, Any]:
    return {"status": item["status"], "case_number": item["case_number"], "court": item["court"]["code"],
            "amount_due": item["amount_due"], "frozen": item["frozen"], "collected": item["collected"],
            "principal": item["principal"], "costs": item["costs"],
            "deductions_allowed_from": item["deductions_allowed_from"]}


def plan(batch: FreezeBatchJson) -> dict[str, Any]:
    body = batch["plan"]
    return {"target": body["target"], "total": body["total"], "allowance_left": body["allowance_left"],
            "shortfall": body["shortfall"], "due": batch["due"], "secured": batch["secured"],
            "items": [{"provider": i["provider"], "account": i["account_no"], "amount": i["amount"], "mode": i["mode"],
                       "expected_hold": i.get("expected_hold")} for i in body["items"]]}


def results(inspection: InspectionJson) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for result in inspection["results"]:
        error = result.get("error")
        found[result["provider"]] = {
            "state": result["state"], "error": error["code"] if error else None,
            "accounts": {a["account_no"]: {"balance": a.get("balance"), "available": a.get("available"),
                                           "whole_account_frozen": a.get("whole_account_frozen"),
                                           "measures": len(a.get("measures") or [])}
                         for a in result["accounts"]}}
    return found


def account(view: dict[str, Any]) -> dict[str, Any]:
    return {"balance": view["balance"], "available": view["available"], "held": view["held"],
            "whole_account_frozen": view["whole_account_frozen"]}


def provider_freeze(item: dict[str, Any]) -> dict[str, Any]:
    return {"court": item["authority_code"], "status": item["status"], "held": item["held"],
            "amount": item["amount_requested"], "unmet": item["unmet"], "deducted": item["deducted"],
            "queue_position": item["queue_position"], "mode": item["mode"]}
