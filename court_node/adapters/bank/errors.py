"""The bank's refusal codes mapped onto the court node's, in one place."""

from __future__ import annotations

from court_node.adapters.errors import RefusalCode

#: feedback ``reason_code`` values and error ``code`` values of the bank dialect
_REFUSALS: dict[str, RefusalCode] = {
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
    # the same request already froze this account: only two items of one request can meet it
    "DUPLICATE": RefusalCode.REQUEST_CONFLICT,
    "REQUEST_NO_CONFLICT": RefusalCode.REQUEST_CONFLICT,
    # the bank found our request malformed: a bug on the court node's side
    "FIELD_INVALID": RefusalCode.INVALID_REQUEST,
    "MALFORMED_JSON": RefusalCode.INVALID_REQUEST,
    "UNSUPPORTED_MEDIA_TYPE": RefusalCode.INVALID_REQUEST,
    "BODY_TOO_LARGE": RefusalCode.INVALID_REQUEST,
    "METHOD_NOT_ALLOWED": RefusalCode.INVALID_REQUEST,
    "INVALID_REQUEST": RefusalCode.INVALID_REQUEST,
}


def refusal(code: str | None) -> RefusalCode:
    """The court node's name for a bank refusal; codes it does not know are PROVIDER_ERROR."""
    return _REFUSALS.get(code or "", RefusalCode.PROVIDER_ERROR)


def known_codes() -> frozenset[str]:
    """Every bank code with a specific mapping."""
    return frozenset(_REFUSALS)
