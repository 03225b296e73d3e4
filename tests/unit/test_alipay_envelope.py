"""The response envelope, and the one map from ledger refusals to Alipay's codes."""

from __future__ import annotations

import json

import pytest

from payment_mocks.alipay.envelope import envelope, node_bytes, node_key
from payment_mocks.alipay.errors import Channel, OrderNotFound, missing, refusal
from payment_mocks.alipay.signing import raw_members
from payment_mocks.alipay.views import alipay_no, serial_of
from payment_mocks.ledger.errors import (
    AccountFrozen,
    CapabilityMissing,
    DeductExceedsHeld,
    IdentityNotMatch,
    InsufficientAvailable,
    LedgerError,
    PaymentRestricted,
    ReplyConflict,
)


def test_node_key_replaces_dots() -> None:
    assert node_key("alipay.judicial.fund.freeze.renew") == "alipay_judicial_fund_freeze_renew_response"
    assert node_key(None) == "error_response"


def test_node_bytes_keep_chinese_and_are_compact() -> None:
    assert node_bytes({"code": "10000", "name": "张三"}) == '{"code":"10000","name":"张三"}'.encode()


def test_envelope_splices_the_node_bytes_unchanged() -> None:
    node = b'{"code":"10000", "b" : "\\u5f20"}'
    body = envelope("x_response", node, "c2lnbg==")
    assert raw_members(body.decode())["x_response"].encode() == node
    assert json.loads(body)["sign"] == "c2lnbg=="


def test_envelope_without_a_sign() -> None:
    assert json.loads(envelope("error_response", b'{"code":"40002"}', None)) == {"error_response": {"code": "40002"}}


@pytest.mark.parametrize(("error", "channel", "expected"), [
    (IdentityNotMatch("x"), Channel.JUDICIAL, ("40004", "JUDICIAL.IDENTITY_NOT_MATCH")),
    (DeductExceedsHeld("x"), Channel.JUDICIAL, ("40004", "JUDICIAL.DEDUCT_EXCEED_FROZEN")),
    (OrderNotFound("x"), Channel.JUDICIAL, ("40004", "JUDICIAL.ORDER_NOT_EXIST")),
    (ReplyConflict("x"), Channel.JUDICIAL, ("40004", "JUDICIAL.REQUEST_NO_CONFLICT")),
    (CapabilityMissing("x"), Channel.JUDICIAL, ("40006", "isv.insufficient-isv-permissions")),
    (InsufficientAvailable("x"), Channel.TRADE, ("40004", "ACQ.BUYER_BALANCE_NOT_ENOUGH")),
    (AccountFrozen("x"), Channel.TRADE, ("40004", "ACQ.BUYER_ENABLE_STATUS_FORBID")),
    (PaymentRestricted("x"), Channel.TRADE, ("40004", "ACQ.CONSUMPTION_RESTRICTED")),
    (ReplyConflict("x"), Channel.TRADE, ("40004", "ACQ.CONTEXT_INCONSISTENT")),
    (ReplyConflict("x"), Channel.TRANSFER, ("40004", "PAYMENT_INFO_INCONSISTENCY")),
    (IdentityNotMatch("x"), Channel.TRANSFER, ("40004", "PAYEE_USER_INFO_ERROR")),
])
def test_ledger_refusals_map_to_alipay_codes(error: LedgerError, channel: Channel, expected: tuple[str, str]) -> None:
    mapped = refusal(error, channel)
    assert (mapped.code, mapped.sub_code) == expected
    assert mapped.node()["msg"] in ("Business Failed", "Insufficient Permissions")


def test_missing_names_follow_alipays_hyphens() -> None:
    assert missing("app_id").sub_code == "isv.missing-app-id"
    assert missing("payee_info.identity").sub_code == "isv.missing-payee-info-identity"


def test_alipay_numbers_carry_their_serial() -> None:
    number = alipay_no(1_767_225_600_000_000, "2200", 42)
    assert (len(number), number[:8]) == (28, "20260101")
    assert serial_of(number, "2200") == 42
    assert serial_of(number, "4100") is None
