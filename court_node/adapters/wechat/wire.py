"""The court node's types as v3 JSON bodies, and v3 answers back as types: money in fen, Beijing dates."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from typing import Any

from court_node.adapters.types import (
    AccountFound,
    ControlOutcome,
    ControlRequest,
    Court,
    FreezeState,
    Measure,
    OutcomeState,
    QueryOutcome,
    QueryRequest,
    Subject,
    TransactionRecord,
)

BEIJING = timezone(timedelta(hours=8))
CURRENCY = "CNY"
#: the provider's rule for caller-chosen numbers, the idempotency keys
OUT_NO = re.compile(r"^[0-9A-Za-z_\-|*]{6,32}$")
ID_TYPES = {"resident_id": "IDCARD", "uscc": "USCC"}
FREEZE_STATES = {
    "FROZEN": FreezeState.ACTIVE,
    "WAITING": FreezeState.WAITING,
    "EXPIRED": FreezeState.EXPIRED,
    "RELEASED": FreezeState.RELEASED,
    "DEDUCTED": FreezeState.DEDUCTED,
}
TRANSACTION_KINDS = {"SEED": "seed", "CREDIT": "credit", "PAYMENT": "payment", "DEDUCTION": "deduction"}


class UnsendableRequest(ValueError):
    """A request the dialect cannot carry (a number it does not accept, a missing date or amount)."""


class UnreadableAnswer(ValueError):
    """A signed answer whose JSON is not the shape the dialect promises."""


def encode(body: Mapping[str, Any]) -> bytes:
    """The exact bytes sent and signed: compact UTF-8 JSON."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# ---- requests --------------------------------------------------------------------------------------------
def out_no(value: str, name: str) -> str:
    if not OUT_NO.match(value):
        raise UnsendableRequest(f"{name} {value!r} must be 6 to 32 characters of digits, letters and _-|*")
    return value


def court_json(court: Court) -> dict[str, str]:
    return {"code": court.code, "name": court.name}


def subject_json(subject: Subject) -> dict[str, str]:
    id_type = ID_TYPES.get(subject.id_type)
    if id_type is None:
        raise UnsendableRequest(f"id_type {subject.id_type!r} is not one of {', '.join(ID_TYPES)}")
    return {"name": subject.name, "id_type": id_type, "id_number": subject.id_number}


def money(fen: int) -> dict[str, Any]:
    return {"total": fen, "currency": CURRENCY}


def _with_judge(body: dict[str, Any], judge: str) -> dict[str, Any]:
    if judge:
        body["judge"] = judge
    return body


def query_body(request: QueryRequest) -> dict[str, Any]:
    body: dict[str, Any] = {
        "out_query_no": out_no(request.request_no, "out_query_no"), "court": court_json(request.court),
        "judge": request.judge, "case_no": request.case_no, "document_no": request.document_no,
        "subject": subject_json(request.subject),
    }
    # One end given alone names a single day.
    start = request.transactions_from or request.transactions_to
    end = request.transactions_to or request.transactions_from
    if start is not None and end is not None:
        body["transactions"] = {"start_date": start.isoformat(), "end_date": end.isoformat()}
    return body


def freeze_ref(request: ControlRequest) -> str:
    """The original freeze's ``out_freeze_no``: its request number, which the freeze outcome gave as provider_ref."""
    return out_no(request.provider_ref or request.original_request_no, "out_freeze_no")


def freeze_body(request: ControlRequest) -> dict[str, Any]:
    """A freeze from today (the provider's Beijing date) to ``end_date``; ``start_date`` is not the dialect's."""
    if request.end_date is None:
        raise UnsendableRequest("a freeze needs an end date")
    body: dict[str, Any] = {
        "out_freeze_no": out_no(request.request_no, "out_freeze_no"), "court": court_json(request.court),
        "judge": request.judge, "case_no": request.case_no, "document_no": request.document_no,
        "subject": subject_json(request.subject), "openid": request.account_no,
        "mode": "ACCOUNT" if request.whole_account else "AMOUNT", "end_date": request.end_date.isoformat(),
    }
    if not request.whole_account:
        if request.amount is None:
            raise UnsendableRequest("an amount freeze needs an amount")
        body["amount"] = money(request.amount)
    return body


def renew_body(request: ControlRequest) -> dict[str, Any]:
    if request.end_date is None:
        raise UnsendableRequest("a renewal needs the new end date")
    return _with_judge({"out_renew_no": out_no(request.request_no, "out_renew_no"), "court_code": request.court.code,
                        "end_date": request.end_date.isoformat(), "document_no": request.document_no}, request.judge)


def release_body(request: ControlRequest) -> dict[str, Any]:
    return _with_judge({"out_release_no": out_no(request.request_no, "out_release_no"),
                        "court_code": request.court.code, "document_no": request.document_no}, request.judge)


def deduction_body(request: ControlRequest) -> dict[str, Any]:
    if request.amount is None:
        raise UnsendableRequest("a deduction needs an amount")
    return _with_judge({
        "out_deduction_no": out_no(request.request_no, "out_deduction_no"), "court_code": request.court.code,
        "out_freeze_no": freeze_ref(request), "amount": money(request.amount), "document_no": request.document_no,
        "enforcement_account": request.court.enforcement_account}, request.judge)


def restriction_body(request_no: str, court: Court, judge: str, case_no: str, document_no: str,
                     subject: Subject) -> dict[str, Any]:
    return {"out_restriction_no": out_no(request_no, "out_restriction_no"), "court": court_json(court),
            "judge": judge, "case_no": case_no, "document_no": document_no, "subject": subject_json(subject)}


