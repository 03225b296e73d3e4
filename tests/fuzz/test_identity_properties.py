"""Resident IDs (GB 11643) and unified social credit codes (GB 32100), at the providers (validate_id) and the
court node (check_id): every valid generated number is accepted, every single-character change is refused."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date

from hypothesis import assume, given
from hypothesis import strategies as st

from court_node.domain.identity import IdentityError, check_id
from payment_mocks.identity import IdentityFormatError, resident_id_check, uscc_check, validate_id
from tests.fuzz.sizing import fuzz_settings

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: what a changed character may become: ID characters, look-alikes, other scripts' digits, space, nothing
REPLACEMENTS = st.sampled_from(list(USCC_ALPHABET) + list("IOSVZ x-\n") + ["١", "٣", "０", "９", "Ⅹ", "Ｘ"]) | \
    st.characters()


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    region = draw(st.integers(100_000, 999_999))
    born = draw(st.dates(date(1800, 1, 1), date(2099, 12, 31)))
    first17 = f"{region}{born:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    return first17 + resident_id_check(first17)


@st.composite
def usccs(draw: st.DrawFn) -> str:
    head = draw(st.text(USCC_ALPHABET, min_size=2, max_size=2))
    region = f"{draw(st.integers(0, 999_999)):06d}"
    body = draw(st.text(USCC_ALPHABET, min_size=9, max_size=9))
    first17 = head + region + body
    return first17 + uscc_check(first17)


def _accepts(id_type: str, number: str) -> None:
    assert validate_id(id_type, number) == number
    assert check_id(id_type, number) == number


def _refuses(id_type: str, number: str) -> None:
    for check, error in ((validate_id, IdentityFormatError), (check_id, IdentityError)):
        try:
            check(id_type, number)
        except error:
            continue
        raise AssertionError(f"{check.__name__} accepted the changed {id_type} {number!r}")


def _mutated(draw: st.DrawFn, number: str) -> str:
    """``number`` with one character replaced (or dropped); never a mere change of letter case."""
    position = draw(st.integers(0, len(number) - 1))
    replacement = draw(REPLACEMENTS | st.just(""))
    changed = number[:position] + replacement + number[position + 1:]
    assume(changed.strip().upper() != number)
    return changed


@fuzz_settings(scale=20)
@given(number=resident_ids())
def test_every_valid_resident_id_is_accepted(number: str) -> None:
    _accepts("resident_id", number)


@fuzz_settings(scale=20)
@given(number=usccs())
def test_every_valid_uscc_is_accepted(number: str) -> None:
    _accepts("uscc", number)


@fuzz_settings(scale=20)
@given(data=st.data(), number=resident_ids())
def test_every_single_character_change_of_a_resident_id_is_refused(data: st.DataObject, number: str) -> None:
    _refuses("resident_id", _mutated(data.draw, number))


@fuzz_settings(scale=20)
@given(data=st.data(), number=usccs())
def test_every_single_character_change_of_a_uscc_is_refused(data: st.DataObject, number: str) -> None:
    _refuses("uscc", _mutated(data.draw, number))


def _only_own_error(check: Callable[[str, object], str], error: type[Exception], id_type: str, value: object) -> None:
    with contextlib.suppress(error):
        check(id_type, value)


@fuzz_settings(scale=20)
@given(id_type=st.sampled_from(["resident_id", "uscc", "passport", ""]),
       value=st.text(max_size=24) | st.text(USCC_ALPHABET + "١٢０", min_size=18, max_size=18) | st.integers()
       | st.none())
def test_anything_else_gets_only_the_identity_error(id_type: str, value: object) -> None:
    _only_own_error(validate_id, IdentityFormatError, id_type, value)
    _only_own_error(check_id, IdentityError, id_type, value)
