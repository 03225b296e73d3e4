"""The one place where Alipay's result codes and sub_codes become the court node's refusal codes.

A refusal of the request as a whole (malformed, not permitted, identity, a reused request number) is
REJECTED; any other business refusal is a COMPLETED answer whose operation did not take effect.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from court_node.adapters.errors import RefusalCode
from court_node.adapters.types import OutcomeState

SUCCESS = "10000"
UNAVAILABLE = "20000"  # unknown outcome: retry with the same out_request_no, or ask order.query
MISSING = "40001"
INVALID = "40002"
BUSINESS_FAILED = "40004"
NO_PERMISSION = "40006"

#: order.query: no request with that out_request_no ever arrived (it is safe to send it again)
ORDER_NOT_EXIST = "JUDICIAL.ORDER_NOT_EXIST"

_BUSINESS: dict[str, RefusalCode] = {
    "JUDICIAL.IDENTITY_NOT_MATCH": RefusalCode.IDENTITY_NOT_MATCH,
    "JUDICIAL.ACCOUNT_NOT_EXIST": RefusalCode.ACCOUNT_NOT_FOUND,
    "JUDICIAL.FREEZE_NOT_EXIST": RefusalCode.FREEZE_NOT_FOUND,
    "JUDICIAL.NOT_FREEZE_OWNER": RefusalCode.NOT_FREEZE_OWNER,
    "JUDICIAL.FREEZE_EXPIRED": RefusalCode.FREEZE_EXPIRED,
    "JUDICIAL.FREEZE_ENDED": RefusalCode.FREEZE_ENDED,
    "JUDICIAL.FREEZE_NOT_ACTIVE": RefusalCode.FREEZE_NOT_ACTIVE,
    "JUDICIAL.DEDUCT_EXCEED_FROZEN": RefusalCode.DEDUCT_EXCEEDS_HELD,
    "JUDICIAL.TERM_INVALID": RefusalCode.TERM_INVALID,
    "JUDICIAL.REQUEST_NO_CONFLICT": RefusalCode.REQUEST_CONFLICT,
    "JUDICIAL.DUPLICATE": RefusalCode.REQUEST_CONFLICT,
    "JUDICIAL.INVALID_REQUEST": RefusalCode.INVALID_REQUEST,
    "JUDICIAL.CAPABILITY_NOT_SUPPORTED": RefusalCode.CAPABILITY_NOT_SUPPORTED,
    # the court node has no restriction-specific codes; these are the nearest
    "JUDICIAL.NOT_RESTRICTION_OWNER": RefusalCode.NOT_FREEZE_OWNER,
}

#: refusals of the request as a whole, rather than of the operation on the money
_WHOLE_REQUEST = frozenset({
    RefusalCode.INVALID_REQUEST, RefusalCode.CAPABILITY_NOT_SUPPORTED, RefusalCode.IDENTITY_NOT_MATCH,
    RefusalCode.REQUEST_CONFLICT,
})


def known_sub_codes() -> frozenset[str]:
    """The business sub_codes with a court node name of their own; any other is PROVIDER_ERROR."""
    return frozenset(_BUSINESS)


@dataclass(frozen=True)
class Refusal:
    state: OutcomeState
    code: RefusalCode
    message: str


def refusal(node: Mapping[str, Any]) -> Refusal:
    """What a node whose code is not 10000 means to the court node."""
    code, sub_code, sub_msg = (str(node.get(k, "")) for k in ("code", "sub_code", "sub_msg"))
    if code in (MISSING, INVALID):
        mapped = RefusalCode.INVALID_REQUEST  # the node built a request the gateway does not accept: a bug here
    elif code == NO_PERMISSION:
        mapped = RefusalCode.CAPABILITY_NOT_SUPPORTED
    elif code == BUSINESS_FAILED:
        mapped = _BUSINESS.get(sub_code, RefusalCode.PROVIDER_ERROR)
    else:
        mapped = RefusalCode.PROVIDER_ERROR
    state = OutcomeState.REJECTED if mapped in _WHOLE_REQUEST else OutcomeState.COMPLETED
    detail = f"{sub_code}: {sub_msg}" if sub_code else str(node.get("msg", "")) or f"code {code}"
    return Refusal(state, mapped, f"alipay {code} {detail}".strip())
