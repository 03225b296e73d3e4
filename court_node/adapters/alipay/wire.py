"""The court node's request and outcome types to and from Alipay's ``biz_content`` and response nodes.

Money is a yuan string on the wire and integer fen here; dates are Beijing calendar days either way.
A signed node that lacks a field or carries one of the wrong shape raises ``WireError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from court_node.adapters.alipay.errors import BUSINESS_FAILED, ORDER_NOT_EXIST, SUCCESS
from court_node.adapters.types import (
    AccountFound,
    ControlOutcome,
    ControlRequest,
    Court,
    FreezeState,
    Measure,
    Operation,
    OutcomeState,
    QueryRequest,
    Subject,
    TransactionRecord,
)
from court_node.domain.money import MoneyError, fen_to_yuan, yuan_to_fen

QUERY = "alipay.judicial.account.query"
ORDER_QUERY = "alipay.judicial.order.query"
FREEZE_QUERY = "alipay.judicial.fund.freeze.query"
RESTRICT = "alipay.judicial.restriction.create"
LIFT_RESTRICTION = "alipay.judicial.restriction.cancel"
#: methods that change nothing: an untrusted answer to one of them leaves no outcome in doubt
READS = frozenset({QUERY, ORDER_QUERY, FREEZE_QUERY})
CONTROL_METHODS = {
    Operation.FREEZE: "alipay.judicial.fund.freeze",
    Operation.RENEW: "alipay.judicial.fund.freeze.renew",
    Operation.RELEASE: "alipay.judicial.fund.unfreeze",
    Operation.DEDUCT: "alipay.judicial.fund.deduct",
}

CERT_TYPES = {"resident_id": "IDENTITY_CARD", "uscc": "UNIFIED_SOCIAL_CREDIT_CODE"}
FREEZE_STATES = {
    "FROZEN": FreezeState.ACTIVE,
    "WAITING": FreezeState.WAITING,
    "UNFROZEN": FreezeState.RELEASED,
    "EXPIRED": FreezeState.EXPIRED,
    "DEDUCTED": FreezeState.DEDUCTED,
}


class WireError(ValueError):
    """A request the dialect cannot express, or an answer that is not in the dialect's shape."""


# ---- requests ---------------------------------------------------------------------------------------------
def court_fields(request_no: str, court: Court, judge: str, case_no: str, document_no: str) -> dict[str, str]:
    """What every judicial request carries; empty values are left out, as the gateway wants them absent."""
    fields = {"out_request_no": request_no, "court_code": court.code, "court_name": court.name,
              "judge_name": judge, "case_no": case_no, "document_no": document_no}
    return {k: v for k, v in fields.items() if v}


def subject_biz(subject: Subject) -> dict[str, str]:
    cert_type = CERT_TYPES.get(subject.id_type)
    if cert_type is None:
        raise WireError(f"unknown ID type {subject.id_type!r}")
    return {"name": subject.name, "cert_type": cert_type, "cert_no": subject.id_number}


def query_biz(request: QueryRequest) -> dict[str, Any]:
    biz: dict[str, Any] = court_fields(request.request_no, request.court, request.judge, request.case_no,
                                       request.document_no)
    biz["subject"] = subject_biz(request.subject)
    if request.transactions_from is not None:
        biz["trans_start_date"] = request.transactions_from.isoformat()
    if request.transactions_to is not None:
        biz["trans_end_date"] = request.transactions_to.isoformat()
    return biz


def control_biz(request: ControlRequest) -> dict[str, Any]:
    """The biz_content of a freeze, renewal, release or deduction."""
    biz: dict[str, Any] = court_fields(request.request_no, request.court, request.judge, request.case_no,
                                       request.document_no)
    if request.operation is Operation.FREEZE:
        # Alipay freezes from today (Beijing); a start date is not part of the dialect.
        biz |= {"subject": subject_biz(request.subject), "user_id": request.account_no,
                "freeze_type": "ACCOUNT" if request.whole_account else "AMOUNT",
                "freeze_end_date": _required_day(request.end_date, "end_date")}
        if not request.whole_account:
            biz["freeze_amount"] = _yuan(request.amount, "amount")
        return biz
    biz["freeze_no"] = freeze_no_of(request)
    if request.operation is Operation.RENEW:
        biz["new_end_date"] = _required_day(request.end_date, "end_date")
    elif request.operation is Operation.DEDUCT:
        biz["amount"] = _yuan(request.amount, "amount")
        biz["enforcement_account"] = request.court.enforcement_account
    return biz


def freeze_no_of(request: ControlRequest) -> str:
    if not request.provider_ref:
        raise WireError(f"{request.operation.value} needs the freeze's freeze_no (provider_ref)")
    return request.provider_ref


def _required_day(day: date | None, name: str) -> str:
    if day is None:
        raise WireError(f"{name} is required")
    return day.isoformat()


def _yuan(fen: int | None, name: str) -> str:
    if fen is None or isinstance(fen, bool) or fen <= 0:
        raise WireError(f"{name} must be a positive amount in fen")
    return fen_to_yuan(fen)


# ---- answers ----------------------------------------------------------------------------------------------
def accounts(node: Mapping[str, Any]) -> list[AccountFound]:
    """The accounts of an account.query success node."""
    return [_account(entry) for entry in _list(node, "accounts")]