def lift_body(request_no: str, court: Court) -> dict[str, Any]:
    return {"out_lift_no": out_no(request_no, "out_lift_no"), "court_code": court.code}


# ---- answers ---------------------------------------------------------------------------------------------
def decode(data: bytes) -> dict[str, Any]:
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise UnreadableAnswer("the answer is not UTF-8 JSON") from None
    return _object(value, "the answer")


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise UnreadableAnswer(f"{where} is not a JSON object")
    return value


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise UnreadableAnswer(f"{key} is not a list")
    return value


def _text(data: Mapping[str, Any], key: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise UnreadableAnswer(f"{key} is missing or not a string")
    return value


def fen(data: Mapping[str, Any], key: str, default: int | None = None) -> int:
    """``{"total": <fen>, "currency": "CNY"}`` as integer fen; never a float."""
    if key not in data and default is not None:
        return default
    amount = _object(data.get(key), key)
    total = amount.get("total")
    if isinstance(total, bool) or not isinstance(total, int) or total < 0:
        raise UnreadableAnswer(f"{key}.total is not a whole number of fen")
    if amount.get("currency", CURRENCY) != CURRENCY:
        raise UnreadableAnswer(f"{key}.currency is not {CURRENCY}")
    return total


def _day(data: Mapping[str, Any], key: str) -> date | None:
    value = data.get(key)
    if value is None:
        return None
    try:
        return date.fromisoformat(_text(data, key))
    except ValueError:
        raise UnreadableAnswer(f"{key} is not a date yyyy-MM-dd") from None


def _beijing_day(data: Mapping[str, Any], key: str) -> date:
    try:
        instant = datetime.fromisoformat(_text(data, key))
    except ValueError:
        raise UnreadableAnswer(f"{key} is not an RFC 3339 time") from None
    if instant.tzinfo is None:
        raise UnreadableAnswer(f"{key} has no offset")
    return instant.astimezone(BEIJING).date()


def _state(data: Mapping[str, Any]) -> FreezeState:
    status = data.get("status")
    if status not in FREEZE_STATES:
        raise UnreadableAnswer(f"status {status!r} is not a freeze state")
    return FREEZE_STATES[status]


def _position(data: Mapping[str, Any]) -> int | None:
    value = data.get("queue_position")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise UnreadableAnswer("queue_position is not an integer")
    return value


def measure(data: Any) -> Measure:
    """A measure on a wallet; ``unmet`` is what it asked for and does not hold (the view omits deductions)."""
    item = _object(data, "a measure")
    court = _object(item.get("court"), "measure court")
    held = fen(item, "frozen_amount", 0)
    asked = fen(item, "amount", held)
    return Measure(
        authority_code=_text(court, "code"), authority_name=_text(court, "name"),
        document_no=_text(item, "document_no", ""), mode=_text(item, "mode").lower(), held=held,
        unmet=max(asked - held, 0), start_date=_day(item, "start_date"), end_date=_day(item, "end_date"),
        status=_state(item), queue_position=_position(item),
    )


def transaction(data: Any) -> TransactionRecord:
    item = _object(data, "a transaction")
    kind = TRANSACTION_KINDS.get(_text(item, "type"))
    if kind is None:
        raise UnreadableAnswer(f"transaction type {item.get('type')!r} is unknown")
    return TransactionRecord(on=_beijing_day(item, "time"), kind=kind, amount=fen(item, "amount"),
                             balance_after=fen(item, "balance_after"), counterparty=_text(item, "counterparty", ""),
                             category=_text(item, "merchant_category", ""))


def account(data: Any) -> AccountFound:
    item = _object(data, "an account")
    return AccountFound(
        account_no=_text(item, "openid"), balance=fen(item, "balance"), available=fen(item, "available"),
        currency=CURRENCY, whole_account_frozen=item.get("freeze_state") == "ACCOUNT_FROZEN",
        measures=[measure(m) for m in _list(item, "measures")],
        transactions=[transaction(t) for t in _list(item, "transactions")],
    )


def query_outcome(request_no: str, data: Mapping[str, Any]) -> QueryOutcome:
    return QueryOutcome(request_no, OutcomeState.COMPLETED, accounts=[account(a) for a in _list(data, "accounts")])


def freeze_outcome(request_no: str, data: Mapping[str, Any]) -> ControlOutcome:
    """A freeze answer (create, renew, read): ``provider_ref`` is its out_freeze_no, how it is named later."""
    return ControlOutcome(
        request_no=request_no, state=OutcomeState.COMPLETED, succeeded=True, freeze_status=_state(data),
        provider_ref=_text(data, "out_freeze_no"), held=fen(data, "frozen_amount", 0),
        unmet=fen(data, "unfrozen_amount", 0), deducted=fen(data, "deducted_amount", 0),
        queue_position=_position(data), start_date=_day(data, "start_date"), end_date=_day(data, "end_date"),
    )


def deduction_outcome(request_no: str, data: Mapping[str, Any]) -> ControlOutcome:
    """A deduction answer: what went to the court, and what the freeze still holds (``held``)."""
    if data.get("status") != "SUCCESS":
        raise UnreadableAnswer(f"deduction status {data.get('status')!r} is not SUCCESS")
    return ControlOutcome(request_no=request_no, state=OutcomeState.COMPLETED, succeeded=True,
                          provider_ref=_text(data, "out_freeze_no"), deducted=fen(data, "amount"),
                          held=fen(data, "remaining_frozen", 0))


def restriction_id(data: Mapping[str, Any]) -> str:
    return _text(data, "restriction_id")
