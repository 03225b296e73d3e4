"""The providers' money parser at its edges: a plain decimal yuan string and nothing around it."""

from __future__ import annotations

import pytest

from payment_mocks.money import MoneyFormatError, parse_yuan


@pytest.mark.parametrize("text", ["1.00\n", "1\n", "0.01\n"])
def test_a_trailing_newline_is_not_part_of_an_amount(text: str) -> None:
    with pytest.raises(MoneyFormatError):
        parse_yuan(text)


@pytest.mark.parametrize("text", ["1.00", "1", "0.01", "100000000.00"])
def test_plain_amounts_still_parse(text: str) -> None:
    assert isinstance(parse_yuan(text), int)
