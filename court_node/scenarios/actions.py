"""What each step does: calls to the court node as a court user, or to a provider's control API.

A step that talks to the asynchronous bank waits (bounded) until the bank's answer is in. With the default
processing delay of ``0s`` the bank answers at the very instant it was asked, so stopped clocks do not hold
anything up; with ``stack: bank_delay: 2h`` the step moves every clock forward by that delay once, as a real
bank would take that long, and then reads the answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from court_node.client import CourtClient, DeductionJson, FreezeJson, Party, PlanItem
from court_node.scenarios import found
from court_node.scenarios.errors import StepFailed
from court_node.scenarios.generate import DEFAULT_CREDITOR
from court_node.scenarios.model import AccountRef, FreezeRef, Step
from court_node.scenarios.session import CaseInfo, Session, poll


@dataclass(frozen=True)
class Refusal:
    """An error answer: the court node's or a provider control API's."""

    status: int
    code: str
    message: str


class Refused(Exception):
    def __init__(self, refusal: Refusal) -> None:
        super().__init__(f"{refusal.status} {refusal.code}: {refusal.message}")
        self.refusal = refusal


@dataclass
class Outcome:
    detail: str = ""
    own: dict[str, Any] = field(default_factory=dict)  # the step's own results: plan, deductions, results


Action = Callable[[Session, Step], Outcome]


def _bank_nudge(s: Session) -> Callable[[], None] | None:
    text = s.scenario.stack.bank_delay_text
    if s.scenario.stack.bank_delay is None or "bank" not in s.scenario.stack.providers:
        return None
    return lambda: s.advance(text)


def _doc(s: Session, case: str, given: str | None) -> str:
    return given or s.numbers.document_no(s.case(case).number)


def file_case(s: Session, step: Step) -> Outcome:
    a = step.args
    court = str(a["as"]).partition("@")[2]
    number = a["number"] or s.numbers.case_number(s.start.year, court)
    creditor = s.parties[a["creditor"]] if a["creditor"] else Party(*DEFAULT_CREDITOR)
    judgment = a["judgment_date"] or str(s.start_day() - timedelta(days=30))
    case = s.client(a["as"]).file_case(number, creditor, s.parties[a["debtor"]], a["principal"], a["costs"],
                                       judgment_date=judgment, delay_interest=a["delay_interest"],
                                       interest_from=a["interest_from"], idempotency_key=s.numbers.key())
    s.cases[step.target] = CaseInfo(case["id"], case["case_number"], case["court"]["code"])
    return Outcome(f"case {case['id']} {case['case_number']}, amount due {case['amount_due']}")


def serve_notice(s: Session, step: Step) -> Outcome:
    a = step.args
    served = None if a["served_at"] is None else datetime.fromisoformat(a["served_at"])
    info = s.case(step.target)
    document = a["document_no"] or f"{info.number}执行通知书"
    case = s.client(a["as"], step.target).serve_notice(info.id, document, served, idempotency_key=s.numbers.key())
    return Outcome(f"notice {case['notice_document_no']}; deductions allowed from {case['deductions_allowed_from']}")


def inspect(s: Session, step: Step) -> Outcome:
    a = step.args
    client = s.client(a["as"], step.target)
    first = client.inspect(s.case(step.target).id, providers=a["providers"], transactions=a["transactions"],
                           document_no=a["document_no"], idempotency_key=s.numbers.key())
    inspection = first
    if a["wait"] and first["state"] == "pending":
        inspection = poll("the inspection", lambda: client.inspection(first["id"]),
                          lambda i: i["state"] != "pending", nudge=_bank_nudge(s))
    results = found.results(inspection)
    detail = ", ".join(f"{p} {r['state']}" + (f" ({_count(len(r['accounts']), 'account')})"
                                              if r["state"] == "completed" else f" ({r['error']})" if r["error"]
                                              else "")
                       for p, r in results.items())
    return Outcome(f"inspection {inspection['id']}: {detail}", {"results": results})


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def freeze(s: Session, step: Step) -> Outcome:
    a = step.args
    case = s.case(step.target)
    client = s.client(a["as"], step.target)
    items = None if a["items"] is None else [PlanItem(i["account"].provider, i["account"].account_no, i["amount"],
                                                      i["mode"]) for i in a["items"]]
    batch = client.freeze(case.id, _doc(s, step.target, a["document_no"]), mode=a["mode"], term_days=a["term_days"],
                          items=items, dry_run=a["dry_run"], idempotency_key=s.numbers.key())
    own: dict[str, Any] = {"plan": found.plan(batch)}
    if a["dry_run"]:
        return Outcome(f"plan: {batch['plan']['total']} over {_count(len(batch['plan']['items']), 'account')}", own)
    ids = {f["id"] for f in batch["freezes"]}
    placed: list[FreezeJson] = batch["freezes"]
    if a["wait"] and any(_answer_owed(f) for f in placed):
        listed = poll("the freezes", lambda: client.freezes(case.id),
                      lambda fs: not any(_answer_owed(f) for f in fs if f["id"] in ids), nudge=_bank_nudge(s))
        placed = [f for f in listed if f["id"] in ids]
    _name_freezes(s, step, placed)
    return Outcome("; ".join(_freeze_line(f) for f in placed), own)


def _answer_owed(f: FreezeJson) -> bool:
    """An asynchronous provider accepted a request about the freeze and owes its answer.

    A request whose outcome is unknown (no answer came) is not waited for: the reconciler settles it, and a
    ``wait`` step can say what must hold once it has.
    """
    return f["status"] == "pending" and any(r["state"] == "pending" for r in f["requests"])


def _freeze_line(f: FreezeJson) -> str:
    where = f"{f['provider']} {f['account_no']}"
    if f["status"] == "pending":
        return f"{where} pending (request {', '.join(r['state'] for r in f['requests'])})"
    if f["status"] == "waiting":
        return f"{where} waiting #{f['queue_position']}"
    if f["status"] == "failed":
        return f"{where} failed ({f['error']['code'] if f['error'] else ''})"
    return f"{where} {f['status']} held {f['held']}"


def _name_freezes(s: Session, step: Step, placed: list[FreezeJson]) -> None:
    wanted: dict[str, str] = dict(step.args["names"])
    for item in step.args["items"] or []:
        if item["name"] is not None:
            wanted[str(item["account"])] = item["name"]
    for spot, name in wanted.items():
        provider, _, account = spot.partition("/")
        matches = [f for f in placed if f["provider"] == provider and (not account or f["account_no"] == account)]
        if not matches:
            raise StepFailed(f"no freeze was placed at {spot} to call {name!r}",
                             [f"placed: {', '.join(_freeze_line(f) for f in placed) or 'nothing'}"])
        if len(matches) > 1:
            raise StepFailed(f"{len(matches)} freezes were placed at {provider}; name them {provider}/<account>")
        s.freezes[name] = (matches[0]["id"], step.target)


def _freeze_request_open(f: FreezeJson, operation: str) -> bool:
    return any(r["operation"] == operation and r["state"] == "pending" for r in f["requests"])


def _changed(s: Session, step: Step, operation: str,
             act: Callable[[CourtClient, int, str], FreezeJson]) -> Outcome:
    ref: FreezeRef = step.target
    freeze_id, case = s.freeze_id(ref)
    client = s.client(step.args["as"], case)
    view = act(client, freeze_id, _doc(s, case, step.args["document_no"]))
    if step.args["wait"] and _freeze_request_open(view, operation):
        view = poll(f"the {operation}", lambda: client.get_freeze(freeze_id),
                    lambda f: not _freeze_request_open(f, operation), nudge=_bank_nudge(s))
    return Outcome(f"freeze {freeze_id} {_freeze_line(view)}, end {view['end_date']}")


def renew(s: Session, step: Step) -> Outcome:
    a = step.args
    return _changed(s, step, "renew", lambda client, fid, doc: client.renew(
        fid, doc, end_date=a["end_date"], days=a["days"], idempotency_key=s.numbers.key()))


def release(s: Session, step: Step) -> Outcome:
    return _changed(s, step, "release", lambda client, fid, doc: client.release(
        fid, doc, idempotency_key=s.numbers.key()))


def deduct(s: Session, step: Step) -> Outcome:
    a = step.args
    case = s.case(step.target)
    client = s.client(a["as"], step.target)
    freeze_id = None if a["freeze"] is None else s.freeze_id(a["freeze"])[0]
    document = _doc(s, step.target, a["document_no"])
    notice = a["notice_no"] or f"{case.number}协助执行通知书"
    batch = client.deduct(case.id, document, notice, freeze_id=freeze_id, amount=a["amount"],
                          idempotency_key=s.numbers.key())
    made: list[DeductionJson] = batch["deductions"]
    ids = {d["id"] for d in made}
    if a["wait"] and any(d["status"] == "pending" for d in made):
        listed = poll("the deductions", lambda: client.deductions(case.id),
                      lambda ds: all(d["status"] != "pending" for d in ds if d["id"] in ids), nudge=_bank_nudge(s))
        made = [d for d in listed if d["id"] in ids]
    detail = "; ".join(f"{d['provider']} {d['amount']} {d['status']}" for d in made)
    return Outcome(detail, {"deductions": [found.deduction(d) for d in made]})


def record_payment(s: Session, step: Step) -> Outcome:
    a = step.args
    case = s.client(a["as"], step.target).record_payment(s.case(step.target).id, a["amount"],
                                                         _doc(s, step.target, a["document_no"]),
                                                         idempotency_key=s.numbers.key())
    return Outcome(f"amount due now {case['amount_due']}, case {case['status']}")


def restrict(s: Session, step: Step) -> Outcome:
    a = step.args
    client = s.client(a["as"], step.target)
    case_id = s.case(step.target).id
    answer = client.restrict(case_id, _doc(s, step.target, a["document_no"]), categories=a["categories"],
                             idempotency_key=s.numbers.key())
    if any(o["status"] == "pending" for o in answer["orders"]):
        answer = poll("the restriction orders", lambda: client.restrictions(case_id),
                      lambda r: all(o["status"] != "pending" for o in r["orders"]), nudge=_bank_nudge(s))
    return Outcome("orders: " + ", ".join(f"{o['provider']} {o['status']}" for o in answer["orders"]))


def _debtor(s: Session, account: AccountRef, kind: str, body: dict[str, Any]) -> Outcome:
    answer = s.admin(account.provider, "POST", f"/accounts/{quote(account.account_no, safe='')}/{kind}", body)
    if not answer.ok:
        raise Refused(Refusal(answer.status, answer.code, answer.message))
    view = answer.body["account"]
    return Outcome(f"{kind} {body['amount']} at {account}; balance {view['balance']}, available {view['available']}")


def pay(s: Session, step: Step) -> Outcome:
    a = step.args
    return _debtor(s, step.target, "pay", {"amount": a["amount"], "merchant": a["merchant"],
                                           "category": a["category"]})


def credit(s: Session, step: Step) -> Outcome:
    a = step.args
    return _debtor(s, step.target, "credit", {"amount": a["amount"], "counterparty": a["counterparty"],
                                              "memo": a["memo"]})


def _clock_detail(clocks: dict[str, Any]) -> Outcome:
    return Outcome(f"now {clocks['node']['now_beijing'][:19].replace('T', ' ')} Beijing")


def advance_clock(s: Session, step: Step) -> Outcome:
    s.clock_moved = True
    return _clock_detail(s.stack.advance(step.target))


def set_clock(s: Session, step: Step) -> Outcome:
    s.clock_moved = True
    return _clock_detail(s.stack.move_clock({"set": step.target}))


def fault(s: Session, step: Step) -> Outcome:
    body = dict(step.args["faults"])
    body.setdefault("seed", s.numbers.fault_seed())
    s.admin_ok(step.target, "PUT", "/faults", body)
    return Outcome(f"{step.target}: " + ", ".join(f"{k}={v}" for k, v in body.items()))


def clear_faults(s: Session, step: Step) -> Outcome:
    s.admin_ok(step.target, "DELETE", "/faults")
    return Outcome(f"{step.target}: no faults")


def settle(s: Session, step: Step) -> None:
    """Wait (bounded) until the answers owed now on every case's freezes are in.

    A step may set off requests of its own: a deduction that satisfies a case releases its other freezes, a
    payment releases what is no longer needed. Their answers are due at once unless the bank has a processing
    delay (then moving the clock is the scenario's business, so bank answers are not waited for here).
    """
    if step.action in ("wait", "check") or step.args.get("wait") is False:
        return
    delayed = ("bank",) if s.scenario.stack.bank_delay is not None else ()
    if not delayed or s.clock_moved:
        # The node's reconciliation, now and to its end: answers that fell due are read, and what they set off
        # (the releases of a case just satisfied) is sent, instead of leaving that to the background worker's
        # next round. With a bank delay, answers fall due only when the clock moves (each read of a bank freeze
        # then waits for the bank's status answer, so it is not done after every step).
        s.stack.admin("node", "POST", "/reconcile")
        s.clock_moved = False

    def owed(freezes: list[FreezeJson]) -> bool:
        return any(r["state"] == "pending" for f in freezes if f["provider"] not in delayed for r in f["requests"])

    for name, info in s.cases.items():
        client = s.client(None, name)
        poll(f"the answers owed on {name}", lambda case_id=info.id, c=client: c.freezes(case_id),
             lambda fs: not owed(fs))


def nothing(s: Session, step: Step) -> Outcome:
    return Outcome()


ACTIONS: dict[str, Action] = {
    "file_case": file_case, "serve_notice": serve_notice, "inspect": inspect, "freeze": freeze, "renew": renew,
    "release": release, "deduct": deduct, "record_payment": record_payment, "restrict": restrict, "pay": pay,
    "credit": credit, "advance_clock": advance_clock, "set_clock": set_clock, "fault": fault,
    "clear_faults": clear_faults, "wait": nothing, "check": nothing,
}
