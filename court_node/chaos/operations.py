"""Carrying out one scheduled operation: a judge's call through ``CourtClient``, or the debtor at a provider.

Each operation is identified in the records by its own document number (the court's) or payment reference (the
debtor's), so that the healing phase can tell whether an operation whose outcome was unknown took effect.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

from court_node.chaos.history import AdminRefused, NotSent
from court_node.chaos.schedule import Operation, Schedule
from court_node.client import CourtApiError, CourtClient
from court_node.domain.money import fen_to_yuan

#: the node may wait 10 s for a provider, for several freezes of one request in turn
CLIENT_TIMEOUT_S = 30.0
ADMIN_TIMEOUT_S = 10.0
_DOCUMENT_MARK = {"inspect": "查", "freeze": "冻", "renew": "续", "release": "解", "deduct": "扣"}


def judge_token(court: str) -> str:
    """The demo judge of ``court`` (``京0101`` -> ``demo-judge-0101``)."""
    return f"demo-judge-{court[1:]}"


def document_no(schedule: Schedule, op: Operation) -> str:
    """The document an operation carries: the court's ruling for it, or the debtor's payment reference."""
    if op.kind in ("pay", "credit"):
        return f"CHAOS-{schedule.seed}-{op.seq}"
    return f"{schedule.case(op.case).case_number}之{_DOCUMENT_MARK[op.kind]}{op.seq}"


@dataclass
class Target:
    """What the operation acted on, filled in as it runs (a renew or release picks its freeze at run time)."""

    value: str = ""


class Operator:
    """One worker's means to act: its own HTTP sessions (a session is not shared between threads)."""

    def __init__(self, stack: Any, schedule: Schedule, case_ids: dict[str, int]) -> None:
        self.stack = stack
        self.schedule = schedule
        self.case_ids = case_ids
        self.clients = {court: CourtClient(stack.url("node"), judge_token(court), timeout=CLIENT_TIMEOUT_S)
                        for court in schedule.courts}
        self.session = requests.Session()

    def court_of(self, op: Operation) -> str:
        return self.schedule.case(op.case).court if op.case else ""

    def run(self, op: Operation, target: Target) -> None:
        """Carry ``op`` out; raises what the call raised (classified by ``history.classify``)."""
        doc = document_no(self.schedule, op)
        if op.kind in ("pay", "credit"):
            target.value = f"{op.provider}:{op.account_no}"
            self._debtor(op, doc)
            return
        client = self.clients[self.court_of(op)]
        case_id = self.case_ids[op.case]
        target.value = f"case {case_id}"
        if op.kind == "inspect":
            client.inspect(case_id, document_no=doc)
        elif op.kind == "freeze":
            client.freeze(case_id, doc, term_days=op.term_days)
        elif op.kind == "deduct":
            number = self.schedule.case(op.case).case_number
            client.deduct(case_id, doc, f"{number}协助执行通知书{op.seq}",
                          amount=None if op.amount_fen is None else fen_to_yuan(op.amount_fen))
        elif op.kind in ("renew", "release"):
            freeze_id = self._pick_freeze(client, case_id, op)
            target.value = f"freeze {freeze_id}"
            if op.kind == "renew":
                client.renew(freeze_id, doc, days=op.days)
            else:
                client.release(freeze_id, doc)
        else:
            raise ValueError(f"unknown operation kind {op.kind!r}")

    def _pick_freeze(self, client: CourtClient, case_id: int, op: Operation) -> int:
        try:
            freezes = client.freezes(case_id)
        except CourtApiError as exc:
            raise NotSent("TARGET_UNREADABLE", f"the case's freezes could not be read: {exc}") from exc
        eligible = ("active",) if op.kind == "renew" else ("active", "waiting")
        ids = [int(f["id"]) for f in freezes if f["status"] in eligible]
        if not ids:
            raise NotSent("NO_ELIGIBLE_FREEZE", f"case {case_id} has no freeze in {', '.join(eligible)}")
        return ids[op.pick % len(ids)]

    def _debtor(self, op: Operation, reference: str) -> None:
        assert op.amount_fen is not None
        body: dict[str, Any] = {"amount": fen_to_yuan(op.amount_fen), "reference": reference}
        if op.kind == "pay":
            body.update(merchant="社区便利店", category="food")
        else:
            body.update(counterparty="某劳务公司", memo="工资")
        service = self.stack.services[op.provider]
        answer = self.session.post(f"{service.url}/_admin/accounts/{op.account_no}/{op.kind}", json=body,
                                   headers={"Authorization": f"Bearer {service.admin_token()}"},
                                   timeout=ADMIN_TIMEOUT_S)
        if answer.status_code >= 300:
            try:
                error = answer.json().get("error", {})
            except ValueError:
                error = {}
            raise AdminRefused(answer.status_code, str(error.get("code", answer.status_code)),
                               str(error.get("message", answer.text[:200])))
