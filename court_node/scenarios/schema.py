"""What an expectation may say about each kind of thing, and reading it into an expected tree.

Field names follow the court node's API (``held``, ``queue_position``, ``end_date``...) and the providers'
control API (``balance``, ``available``); money is compared as the yuan string the services write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from court_node.scenarios import values as v
from court_node.scenarios.model import ExpLeaf, ExpList, ExpMap, ExpNode
from court_node.scenarios.nodes import Node, Scalar


@dataclass(frozen=True)
class Fields:
    """A mapping of known fields, each a leaf kind (``"money"``, ``"int?"``...) or a nested schema."""

    fields: dict[str, Schema]
    shorthand: str | None = None  # a single value instead of the mapping means this field


@dataclass(frozen=True)
class Keyed:
    """A mapping keyed by names the tester chooses (providers, account numbers), every value one schema."""

    key: str  # "provider" or "text"
    value: Schema
    exact: bool = False


@dataclass(frozen=True)
class ListOf:
    item: Schema


Schema = str | Fields | Keyed | ListOf

NODE_FREEZE = Fields({
    "status": "text", "held": "money", "unmet": "money", "amount": "money?", "deducted": "money",
    "queue_position": "int?", "start_date": "date?", "end_date": "date?", "mode": "text", "provider": "text",
    "account": "text", "court": "text", "error": "text?"}, shorthand="status")
DEDUCTION = Fields({"provider": "text", "amount": "money", "status": "text", "error": "text?"}, shorthand="status")
CASE = Fields({
    "status": "text", "case_number": "text", "court": "text", "amount_due": "money", "frozen": "money",
    "collected": "money", "principal": "money", "costs": "money", "deductions_allowed_from": "date?",
    "listed": "bool", "orders": Keyed("provider", "text"), "freezes": ListOf(NODE_FREEZE),
    "deductions": ListOf(DEDUCTION)}, shorthand="status")
ACCOUNT = Fields({"balance": "money", "available": "money", "held": "money", "whole_account_frozen": "bool"})
PROVIDER_FREEZE = Fields({
    "court": "text", "status": "text", "held": "money", "amount": "money?", "unmet": "money", "deducted": "money",
    "queue_position": "int?", "mode": "text"}, shorthand="status")
PLAN_ITEM = Fields({"provider": "text", "account": "text", "amount": "money", "mode": "text",
                    "expected_hold": "money"})
PLAN = Fields({"target": "money", "total": "money", "allowance_left": "money", "shortfall": "money",
               "due": "money", "secured": "money", "items": ListOf(PLAN_ITEM)})
FOUND_ACCOUNT = Fields({"balance": "money", "available": "money", "whole_account_frozen": "bool",
                        "measures": "int"})
RESULT = Fields({"state": "text", "error": "text?", "accounts": Keyed("text", FOUND_ACCOUNT, exact=True)},
                shorthand="state")
RESULTS = Keyed("provider", RESULT)
DEDUCTIONS = ListOf(DEDUCTION)
PROVIDER_FREEZES = ListOf(PROVIDER_FREEZE)


def build(r: v.Reader, node: Node, schema: Schema, path: str, check_provider: Callable[[Scalar], None]) -> ExpNode:
    """The expected tree for ``node``; an unknown field or a wrong value names its line and path."""
    if isinstance(schema, str):
        return ExpLeaf(node.line, v.leaf(r, node, schema, path))
    if isinstance(schema, ListOf):
        items = v.sequence(r, node, path).items
        return ExpList(node.line, tuple(build(r, item, schema.item, f"{path}[{i}]", check_provider)
                                        for i, item in enumerate(items)))
    if isinstance(schema, Keyed):
        entries = v.mapping(r, node, path).entries
        built = []
        for key, value in entries:
            if schema.key == "provider":
                check_provider(key)
            built.append((key.text, key.line, build(r, value, schema.value, f"{path}.{key.text}", check_provider)))
        return ExpMap(node.line, tuple(built), exact=schema.exact)
    if schema.shorthand is not None and isinstance(node, Scalar):
        inner = schema.fields[schema.shorthand]
        return ExpMap(node.line, ((schema.shorthand, node.line,
                                   build(r, node, inner, f"{path}.{schema.shorthand}", check_provider)),))
    fields = v.mapping(r, node, path)
    if not fields.entries:
        r.fail(node.line, f"{path} says nothing; name at least one of {', '.join(schema.fields)}")
    built = []
    for key, value in fields.entries:
        if key.text not in schema.fields:
            r.fail(key.line, f"unknown field {key.text!r} in {path} (expected one of {', '.join(schema.fields)})")
        built.append((key.text, key.line, build(r, value, schema.fields[key.text], f"{path}.{key.text}",
                                                 check_provider)))
    return ExpMap(fields.line, tuple(built))
