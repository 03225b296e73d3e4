"""Reading a step's ``expect:``: an error, and what the node and the providers must show afterwards."""

from __future__ import annotations

from court_node.scenarios import schema
from court_node.scenarios import values as v
from court_node.scenarios.model import ErrorExpect, Expectation, FreezeRef, Probe
from court_node.scenarios.names import Names
from court_node.scenarios.nodes import Node, Scalar

COMMON = ("error", "cases", "freezes", "accounts", "provider_freezes")
#: what a step's own outcome may be checked for, by action
OWN = {"inspect": ("results",), "freeze": ("plan",), "deduct": ("deductions",)}
OWN_SCHEMA: dict[str, schema.Schema] = {"results": schema.RESULTS, "plan": schema.PLAN, "deductions": schema.DEDUCTIONS}


def allowed_keys(action: str, case: str | None, freeze: FreezeRef | None) -> tuple[str, ...]:
    keys = list(COMMON)
    if case is not None:
        keys.insert(1, "case")
    if freeze is not None:
        keys.insert(1, "freeze")
    return (*keys, *OWN.get(action, ()))


def read_expect(r: v.Reader, node: Node, action: str, names: Names, case: str | None,
                freeze: FreezeRef | None) -> Expectation:
    body = v.mapping(r, node, "expect")
    allowed = allowed_keys(action, case, freeze)
    for key, _ in body.entries:
        if key.text not in allowed:
            hint = ""
            if key.text == "case" and case is None:
                hint = "; this step has no case of its own: use cases: {<name>: ...}"
            elif key.text == "freeze" and freeze is None:
                hint = "; this step has no freeze of its own: use freezes: {<name>: ...}"
            r.fail(key.line, f"unknown key {key.text!r} in expect (expected one of {', '.join(allowed)}){hint}")
    check = names.check_provider(r)
    error: ErrorExpect | None = None
    probes: list[Probe] = []
    for key, value in body.entries:
        name = key.text
        if name == "error":
            error = _error(r, value)
        elif name == "case":
            probes.append(Probe("case", case, schema.build(r, value, schema.CASE, "case", check), "case"))
        elif name == "freeze":
            probes.append(Probe("freeze", freeze, schema.build(r, value, schema.NODE_FREEZE, "freeze", check),
                                "freeze"))
        elif name == "cases":
            for ckey, cvalue in v.mapping(r, value, "cases").entries:
                label = f"cases.{ckey.text}"
                probes.append(Probe("case", names.case(r, ckey), schema.build(r, cvalue, schema.CASE, label, check),
                                    label))
        elif name == "freezes":
            for fkey, fvalue in v.mapping(r, value, "freezes").entries:
                label = f"freezes.{fkey.text}"
                probes.append(Probe("freeze", names.freeze(r, fkey),
                                    schema.build(r, fvalue, schema.NODE_FREEZE, label, check), label))
        elif name in ("accounts", "provider_freezes"):
            kind = "account" if name == "accounts" else "provider_freezes"
            shape = schema.ACCOUNT if name == "accounts" else schema.PROVIDER_FREEZES
            for akey, avalue in v.mapping(r, value, name).entries:
                label = f"{name}.{akey.text}"
                probes.append(Probe(kind, names.account(r, akey, f"{name} key"),
                                    schema.build(r, avalue, shape, label, check), label))
        else:
            probes.append(Probe(name, None, schema.build(r, value, OWN_SCHEMA[name], name, check), name))
    return Expectation(body.line, error, tuple(probes))


def _error(r: v.Reader, node: Node) -> ErrorExpect:
    """``error: DEDUCTION_TOO_EARLY``, ``error: 404`` or ``error: {status: 422, code: ...}``."""
    if isinstance(node, Scalar) and not node.is_null:
        raw = node.text.strip()
        if raw.isdigit() and not node.quoted:
            return ErrorExpect(node.line, v.integer(r, node, "error", 400, 599), None)
        return ErrorExpect(node.line, None, v.text(r, node, "error"))
    body = v.mapping(r, node, "error")
    v.check_keys(r, body, ("status", "code"), "error")
    status_node, code_node = body.get("status"), body.get("code")
    if status_node is None and code_node is None:
        r.fail(body.line, "error needs status or code (or both)")
    return ErrorExpect(body.line, None if status_node is None else v.integer(r, status_node, "error.status", 400, 599),
                       None if code_node is None else v.text(r, code_node, "error.code"))
