"""The court node's names for provider refusals; every adapter maps its dialect's codes onto these."""

from __future__ import annotations

from enum import StrEnum


class RefusalCode(StrEnum):
    IDENTITY_NOT_MATCH = "IDENTITY_NOT_MATCH"  # name or ID number does not match the holder
    ACCOUNT_NOT_FOUND = "ACCOUNT_NOT_FOUND"
    FREEZE_NOT_FOUND = "FREEZE_NOT_FOUND"
    NOT_FREEZE_OWNER = "NOT_FREEZE_OWNER"  # another authority's freeze
    FREEZE_EXPIRED = "FREEZE_EXPIRED"
    FREEZE_ENDED = "FREEZE_ENDED"  # released or fully deducted already
    FREEZE_NOT_ACTIVE = "FREEZE_NOT_ACTIVE"  # still waiting in line
    DEDUCT_EXCEEDS_HELD = "DEDUCT_EXCEEDS_HELD"
    TERM_INVALID = "TERM_INVALID"
    CAPABILITY_NOT_SUPPORTED = "CAPABILITY_NOT_SUPPORTED"  # e.g. WeChat's 2019 profile and deductions
    REQUEST_CONFLICT = "REQUEST_CONFLICT"  # the request number was used with other content
    INVALID_REQUEST = "INVALID_REQUEST"  # the provider found the request malformed: a bug on our side
    PROVIDER_ERROR = "PROVIDER_ERROR"  # anything else the provider said no to
