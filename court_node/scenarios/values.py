"""Reading one value out of a node: text, money, whole numbers, dates, instants, durations, each with its line.

Money is read from the text as written (quoted or not), so ``12.50`` is exactly 1250 fen and never a float.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NoReturn

from court_node.clock import parse_duration
from court_node.domain.money import fen_to_yuan
from court_node.scenarios.errors import ScenarioError
from court_node.scenarios.nodes import BOOL_TAG, Mapping, Node, Scalar, Sequence, kind_of

_MONEY = re.compile(r"^(0|[1-9][0-9]{0,13})(\.[0-9]{1,2})?$")
_INT = re.compile(r"^-?[0-9]+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Reader:
    """Where we are in the file, for messages: ``file.yaml`` and ``step 3 (freeze)``."""

    source: str
    prefix: str = ""

    def fail(self, line: int, message: str) -> NoReturn:
        raise ScenarioError(self.source, line, f"{self.prefix}: {message}" if self.prefix else message)

    def within(self, prefix: str) -> Reader:
        return Reader(self.source, prefix)


def scalar(r: Reader, node: Node, what: str) -> Scalar:
    if not isinstance(node, Scalar) or node.is_null:
        r.fail(node.line, f"{what} must be a single value, not {kind_of(node)}")
    return node


def mapping(r: Reader, node: Node, what: str) -> Mapping:
    if not isinstance(node, Mapping):
        r.fail(node.line, f"{what} must be a mapping (key: value lines), not {kind_of(node)}")
    return node


def sequence(r: Reader, node: Node, what: str) -> Sequence:
    if not isinstance(node, Sequence):
        r.fail(node.line, f"{what} must be a list (lines starting with '- '), not {kind_of(node)}")
    return node


def text(r: Reader, node: Node, what: str) -> str:
    value = scalar(r, node, what).text.strip()
    if not value:
        r.fail(node.line, f"{what} must not be empty")
    return value


def texts(r: Reader, node: Node, what: str) -> list[str]:
    if isinstance(node, Scalar) and not node.is_null:
        return [text(r, node, what)]
    return [text(r, item, f"each of {what}") for item in sequence(r, node, what).items]


def money_fen(r: Reader, node: Node, what: str, *, allow_zero: bool = True) -> int:
    raw = scalar(r, node, what).text.strip()
    match = _MONEY.match(raw)
    if match is None:
        r.fail(node.line, f"{what}: {raw!r} is not an amount in yuan with at most two decimals, "
                          f'e.g. "1234.56"')
    fen = int(match.group(1)) * 100 + int(((match.group(2) or ".")[1:]).ljust(2, "0"))
    if fen == 0 and not allow_zero:
        r.fail(node.line, f"{what} must be more than 0.00")
    return fen


def money(r: Reader, node: Node, what: str, *, allow_zero: bool = True) -> str:
    """The amount as the node writes it: ``"1234.50"``."""
    return fen_to_yuan(money_fen(r, node, what, allow_zero=allow_zero))


def integer(r: Reader, node: Node, what: str, low: int | None = None, high: int | None = None) -> int:
    raw = scalar(r, node, what).text.strip()
    if not _INT.match(raw) or (isinstance(node, Scalar) and node.quoted):
        r.fail(node.line, f"{what} must be a whole number, not {raw!r}")
    value = int(raw)
    if (low is not None and value < low) or (high is not None and value > high):
        span = f"{low} to {high}" if low is not None and high is not None else f"at least {low}"
        r.fail(node.line, f"{what} must be {span}, not {value}")
    return value


def boolean(r: Reader, node: Node, what: str) -> bool:
    leaf = scalar(r, node, what)
    if leaf.tag != BOOL_TAG or leaf.quoted:
        r.fail(node.line, f"{what} must be true or false, not {leaf.text!r}")
    return leaf.text.lower() in ("true", "yes", "on")


def day(r: Reader, node: Node, what: str) -> str:
    raw = scalar(r, node, what).text.strip()
    try:
        if not _DATE.match(raw):
            raise ValueError
        date.fromisoformat(raw)
    except ValueError:
        r.fail(node.line, f"{what} must be a date YYYY-MM-DD, not {raw!r}")
    return raw


def instant(r: Reader, node: Node, what: str) -> str:
    raw = scalar(r, node, what).text.strip()
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        r.fail(node.line, f"{what} must be an ISO 8601 instant such as 2026-03-02T09:00:00+08:00, not {raw!r}")
    if moment.tzinfo is None:
        r.fail(node.line, f"{what}: {raw!r} has no zone; add +08:00 or Z")
    if not 2000 <= moment.year <= 2199:
        r.fail(node.line, f"{what} must lie between 2000 and 2199")
    return moment.isoformat()


def duration(r: Reader, node: Node, what: str) -> timedelta:
    raw = scalar(r, node, what).text.strip()
    try:
        value = parse_duration(raw)
    except ValueError:
        r.fail(node.line, f"{what}: {raw!r} is not a duration such as 30d, 12h, 90m, 10s or 1y")
    if value <= timedelta(0):
        r.fail(node.line, f"{what} must be longer than zero")
    return value


def nullable(node: Node) -> bool:
    return isinstance(node, Scalar) and node.is_null


def check_keys(r: Reader, node: Mapping, allowed: list[str] | tuple[str, ...], what: str,
               required: tuple[str, ...] = ()) -> None:
    """Every key known, every required key present; the message lists what is allowed."""
    for key, _ in node.entries:
        if key.text not in allowed:
            r.fail(key.line, f"unknown key {key.text!r} in {what} (expected one of {', '.join(allowed)})")
    for name in required:
        if node.get(name) is None:
            r.fail(node.line, f"{what} needs {name!r}")


def leaf(r: Reader, node: Node, kind: str, what: str) -> Any:
    """An expected value of a field, normalised the way the services write it (money as ``"12.50"``)."""
    if kind.endswith("?"):
        if nullable(node):
            return None
        kind = kind[:-1]
    if kind == "money":
        return money(r, node, what)
    if kind == "int":
        return integer(r, node, what)
    if kind == "bool":
        return boolean(r, node, what)
    if kind == "date":
        return day(r, node, what)
    return text(r, node, what)
