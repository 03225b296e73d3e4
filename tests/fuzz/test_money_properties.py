"""Money strings at every edge: parse_yuan (providers) and yuan_to_fen (court node) accept exactly a plain decimal
yuan amount within bounds, give integer fen, and refuse anything else with their own error."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from court_node.domain.money import MoneyError, fen_to_yuan, yuan_to_fen
from payment_mocks.money import MAX_FEN, MoneyFormatError, format_yuan, parse_yuan
from tests.fuzz.sizing import fuzz_settings

PLAIN = re.compile(r"[0-9]+(\.[0-9]{1,2})?")
NODE_MAX_FEN = 10**16 - 1  # fourteen digits of yuan
#: characters a hostile amount is made of: digits of every script, signs, separators, spaces, exponents
HOSTILE = st.text(st.sampled_from("0123456789.,-+eE _\n\t\x00١٢３０¥元") | st.characters(), max_size=24)


def _canonical(fen: int) -> st.SearchStrategy[str]:
    """``fen`` written with one or two decimals, or none when whole."""
    whole, cents = divmod(fen, 100)
    forms = [f"{whole}.{cents:02d}"]
    if cents % 10 == 0:
        forms.append(f"{whole}.{cents // 10}")
    if cents == 0:
        forms.append(str(whole))
    return st.sampled_from(forms)


@fuzz_settings(scale=20)
@given(fen=st.integers(1, MAX_FEN).flatmap(lambda f: st.tuples(st.just(f), _canonical(f))))
def test_parse_yuan_reads_every_plain_amount_within_bounds(fen: tuple[int, str]) -> None:
    value, text = fen
    assert parse_yuan(text) == value
    assert format_yuan(parse_yuan(text)) == format_yuan(value)


@fuzz_settings(scale=20)
@given(fen=st.integers(1, NODE_MAX_FEN).flatmap(lambda f: st.tuples(st.just(f), _canonical(f))))
def test_yuan_to_fen_reads_every_plain_amount_within_bounds(fen: tuple[int, str]) -> None:
    value, text = fen
    assert yuan_to_fen(text) == value
    assert yuan_to_fen(fen_to_yuan(value)) == value


def _accepted_exactly(text: object, fen: int, max_fen: int) -> None:
    assert type(fen) is int
    assert isinstance(text, str) and PLAIN.fullmatch(text), repr(text)
    assert Decimal(text) * 100 == fen and 0 < fen <= max_fen


@fuzz_settings(scale=20)
@given(text=HOSTILE | st.from_regex(PLAIN, fullmatch=True) | st.floats() | st.integers() | st.none())
def test_parse_yuan_accepts_nothing_else_and_raises_only_its_own_error(text: object) -> None:
    try:
        fen = parse_yuan(text)
    except MoneyFormatError:
        return
    _accepted_exactly(text, fen, MAX_FEN)


@fuzz_settings(scale=20)
@given(text=HOSTILE | st.from_regex(PLAIN, fullmatch=True) | st.floats() | st.integers() | st.none())
def test_yuan_to_fen_accepts_nothing_else_and_raises_only_its_own_error(text: object) -> None:
    try:
        fen = yuan_to_fen(text)
    except MoneyError:
        return
    _accepted_exactly(text, fen, NODE_MAX_FEN)


@fuzz_settings(scale=4)
@given(fen=st.integers(MAX_FEN + 1, 10**18))
def test_parse_yuan_refuses_amounts_over_the_ceiling(fen: int) -> None:
    try:
        parse_yuan(format_yuan(fen))
    except MoneyFormatError:
        return
    raise AssertionError(f"{format_yuan(fen)} was accepted")


def test_a_trailing_newline_is_not_part_of_an_amount() -> None:
    for parse, error in ((parse_yuan, MoneyFormatError), (yuan_to_fen, MoneyError)):
        try:
            parse("1.00\n")
        except error:
            continue
        raise AssertionError(f"{parse.__name__} accepted '1.00\\n'")