def _account(entry: Any) -> AccountFound:
    entry = _object(entry, "accounts[]")
    return AccountFound(
        account_no=text(entry, "user_id"),
        balance=money(entry, "balance"),
        available=money(entry, "available_amount"),
        whole_account_frozen=entry.get("freeze_status") == "ALL_FROZEN",
        measures=[_measure(m) for m in _list(entry, "judicial_measures")],
        transactions=[_transaction(t) for t in _list(entry, "transactions")],
    )


def _measure(item: Any) -> Measure:
    item = _object(item, "judicial_measures[]")
    return Measure(
        authority_code=str(item.get("court_code", "")),
        authority_name=text(item, "court_name"),
        document_no=str(item.get("document_no", "")),
        mode=_mode(item),
        held=money(item, "frozen_amount"),
        unmet=money(item, "unfrozen_amount"),
        start_date=day(item, "start_date"),
        end_date=day(item, "end_date"),
        status=freeze_state(item),
        queue_position=_position(item),
    )


def _transaction(item: Any) -> TransactionRecord:
    item = _object(item, "transactions[]")
    return TransactionRecord(
        on=_trans_day(text(item, "trans_time")),
        kind=text(item, "trans_type").lower(),
        amount=money(item, "amount"),
        balance_after=money(item, "balance"),
        counterparty=str(item.get("counterparty", "")),
        category=str(item.get("merchant_category", "")),
    )


def _trans_day(trans_time: str) -> date:
    """The Beijing day of ``yyyy-MM-dd HH:mm:ss`` (the gateway writes Beijing time)."""
    try:
        if len(trans_time) != 19:
            raise ValueError
        return date.fromisoformat(trans_time[:10])
    except ValueError:
        raise WireError(f"trans_time: {trans_time!r} is not yyyy-MM-dd HH:mm:ss") from None


def control_outcome(request_no: str, operation: Operation | None, node: Mapping[str, Any]) -> ControlOutcome:
    """A success node carrying a freeze's details: the freeze, renewal, release, deduction or freeze.query answer.

    ``deducted`` is what this request moved: the deduction's amount, nothing for the other operations, and the
    freeze's total so far when reading its state (``operation`` None).
    """
    if operation is Operation.DEDUCT:
        deducted = money(node, "amount")
    elif operation is None:
        deducted = money(node, "deducted_amount")
    else:
        deducted = 0
    return ControlOutcome(
        request_no=request_no,
        state=OutcomeState.COMPLETED,
        succeeded=True,
        freeze_status=freeze_state(node),
        provider_ref=text(node, "freeze_no"),
        held=money(node, "frozen_amount"),
        unmet=money(node, "unfrozen_amount"),
        deducted=deducted,
        queue_position=_position(node),
        start_date=day(node, "start_date"),
        end_date=day(node, "end_date"),
        balance=money(node, "balance"),
        available=money(node, "available_amount"),
    )


def freeze_state(node: Mapping[str, Any]) -> FreezeState:
    status = node.get("status")
    if status not in FREEZE_STATES:
        raise WireError(f"status {status!r} is not a freeze status")
    return FREEZE_STATES[status]


def money(node: Mapping[str, Any], name: str) -> int:
    value = node.get(name)
    try:
        return yuan_to_fen(value, allow_zero=True)
    except MoneyError as exc:
        raise WireError(f"{name}: {exc}") from None


def day(node: Mapping[str, Any], name: str) -> date | None:
    value = node.get(name)
    if value is None:
        return None
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise WireError(f"{name}: {value!r} is not a date yyyy-MM-dd") from None


def _mode(item: Mapping[str, Any]) -> str:
    freeze_type = item.get("freeze_type")
    if freeze_type not in ("AMOUNT", "ACCOUNT"):
        raise WireError(f"freeze_type {freeze_type!r} is neither AMOUNT nor ACCOUNT")
    return str(freeze_type).lower()


def _position(node: Mapping[str, Any]) -> int | None:
    value = node.get("queue_position")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise WireError(f"queue_position {value!r} is not a position in line")
    return value


def text(node: Mapping[str, Any], name: str) -> str:
    value = node.get(name)
    if not isinstance(value, str) or not value:
        raise WireError(f"{name} is missing")
    return value


def _list(node: Mapping[str, Any], name: str) -> list[Any]:
    value = node.get(name, [])
    if not isinstance(value, list):
        raise WireError(f"{name} is not a list")
    return value


def _object(value: Any, name: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise WireError(f"{name} is not an object")
    return value


def stored_answer(node: Mapping[str, Any], method: str) -> dict[str, Any] | None:
    """What order.query says of an earlier request: its first answer, None when it never arrived.

    A refusal of the order.query itself comes back as it is, and a number used for another method as a
    request-number conflict, so that both go through the same mapping as any other answer.
    """
    if node.get("code") != SUCCESS:
        return None if node.get("sub_code") == ORDER_NOT_EXIST else dict(node)
    original = node.get("original_response")
    if not isinstance(original, dict):
        raise WireError("original_response is not an object")
    if node.get("original_method") != method:
        return {"code": BUSINESS_FAILED, "msg": "Business Failed", "sub_code": "JUDICIAL.REQUEST_NO_CONFLICT",
                "sub_msg": f"out_request_no {node.get('out_request_no')} was used for {node.get('original_method')}"}
    return original
