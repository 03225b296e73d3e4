"""Alipay's result codes, the gateway's refusals, and the one map from ledger refusals to business sub_codes."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from payment_mocks.ledger.errors import CapabilityMissing, LedgerError

SUCCESS = "10000"
UNAVAILABLE = "20000"
MISSING = "40001"
INVALID = "40002"
BUSINESS_FAILED = "40004"
NO_PERMISSION = "40006"

MESSAGES = {
    SUCCESS: "Success",
    UNAVAILABLE: "Service Currently Unavailable",
    MISSING: "Missing Required Arguments",
    INVALID: "Invalid Arguments",
    BUSINESS_FAILED: "Business Failed",
    NO_PERMISSION: "Insufficient Permissions",
}


class GatewayError(Exception):
    """A refusal answered as a node ``{code, msg, sub_code, sub_msg}`` (still HTTP 200)."""

    def __init__(self, code: str, sub_code: str, sub_msg: str) -> None:
        super().__init__(f"{code} {sub_code}: {sub_msg}")
        self.code = code
        self.sub_code = sub_code
        self.sub_msg = sub_msg

    def node(self) -> dict[str, str]:
        return {"code": self.code, "msg": MESSAGES[self.code], "sub_code": self.sub_code, "sub_msg": self.sub_msg}


def success(**fields: Any) -> dict[str, Any]:
    """A success node: code and msg first, then the business fields, as Alipay orders them."""
    return {"code": SUCCESS, "msg": MESSAGES[SUCCESS], **fields}


def missing(name: str, sub_code: str | None = None) -> GatewayError:
    """40001: ``app_id`` -> ``isv.missing-app-id``, ``subject.cert_no`` -> ``isv.missing-subject-cert-no``."""
    sub_code = sub_code or "isv.missing-" + re.sub(r"[^0-9A-Za-z]+", "-", name).strip("-")
    return GatewayError(MISSING, sub_code, f"missing required argument {name}")


def invalid(sub_code: str, message: str) -> GatewayError:
    return GatewayError(INVALID, sub_code, message)


def invalid_parameter(name: str, message: str) -> GatewayError:
    """40002 ``isv.invalid-parameter``, naming the parameter or the biz_content field."""
    return GatewayError(INVALID, "isv.invalid-parameter", f"{name}: {message}")


def unavailable(message: str = "service currently unavailable, retry with the same parameters") -> GatewayError:
    return GatewayError(UNAVAILABLE, "isp.unknow-error", message)  # sic: Alipay's own spelling


def insufficient_permissions(message: str) -> GatewayError:
    return GatewayError(NO_PERMISSION, "isv.insufficient-isv-permissions", message)


# Refusals the ledger has no class for, raised by this dialect's methods so that one map covers them all.
class OrderNotFound(LedgerError):
    code, kind = "ORDER_NOT_EXIST", "not_found"


class RestrictionNotFound(LedgerError):
    code, kind = "RESTRICTION_NOT_EXIST", "not_found"


class NotRestrictionOwner(LedgerError):
    code, kind = "NOT_RESTRICTION_OWNER", "forbidden"


class Channel(StrEnum):
    """Which family of sub_codes a method answers with."""

    JUDICIAL = "JUDICIAL"  # ours: JUDICIAL.<LEDGER CODE>
    TRADE = "ACQ"  # alipay.trade.*: Alipay's ACQ.* codes
    TRANSFER = "FUND"  # alipay.fund.trans.*: Alipay's bare transfer codes


#: Where Alipay has a public code for the same refusal, use it; everything else is <prefix>.<LEDGER CODE>.
_PUBLIC_CODES: dict[Channel, dict[str, str]] = {
    Channel.JUDICIAL: {},
    Channel.TRADE: {
        "BALANCE_NOT_ENOUGH": "ACQ.BUYER_BALANCE_NOT_ENOUGH",
        "ACCOUNT_FROZEN": "ACQ.BUYER_ENABLE_STATUS_FORBID",  # Alipay's "buyer status forbids payment"
        "CONSUMPTION_RESTRICTED": "ACQ.CONSUMPTION_RESTRICTED",
        "ACCOUNT_NOT_EXIST": "ACQ.BUYER_NOT_EXIST",
        "REQUEST_NO_CONFLICT": "ACQ.CONTEXT_INCONSISTENT",  # same out_trade_no, other content
        "INVALID_REQUEST": "ACQ.INVALID_PARAMETER",
    },
    Channel.TRANSFER: {
        "ACCOUNT_NOT_EXIST": "PAYEE_NOT_EXIST",
        "IDENTITY_NOT_MATCH": "PAYEE_USER_INFO_ERROR",
        "REQUEST_NO_CONFLICT": "PAYMENT_INFO_INCONSISTENCY",  # same out_biz_no, other payee or amount
        "INVALID_REQUEST": "INVALID_PARAMETER",
    },
}


def refusal(exc: LedgerError, channel: Channel) -> GatewayError:
    """The one place a ledger refusal becomes an Alipay answer: 40006 for a missing capability, else 40004."""
    if isinstance(exc, CapabilityMissing):
        return insufficient_permissions(exc.message)
    sub_code = _PUBLIC_CODES[channel].get(exc.code)
    if sub_code is None:
        sub_code = exc.code if channel is Channel.TRANSFER else f"{channel.value}.{exc.code}"
    return GatewayError(BUSINESS_FAILED, sub_code, exc.message)
