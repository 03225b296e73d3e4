"""Every Alipay result code and business sub_code maps onto the court node's refusal codes, in one place."""

from __future__ import annotations

import pytest

from court_node.adapters.alipay.errors import known_sub_codes, refusal
from court_node.adapters.errors import RefusalCode
from court_node.adapters.types import OutcomeState
from tests.unit.court.test_adapter_alipay.support import business, refused

EXPECTED = {
    "JUDICIAL.IDENTITY_NOT_MATCH": (RefusalCode.IDENTITY_NOT_MATCH, OutcomeState.REJECTED),
    "JUDICIAL.ACCOUNT_NOT_EXIST": (RefusalCode.ACCOUNT_NOT_FOUND, OutcomeState.COMPLETED),
    "JUDICIAL.FREEZE_NOT_EXIST": (RefusalCode.FREEZE_NOT_FOUND, OutcomeState.COMPLETED),
    "JUDICIAL.NOT_FREEZE_OWNER": (RefusalCode.NOT_FREEZE_OWNER, OutcomeState.COMPLETED),
    "JUDICIAL.FREEZE_EXPIRED": (RefusalCode.FREEZE_EXPIRED, OutcomeState.COMPLETED),
    "JUDICIAL.FREEZE_ENDED": (RefusalCode.FREEZE_ENDED, OutcomeState.COMPLETED),
    "JUDICIAL.FREEZE_NOT_ACTIVE": (RefusalCode.FREEZE_NOT_ACTIVE, OutcomeState.COMPLETED),
    "JUDICIAL.DEDUCT_EXCEED_FROZEN": (RefusalCode.DEDUCT_EXCEEDS_HELD, OutcomeState.COMPLETED),
    "JUDICIAL.TERM_INVALID": (RefusalCode.TERM_INVALID, OutcomeState.COMPLETED),
    "JUDICIAL.REQUEST_NO_CONFLICT": (RefusalCode.REQUEST_CONFLICT, OutcomeState.REJECTED),
    "JUDICIAL.DUPLICATE": (RefusalCode.REQUEST_CONFLICT, OutcomeState.REJECTED),
    "JUDICIAL.INVALID_REQUEST": (RefusalCode.INVALID_REQUEST, OutcomeState.REJECTED),
    "JUDICIAL.CAPABILITY_NOT_SUPPORTED": (RefusalCode.CAPABILITY_NOT_SUPPORTED, OutcomeState.REJECTED),
    "JUDICIAL.NOT_RESTRICTION_OWNER": (RefusalCode.NOT_FREEZE_OWNER, OutcomeState.COMPLETED),
}


@pytest.mark.parametrize(("sub_code", "expected"), sorted(EXPECTED.items()))
def test_each_business_sub_code_has_its_court_node_name(sub_code: str,
                                                        expected: tuple[RefusalCode, OutcomeState]) -> None:
    mapped = refusal(business(sub_code, "why"))
    assert (mapped.code, mapped.state) == expected
    assert sub_code in mapped.message and "why" in mapped.message


def test_every_mapped_sub_code_is_tested() -> None:
    assert known_sub_codes() == frozenset(EXPECTED)


@pytest.mark.parametrize("sub_code", ["JUDICIAL.RESTRICTION_NOT_EXIST", "JUDICIAL.SUBJECT_NOT_FOUND",
                                      "JUDICIAL.SOMETHING_NEW", "ACQ.BUYER_BALANCE_NOT_ENOUGH", ""])
def test_business_sub_codes_without_a_mapping_are_provider_errors(sub_code: str) -> None:
    mapped = refusal(business(sub_code))
    assert (mapped.code, mapped.state) == (RefusalCode.PROVIDER_ERROR, OutcomeState.COMPLETED)


@pytest.mark.parametrize(("code", "sub_code"), [("40001", "isv.missing-subject-cert-no"),
                                                ("40002", "isv.invalid-parameter"),
                                                ("40002", "isv.invalid-signature"),
                                                ("40002", "isv.invalid-timestamp")])
def test_missing_and_invalid_arguments_are_a_bug_on_our_side(code: str, sub_code: str) -> None:
    mapped = refusal(refused(code, sub_code, "subject.cert_no: has a wrong check character"))
    assert (mapped.code, mapped.state) == (RefusalCode.INVALID_REQUEST, OutcomeState.REJECTED)
    assert "subject.cert_no: has a wrong check character" in mapped.message


def test_insufficient_permissions_is_a_missing_capability() -> None:
    mapped = refusal(refused("40006", "isv.insufficient-isv-permissions", "no renewal in this profile"))
    assert (mapped.code, mapped.state) == (RefusalCode.CAPABILITY_NOT_SUPPORTED, OutcomeState.REJECTED)


@pytest.mark.parametrize("code", ["40003", "99999", ""])
def test_unknown_result_codes_are_provider_errors(code: str) -> None:
    assert refusal({"code": code, "msg": "odd"}).code is RefusalCode.PROVIDER_ERROR
