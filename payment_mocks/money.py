"""Money at the edges: decimal yuan strings <-> integer fen. Never a float."""

from __future__ import annotations

import re

_YUAN = re.compile(r"^(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$")

#: The largest amount any dialect accepts in one request (Alipay's ceiling, 100 000 000.00 yuan).
MAX_FEN = 100_000_000_00


class MoneyFormatError(ValueError):
    """A money value that is not a plain decimal yuan string with at most two decimals."""


def parse_yuan(text: object, *, allow_zero: bool = False, max_fen: int = MAX_FEN) -> int:
    """Parse ``"1234.56"`` into 123456 fen; refuse floats, negatives, three decimals, excess."""
    if not isinstance(text, str):
        raise MoneyFormatError("amount must be a decimal string in yuan such as \"1234.56\"")
    match = _YUAN.fullmatch(text)  # not match: its $ also accepts a trailing newline
    if match is None:
        raise MoneyFormatError(f"amount {text!r} is not a decimal yuan string with at most two decimals")
    whole, frac = match.group(1), (match.group(2) or ".")[1:]
    fen = int(whole) * 100 + int(frac.ljust(2, "0"))
    return check_fen(fen, allow_zero=allow_zero, max_fen=max_fen)


def check_fen(fen: object, *, allow_zero: bool = False, max_fen: int = MAX_FEN) -> int:
    """Validate an integer fen amount (bool and float refused)."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise MoneyFormatError("amount must be an integer number of fen")
    if fen < 0 or (fen == 0 and not allow_zero):
        raise MoneyFormatError("amount must be positive")
    if fen > max_fen:
        raise MoneyFormatError(f"amount exceeds the maximum of {format_yuan(max_fen)} yuan")
    return fen


def format_yuan(fen: int) -> str:
    """Format 123456 fen as ``"1234.56"``."""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"
