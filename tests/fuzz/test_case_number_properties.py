"""Enforcement case numbers: every valid one round-trips through parse_case_number, and anything else is refused
with CaseNumberError, never another exception."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from court_node.domain.case_number import CASE_TYPES, PROVINCES, CaseNumber, CaseNumberError, parse_case_number
from tests.fuzz.sizing import fuzz_settings

BRACKETS = st.sampled_from([("（", "）"), ("(", ")"), ("（", ")"), ("(", "）")])


@st.composite
def case_numbers(draw: st.DrawFn) -> tuple[str, CaseNumber]:
    """A valid case number as someone may type it, and what it means."""
    year = draw(st.integers(1900, 2099))
    court = draw(st.sampled_from(PROVINCES)) + draw(st.text("0123456789", min_size=2, max_size=4))
    kind = draw(st.sampled_from(CASE_TYPES))
    serial = draw(st.integers(1, 9_999_999))
    left, right = draw(BRACKETS)
    spaces = draw(st.sampled_from(["", " ", "\t", "\n"]))
    return f"{spaces}{left}{year}{right}{court}{kind}{serial}号{spaces}", CaseNumber(year, court, kind, serial)


@fuzz_settings(scale=20)
@given(typed=case_numbers())
def test_every_valid_case_number_round_trips(typed: tuple[str, CaseNumber]) -> None:
    text, meaning = typed
    parsed = parse_case_number(text)
    assert parsed == meaning
    assert parse_case_number(str(parsed)) == parsed
    assert str(parsed).startswith("（") and "）" in str(parsed)


GARBAGE = st.text(st.sampled_from("（）()0123456789０１２١٢京沪执恢保号 \n-") | st.characters(), max_size=30)


@fuzz_settings(scale=20)
@given(text=GARBAGE | st.integers() | st.none() | st.binary(max_size=10))
def test_garbage_gets_only_the_case_number_error(text: object) -> None:
    try:
        parsed = parse_case_number(text)
    except CaseNumberError:
        return
    assert isinstance(text, str) and parse_case_number(str(parsed)) == parsed


@fuzz_settings(scale=20)
@given(data=st.data(), typed=case_numbers())
def test_a_digit_from_another_script_is_refused(data: st.DataObject, typed: tuple[str, CaseNumber]) -> None:
    text = str(typed[1])
    positions = [i for i, c in enumerate(text) if c.isascii() and c.isdigit()]
    position = data.draw(st.sampled_from(positions))
    foreign = chr(ord("０") + int(text[position])) if data.draw(st.booleans()) else chr(0x660 + int(text[position]))
    try:
        parse_case_number(text[:position] + foreign + text[position + 1:])
    except CaseNumberError:
        return
    raise AssertionError(f"{text[:position] + foreign + text[position + 1:]!r} was accepted")
