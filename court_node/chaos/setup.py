"""Before the chaos: a fresh stack, the schedule's debtors seeded at their providers, the cases filed and their
enforcement notices served (the node runs with ``grace_days`` 0, so deductions are allowed at once)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from court_node.chaos.operations import judge_token
from court_node.chaos.schedule import Schedule
from court_node.client import CourtClient, Party
from court_node.demo.fresh_stack import demo_ports
from court_node.domain.money import fen_to_yuan
from court_node.stack.launcher import PROVIDERS, Stack, StackOptions, parse_iso

CREDITOR = Party("某网络借贷信息中介公司", "uscc", "91110000600037341L")
NODE_SETTINGS = {"grace_days": 0, "living_allowance": "0.00", "background": True, "worker_interval_s": 0.5}


def chaos_stack(data_dir: Path) -> Stack:
    """The stack (not started) on free loopback ports: no sample data, the demo's courts and judges."""
    return Stack(StackOptions(data_dir=data_dir, ports=demo_ports(), providers=PROVIDERS, sample_data=False,
                              demo=True, node_settings=NODE_SETTINGS))


def seed_debtors(stack: Any, schedule: Schedule) -> dict[str, int]:
    """Every debtor's accounts at their providers; returns what each provider was seeded with (fen)."""
    for provider in stack.options.providers:
        subjects = [{"name": d.name, "id_type": "resident_id", "id_number": d.id_number,
                     "accounts": [{"account_no": a.account_no, "balance": fen_to_yuan(a.balance_fen)}
                                  for a in d.accounts if a.provider == provider]}
                    for d in schedule.debtors if any(a.provider == provider for a in d.accounts)]
        if subjects:
            stack.admin(provider, "POST", "/seed", {"subjects": subjects})
    return {p: int(stack.admin(p, "GET", "/totals")["seeded_fen"]) for p in stack.options.providers}


def file_cases(stack: Any, schedule: Schedule) -> dict[str, int]:
    """Every case filed by its court's judge, its notice served; returns the node's case id for each key."""
    today = parse_iso(stack.admin("node", "GET", "/clock")["now_beijing"]).date()
    judgment = date.isoformat(today - timedelta(days=30))
    ids = {}
    for spec in schedule.cases:
        client = CourtClient(stack.url("node"), judge_token(spec.court), timeout=30)
        debtor = schedule.debtors[spec.debtor]
        case = client.file_case(spec.case_number, CREDITOR, Party(debtor.name, "resident_id", debtor.id_number),
                                fen_to_yuan(spec.principal_fen), "0.00", judgment_date=judgment,
                                idempotency_key=f"chaos-file-{schedule.seed}-{spec.key}")
        client.serve_notice(case["id"], f"{spec.case_number}执行通知书",
                            idempotency_key=f"chaos-notice-{schedule.seed}-{spec.key}")
        ids[spec.key] = case["id"]
    return ids
