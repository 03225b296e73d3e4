"""The one place where a v3 error answer (HTTP status, ``code``, ``detail.issue``) becomes a RefusalCode.

``detail.issue`` carries the provider's stable reason for business refusals, so it decides first; the
status and ``code`` decide when there is none. A ``PARAM_ERROR`` means we sent something malformed: a bug
on our side, reported as INVALID_REQUEST with the field and the issue, except a term the provider's
calendar refuses (``/end_date``), which is TERM_INVALID.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from court_node.adapters.errors import RefusalCode
from court_node.adapters.types import OutcomeState

_BY_ISSUE = {
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
    "REQUEST_NO_CONFLICT": RefusalCode.REQUEST_CONFLICT,
    "DUPLICATE": RefusalCode.REQUEST_CONFLICT,
    "INVALID_REQUEST": RefusalCode.INVALID_REQUEST,
}

#: a 404 without an issue names what was missing by its parameter
_NOT_FOUND_BY_FIELD = {
    "/openid": RefusalCode.ACCOUNT_NOT_FOUND,
    "openid": RefusalCode.ACCOUNT_NOT_FOUND,
    "out_freeze_no": RefusalCode.FREEZE_NOT_FOUND,
    "/out_freeze_no": RefusalCode.FREEZE_NOT_FOUND,
}

#: refusals of the request as a whole (whom it names, what it says); the rest refuse the operation on the money
#: (including one the provider does not offer) and come back COMPLETED, not succeeded
_WHOLE_REQUEST = frozenset({
    RefusalCode.IDENTITY_NOT_MATCH,
    RefusalCode.REQUEST_CONFLICT,
    RefusalCode.INVALID_REQUEST,
})


@dataclass(frozen=True)
class ErrorAnswer:
    """A signed v3 error answer as received."""

    status: int
    code: str
    message: str
    detail: Mapping[str, Any] = field(default_factory=dict)

    @property
    def issue(self) -> str:
        return str(self.detail.get("issue") or "")

    @property
    def pointer(self) -> str:
        """``detail.field``: a JSON pointer into the body, or a path or query parameter's name."""
        return str(self.detail.get("field") or "")


@dataclass(frozen=True)
class Refusal:
    code: RefusalCode
    message: str

    @property
    def state(self) -> OutcomeState:
        """REJECTED for a refusal of the whole request; COMPLETED (without effect) for one of the operation."""
        return OutcomeState.REJECTED if self.code in _WHOLE_REQUEST else OutcomeState.COMPLETED


def refusal_code(answer: ErrorAnswer) -> RefusalCode:
    if answer.code == "PARAM_ERROR":
        if answer.issue == "TERM_INVALID" or answer.pointer == "/end_date":
            return RefusalCode.TERM_INVALID
        return RefusalCode.INVALID_REQUEST
    by_issue = _BY_ISSUE.get(answer.issue)
    if by_issue is not None:
        return by_issue
    if answer.status == 404:
        return _NOT_FOUND_BY_FIELD.get(answer.pointer, RefusalCode.PROVIDER_ERROR)
    if answer.code == "INVALID_REQUEST":
        return RefusalCode.INVALID_REQUEST
    return RefusalCode.PROVIDER_ERROR


def refusal(answer: ErrorAnswer) -> Refusal:
    """The court node's reading of a business error answer (never called for 401, 429 or 5xx)."""
    message = f"{answer.status} {answer.code}: {answer.message}"
    if answer.code == "PARAM_ERROR" and answer.detail:
        shown = {k: answer.detail[k] for k in ("field", "value", "issue", "location") if k in answer.detail}
        message += f" {shown}"
    return Refusal(refusal_code(answer), message)
