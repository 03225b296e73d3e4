"""Money on the court node's API: decimal yuan strings at the edge, integer fen inside. Never a float."""

from __future__ import annotations

import re

_YUAN = re.compile(r"^(0|[1-9][0-9]{0,13})(\.[0-9]{1,2})?$")


class MoneyError(ValueError):
    """Not a decimal yuan string with at most two decimals."""


def yuan_to_fen(text: object, *, allow_zero: bool = False) -> int:
    """``"1234.56"`` -> 123456; floats, negatives, three decimals and non-strings are refused."""
    if not isinstance(text, str):
        raise MoneyError('money is a decimal string in yuan such as "1234.56", never a number')
    match = _YUAN.fullmatch(text)  # not match: its $ also accepts a trailing newline
    if match is None:
        raise MoneyError(f"{text!r} is not a decimal yuan amount with at most two decimals")
    fen = int(match.group(1)) * 100 + int(((match.group(2) or ".")[1:]).ljust(2, "0"))
    if fen == 0 and not allow_zero:
        raise MoneyError("the amount must be greater than zero")
    return fen


def fen_to_yuan(fen: int) -> str:
    """123456 -> ``"1234.56"``."""
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"
