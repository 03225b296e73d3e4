"""Comparing what a step expects with what the services show: exactly, naming both sides of every difference."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from court_node.scenarios.model import ErrorExpect, ExpLeaf, ExpList, ExpMap, ExpNode


@dataclass(frozen=True)
class Difference:
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.path}: {self.message}"


def show(value: Any) -> str:
    """A value as a tester would write it: strings quoted, null as null."""
    return json.dumps(value, ensure_ascii=False)


def compare(expected: ExpNode, found: Any, path: str) -> list[Difference]:
    """Every difference between ``expected`` and ``found``; only the fields the tester named are compared."""
    if isinstance(expected, ExpLeaf):
        if type(found) is not type(expected.value) or found != expected.value:
            return [Difference(expected.line, path, f"expected {show(expected.value)}, found {show(found)}")]
        return []
    if isinstance(expected, ExpList):
        if not isinstance(found, list):
            return [Difference(expected.line, path, f"expected a list, found {show(found)}")]
        diffs = []
        if len(found) != len(expected.items):
            diffs.append(Difference(expected.line, path, f"expected {len(expected.items)} items, found {len(found)}: "
                                                         f"{show(found)}"))
        for i, (item, value) in enumerate(zip(expected.items, found, strict=False)):
            diffs.extend(compare(item, value, f"{path}[{i}]"))
        return diffs
    if not isinstance(found, dict):
        return [Difference(expected.line, path, f"expected a mapping, found {show(found)}")]
    diffs = []
    for key, line, value in expected.fields:
        if key not in found:
            diffs.append(Difference(line, f"{path}.{key}", "expected it, found nothing there"))
        else:
            diffs.extend(compare(value, found[key], f"{path}.{key}"))
    if expected.exact:
        named = {key for key, _, _ in expected.fields}
        extra = sorted(k for k in found if k not in named)
        if extra:
            diffs.append(Difference(expected.line, path, f"found {', '.join(extra)} as well, which the expectation "
                                                         f"does not list"))
    return diffs


def compare_error(expected: ErrorExpect | None, status: int | None, code: str | None, message: str) -> list[str]:
    """The step's error against the expected one (both None: no error expected and none came)."""
    if expected is None:
        return [] if status is None else [f"unexpected error: {status} {code}: {message}"]
    want = " ".join(str(p) for p in (expected.status, expected.code) if p is not None)
    if status is None:
        return [f"line {expected.line}: error: expected {want}, but the step succeeded"]
    if (expected.status is not None and expected.status != status) or (expected.code is not None
                                                                      and expected.code != code):
        return [f"line {expected.line}: error: expected {want}, found {status} {code}: {message}"]
    return []


def wanted(expected: ExpNode) -> set[str]:
    """The top-level fields an expectation names (to read only what it needs)."""
    return {key for key, _, _ in expected.fields} if isinstance(expected, ExpMap) else set()
