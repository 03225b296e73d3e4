"""Every bank refusal code maps onto the court node's refusal codes."""

from __future__ import annotations

import pytest

from court_node.adapters.bank.errors import known_codes, refusal
from court_node.adapters.errors import RefusalCode

EXPECTED = {
    "IDENTITY_NOT_MATCH": RefusalCode.IDENTITY_NOT_MATCH,
    "ACCOUNT_NOT_EXIST": RefusalCode.ACCOUNT_NOT_FOUND,
    "FREEZE_NOT_EXIST": RefusalCode.FREEZE_NOT_FOUND,
    "NOT_FREEZE_OWNER": RefusalCode.NOT_FREEZE_OWNER,
    "FREEZE_EXPIRED": RefusalCode.FREEZE_EXPIRED,
    "FREEZE_ENDED": RefusalCode.FREEZE_ENDED,
    "FREEZE_NOT_ACTIVE": RefusalCode.FREEZE_NOT_ACTIVE,
    "DEDUCT_EXCEED_FROZEN": RefusalCode.DEDUCT_EXCEEDS_HELD,
    "TERM_INVALID": RefusalCode.TERM_INVALID,
    "CAPABILITY_NOT_SUPPORTED": RefusalCode.CAPABILITY_NOT_SUPPORTED,
    "DUPLICATE": RefusalCode.REQUEST_CONFLICT,
    "REQUEST_NO_CONFLICT": RefusalCode.REQUEST_CONFLICT,
    "FIELD_INVALID": RefusalCode.INVALID_REQUEST,
    "MALFORMED_JSON": RefusalCode.INVALID_REQUEST,
    "UNSUPPORTED_MEDIA_TYPE": RefusalCode.INVALID_REQUEST,
    "BODY_TOO_LARGE": RefusalCode.INVALID_REQUEST,
    "METHOD_NOT_ALLOWED": RefusalCode.INVALID_REQUEST,
    "INVALID_REQUEST": RefusalCode.INVALID_REQUEST,
}


@pytest.mark.parametrize(("code", "expected"), sorted(EXPECTED.items()))
def test_each_bank_code_has_its_court_node_name(code: str, expected: RefusalCode) -> None:
    assert refusal(code) is expected


def test_every_mapped_code_is_tested() -> None:
    assert known_codes() == frozenset(EXPECTED)


@pytest.mark.parametrize("code", ["SYSTEM_ERROR", "BALANCE_NOT_ENOUGH", "SOMETHING_NEW", "", None])
def test_codes_without_a_mapping_are_provider_errors(code: str | None) -> None:
    assert refusal(code) is RefusalCode.PROVIDER_ERROR
