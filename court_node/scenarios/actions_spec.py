"""Every action a step may take, its arguments, and reading them: typed, checked, named.

Each reader gets the step's mapping and its action value and returns what the runner needs; nothing is
sent anywhere while reading, so a malformed file is refused before its stack starts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from court_node.domain.identity import IdentityError, check_id
from court_node.scenarios import values as v
from court_node.scenarios.model import FreezeRef, StackSpec
from court_node.scenarios.names import Names
from court_node.scenarios.nodes import Mapping, Node
from court_node.scenarios.users import DEFAULT_COURT, demo_user, known_users
from court_node.services.restrictions import CATEGORIES

#: everyday merchant categories a debtor may pay in (the providers' list); restriction orders never cover them
EVERYDAY = ("grocery", "utilities", "rent", "medical", "public_transport", "bullet_train_second_class", "food",
            "other")
FAULT_KINDS = ("error", "timeout", "drop")
MAX_WAIT = timedelta(minutes=5)
_RATE = re.compile(r"^(0(\.[0-9]+)?|1(\.0+)?)$")


@dataclass
class Parsed:
    target: Any
    args: dict[str, Any] = field(default_factory=dict)
    case: str | None = None
    freeze: FreezeRef | None = None


Reader = Callable[[v.Reader, Mapping, Node, Names, StackSpec], Parsed]

#: the arguments each action takes besides its own value (and the step's name, id and expect)
ARGS: dict[str, tuple[str, ...]] = {
    "file_case": ("as", "debtor", "creditor", "principal", "costs", "delay_interest", "judgment_date",
                  "interest_from", "number"),
    "serve_notice": ("as", "document_no", "served_at"),
    "inspect": ("as", "providers", "transactions", "document_no", "wait"),
    "freeze": ("as", "document_no", "mode", "term_days", "dry_run", "items", "names", "wait"),
    "renew": ("as", "document_no", "days", "end_date", "wait"),
    "release": ("as", "document_no", "wait"),
    "deduct": ("as", "document_no", "notice_no", "freeze", "amount", "wait"),
    "record_payment": ("as", "amount", "document_no"),
    "restrict": ("as", "document_no", "categories"),
    "pay": ("amount", "category", "merchant"),
    "credit": ("amount", "counterparty", "memo"),
    "advance_clock": (),
    "set_clock": (),
    "fault": ("latency_ms", "latency_jitter_ms", "error_rate", "error_kind", "timeout_s", "refuse_for_s", "paths",
              "seed"),
    "clear_faults": (),
    "wait": (),
    "check": (),
}
REQUIRED: dict[str, tuple[str, ...]] = {"file_case": ("debtor", "principal"), "record_payment": ("amount",),
                                        "pay": ("amount",), "credit": ("amount",)}


def _arg(step: Mapping, name: str) -> Node | None:
    return step.get(name)


def _must(step: Mapping, name: str) -> Node:
    """A required argument (its presence was checked with the step's keys)."""
    node = step.get(name)
    assert node is not None, name
    return node


def _user(r: v.Reader, step: Mapping, default_court: str | None) -> str | None:
    """The ``as`` user (``judge@京0101``); None means the judge of the case's court."""
    node = _arg(step, "as")
    if node is None:
        return None if default_court is not None else f"judge@{DEFAULT_COURT}"
    who = v.text(r, node, "as")
    if demo_user(who) is None:
        r.fail(node.line, f"unknown user {who!r}: write role@court, one of {', '.join(known_users())}")
    return who


def _optional(r: v.Reader, step: Mapping, name: str, read: Callable[[v.Reader, Node, str], Any]) -> Any:
    node = _arg(step, name)
    return None if node is None or v.nullable(node) else read(r, node, name)


def _wait(r: v.Reader, step: Mapping) -> bool:
    node = _arg(step, "wait")
    return True if node is None else v.boolean(r, node, "wait")


def file_case(r: v.Reader, step: Mapping, target: Node, names: Names, stack: StackSpec) -> Parsed:
    case = names.new_name(r, target, "the case's name")
    who = _user(r, step, None)
    assert who is not None
    debtor = names.subject(r, _must(step, "debtor"), "debtor")
    creditor_node = _arg(step, "creditor")
    args: dict[str, Any] = {
        "as": who, "debtor": debtor.key,
        "creditor": None if creditor_node is None else names.subject(r, creditor_node, "creditor").key,
        "principal": v.money(r, _must(step, "principal"), "principal", allow_zero=False),
        "costs": _optional(r, step, "costs", v.money) or "0.00",
        "delay_interest": bool(_optional(r, step, "delay_interest", v.boolean)),
        "judgment_date": _optional(r, step, "judgment_date", v.day),
        "interest_from": _optional(r, step, "interest_from", v.day),
        "number": _optional(r, step, "number", v.text),
    }
    names.cases[case] = who.partition("@")[2]
    return Parsed(case, args, case=case)


def _case_step(r: v.Reader, step: Mapping, target: Node, names: Names) -> tuple[str, dict[str, Any]]:
    case = names.case(r, target)
    return case, {"as": _user(r, step, names.cases[case]), "document_no": _optional(r, step, "document_no", v.text)}


def serve_notice(r: v.Reader, step: Mapping, target: Node, names: Names, stack: StackSpec) -> Parsed:
    case, args = _case_step(r, step, target, names)
    args["served_at"] = _optional(r, step, "served_at", v.instant)
    return Parsed(case, args, case=case)


def inspect(r: v.Reader, step: Mapping, target: Node, names: Names, stack: StackSpec) -> Parsed:
    case, args = _case_step(r, step, target, names)
    node = _arg(step, "providers")
    args["providers"] = None if node is None else [names.provider(r, p, "providers")
                                                   for p in v.sequence(r, node, "providers").items]
    period = _arg(step, "transactions")
    if period is not None:
        span = v.mapping(r, period, "transactions")
        v.check_keys(r, span, ("from", "to"), "transactions", required=("from", "to"))
        args["transactions"] = (v.day(r, _must(span, "from"), "transactions.from"),
                                v.day(r, _must(span, "to"), "transactions.to"))
    else:
        args["transactions"] = None
    args["wait"] = _wait(r, step)
    return Parsed(case, args, case=case)


def _mode(r: v.Reader, node: Node | None, what: str) -> str:
    if node is None:
        return "amount"
    mode = v.text(r, node, what)
    if mode not in ("amount", "account"):
        r.fail(node.line, f"{what} must be amount or account, not {mode!r}")
    return mode


def freeze(r: v.Reader, step: Mapping, target: Node, names: Names, stack: StackSpec) -> Parsed:
    case, args = _case_step(r, step, target, names)
    args["mode"] = _mode(r, _arg(step, "mode"), "mode")
    args["term_days"] = _optional(r, step, "term_days", lambda rr, n, w: v.integer(rr, n, w, low=1))
    args["dry_run"] = bool(_optional(r, step, "dry_run", v.boolean))
    args["wait"] = _wait(r, step)
    args["items"] = _items(r, step, names, case)
    args["names"] = _names(r, step, names, case)
    return Parsed(case, args, case=case)


def _items(r: v.Reader, step: Mapping, names: Names, case: str) -> list[dict[str, Any]] | None:
    node = _arg(step, "items")
    if node is None:
        return None
    items = []
    for i, item_node in enumerate(v.sequence(r, node, "items").items):
        what = f"items[{i}]"
        item = v.mapping(r, item_node, what)
        v.check_keys(r, item, ("account", "amount", "mode", "name"), what, required=("account", "amount"))
        account = names.account(r, _must(item, "account"), f"{what}.account")
        name_node = item.get("name")
        name = None if name_node is None else names.new_name(r, name_node, f"{what}.name")
        items.append({"account": account, "amount": v.money(r, _must(item, "amount"), f"{what}.amount",
                                                             allow_zero=False),
                      "mode": _mode(r, item.get("mode"), f"{what}.mode"), "name": name})
        if name is not None:
            names.freezes[name] = case
    if not items:
        r.fail(node.line, "items must list at least one freeze")
    return items


def _names(r: v.Reader, step: Mapping, names: Names, case: str) -> dict[str, str]:
    """``names: {bank: first}`` names the freeze placed on a provider (or ``bank/<account>``, or an account)."""
    node = _arg(step, "names")
    if node is None:
        return {}
    chosen: dict[str, str] = {}
    for key, value in v.mapping(r, node, "names").entries:
        where = key.text
        spot = where if where in names.providers else str(names.account(r, key, "names key"))
        chosen[spot] = names.new_name(r, value, f"names.{where}")
        names.freezes[chosen[spot]] = case
    return chosen


def _freeze_step(r: v.Reader, step: Mapping, target: Node, names: Names) -> Parsed:
    ref = names.freeze(r, target)
    case = names.case_of_freeze(ref)
    return Parsed(ref, {"as": _user(r, step, names.cases[case]),
                        "document_no": _optional(r, step, "document_no", v.text), "wait": _wait(r, step)},
                  case=case, freeze=ref)


def renew(r: v.Reader, step: Mapping, target: Node, names: Names, stack: StackSpec) -> Parsed:
    parsed = _freeze_step(r, step, target, names)
    parsed.args["days"] = _optional(r, step, "days", lambda rr, n, w: v.integer(rr, n, w, low=1))
    parsed.args["end_date"] = _optional(r, step, "end_date", v.day)
    if (parsed.args["days"] is None) == (parsed.args["end_date"] is None):
        r.fail(step.line, "renew needs exactly one of days and end_date")
    return parsed


def release(r: v.Reader, step: Mapping, target: Node, names: Names, stack: StackSpec) -> Parsed:
    return _freeze_step(r, step, target, names)


def deduct(r: v.Reader, step: Mapping, target: Node, names: Names, stack: StackSpec) -> Parsed:
    case, args = _case_step(r, step, target, names)
    args["notice_no"] = _optional(r, step, "notice_no", v.text)
    args["amount"] = _optional(r, step, "amount", lambda rr, n, w: v.money(rr, n, w, allow_zero=False))
    node = _arg(step, "freeze")
    args["freeze"] = None if node is None else names.freeze(r, node)
    if args["freeze"] is not None and names.case_of_freeze(args["freeze"]) != case:
        r.fail(node.line if node is not None else step.line, f"freeze {args['freeze']} is not a freeze of {case}")
    args["wait"] = _wait(r, step)
    return Parsed(case, args, case=case)


def record_payment(r: v.Reader, step: Mapping, target: Node, names: Names, stack: StackSpec) -> Parsed:
    case, args = _case_step(r, step, target, names)
    args["amount"] = v.money(r, _must(step, "amount"), "amount", allow_zero=False)
    return Parsed(case, args, case=case)


def restrict(r: v.Reader, step: Mapping, target: Node, names: Names, stack: StackSpec) -> Parsed:
    case, args = _case_step(r, step, target, names)
    node = _arg(step, "categories")
    args["categories"] = None if node is None else _categories(r, node, CATEGORIES, "categories")
    return Parsed(case, args, case=case)


def _categories(r: v.Reader, node: Node, allowed: tuple[str, ...], what: str) -> list[str]:
    chosen = v.texts(r, node, what)
    for name in chosen:
        if name not in allowed:
            r.fail(node.line, f"{what}: unknown category {name!r} (one of {', '.join(allowed)})")
    return chosen


def pay(r: v.Reader, step: Mapping, target: Node, names: Names, stack: StackSpec) -> Parsed:
    account = names.account(r, target)
    category = _optional(r, step, "category", lambda rr, n, w: _categories(rr, n, (*EVERYDAY, *CATEGORIES), w)[0])
    return Parsed(account, {"amount": v.money(r, _must(step, "amount"), "amount", allow_zero=False),
                            "category": category or "grocery",
                            "merchant": _optional(r, step, "merchant", v.text) or "某商户"})


def credit(r: v.Reader, step: Mapping, target: Node, names: Names, stack: StackSpec) -> Parsed:
    account = names.account(r, target)
    return Parsed(account, {"amount": v.money(r, _must(step, "amount"), "amount", allow_zero=False),
                            "counterparty": _optional(r, step, "counterparty", v.text) or "某公司",
                            "memo": _optional(r, step, "memo", v.text) or "工资"})


def advance_clock(r: v.Reader, step: Mapping, target: Node, names: Names, stack: StackSpec) -> Parsed:
    v.duration(r, target, "advance_clock")
    return Parsed(v.text(r, target, "advance_clock"))


def set_clock(r: v.Reader, step: Mapping, target: Node, names: Names, stack: StackSpec) -> Parsed:
    return Parsed(v.instant(r, target, "set_clock"))


def fault(r: v.Reader, step: Mapping, target: Node, names: Names, stack: StackSpec) -> Parsed:
    provider = names.provider(r, target, "fault")
    body: dict[str, Any] = {}
    for name in ("latency_ms", "latency_jitter_ms", "timeout_s", "refuse_for_s", "seed"):
        value = _optional(r, step, name, lambda rr, n, w: v.integer(rr, n, w, low=0))
        if value is not None:
            body[name] = value
    rate = _arg(step, "error_rate")
    if rate is not None:
        text = v.text(r, rate, "error_rate")
        if not _RATE.match(text):
            r.fail(rate.line, f"error_rate must be a number from 0 to 1, not {text!r}")
        body["error_rate"] = float(text)  # a probability, not money
    kind = _arg(step, "error_kind")
    if kind is not None:
        body["error_kind"] = v.text(r, kind, "error_kind")
        if body["error_kind"] not in FAULT_KINDS:
            r.fail(kind.line, f"error_kind must be one of {', '.join(FAULT_KINDS)}")
    paths = _arg(step, "paths")
    if paths is not None:
        body["paths"] = v.texts(r, paths, "paths")
    if not body.keys() - {"seed"}:
        r.fail(step.line, "fault needs at least one of latency_ms, error_rate, refuse_for_s (clear_faults clears)")
    return Parsed(provider, {"faults": body})


def clear_faults(r: v.Reader, step: Mapping, target: Node, names: Names, stack: StackSpec) -> Parsed:
    return Parsed(names.provider(r, target, "clear_faults"))


def wait(r: v.Reader, step: Mapping, target: Node, names: Names, stack: StackSpec) -> Parsed:
    """``wait: 10s``: real seconds to keep asking (default 20s), at most five minutes."""
    if v.nullable(target):
        return Parsed(None)
    limit = v.duration(r, target, "wait")
    if limit > MAX_WAIT:
        r.fail(target.line, "wait may last at most 5m (real time)")
    return Parsed(limit)


def check(r: v.Reader, step: Mapping, target: Node, names: Names, stack: StackSpec) -> Parsed:
    return Parsed(None if v.nullable(target) else v.text(r, target, "check"))


READERS: dict[str, Reader] = {
    "file_case": file_case, "serve_notice": serve_notice, "inspect": inspect, "freeze": freeze, "renew": renew,
    "release": release, "deduct": deduct, "record_payment": record_payment, "restrict": restrict, "pay": pay,
    "credit": credit, "advance_clock": advance_clock, "set_clock": set_clock, "fault": fault,
    "clear_faults": clear_faults, "wait": wait, "check": check,
}


def check_subject_id(r: v.Reader, node: Node, id_type: str) -> str:
    number = v.text(r, node, "id_number")
    try:
        return check_id(id_type, number)
    except IdentityError as exc:
        r.fail(node.line, f"id_number: {exc}")
