"""The court node's types to and from the bank's JSON: yuan strings, ``"156"``, Beijing dates, operation codes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from court_node.adapters.bank.errors import refusal
from court_node.adapters.errors import RefusalCode
from court_node.adapters.types import (
    AccountFound,
    ControlOutcome,
    ControlRequest,
    Court,
    FreezeState,
    Measure,
    Operation,
    OutcomeState,
    QueryOutcome,
    QueryRequest,
    Subject,
    TransactionRecord,
)
from court_node.domain.money import fen_to_yuan, yuan_to_fen

OPERATION_CODES = {Operation.FREEZE: "01", Operation.RENEW: "02", Operation.RELEASE: "04", Operation.DEDUCT: "06"}
CURRENCIES = {"156": "CNY"}
ITEM_SEQ = 1  # the adapter sends one item per control request
#: who asks when the node acts on its own (the reconciler reading a freeze, a release once a case is satisfied):
#: the bank refuses a judicial request without a judge
NODE_ITSELF = "查控系统"


# ---- outbound --------------------------------------------------------------------------------------------
def court_json(court: Court) -> dict[str, str]:
    return {"code": court.code, "name": court.name}


def subject_json(subject: Subject) -> dict[str, str]:
    return {"name": subject.name, "id_type": subject.id_type, "id_number": subject.id_number}


def _envelope(request_no: str, court: Court, judge: str, case_no: str, document_no: str,
              subject: Subject) -> dict[str, Any]:
    return {"request_no": request_no, "court": court_json(court), "judge": judge or NODE_ITSELF, "case_no": case_no,
            "document_no": document_no, "subject": subject_json(subject)}


def query_body(request: QueryRequest, today: date) -> dict[str, Any]:
    """``POST /judicial/v1/queries``; a transaction window open at one end is closed with the other (or today)."""
    body = _envelope(request.request_no, request.court, request.judge, request.case_no, request.document_no,
                     request.subject)
    if request.transactions_from or request.transactions_to:
        until = request.transactions_to or today
        body["transactions"] = {"from": (request.transactions_from or until).isoformat(), "to": until.isoformat()}
    return body


def status_query_body(request: ControlRequest) -> dict[str, Any]:
    """A query about the freeze's subject, asked by the freezing court so that it sees its request numbers."""
    return _envelope(request.request_no, request.court, request.judge, request.case_no, request.document_no,
                     request.subject)


def original_request_no(request: ControlRequest) -> str:
    """The bank names a freeze by the request number that placed it."""
    return request.original_request_no or request.provider_ref


def _required(value: Any, what: str, request: ControlRequest) -> Any:
    if value is None or value == "":
        raise ValueError(f"{request.operation.value} request {request.request_no} needs {what}")
    return value


def control_item(request: ControlRequest, today: date) -> dict[str, Any]:
    """The single item of a control request, with exactly the fields its operation takes."""
    item: dict[str, Any] = {"seq": ITEM_SEQ, "operation": OPERATION_CODES[request.operation],
                            "account_no": request.account_no}
    if request.operation is Operation.FREEZE:
        item["content"] = "2" if request.whole_account else "1"
        if not request.whole_account:
            item["amount"] = fen_to_yuan(_required(request.amount, "an amount", request))
        item["start_date"] = (request.start_date or today).isoformat()
        item["end_date"] = _required(request.end_date, "an end date", request).isoformat()
        return item
    item["original_request_no"] = _required(original_request_no(request), "the original request number", request)
    if request.operation is Operation.RENEW:
        item["end_date"] = _required(request.end_date, "a new end date", request).isoformat()
    elif request.operation is Operation.DEDUCT:
        item["amount"] = fen_to_yuan(_required(request.amount, "an amount", request))
        item["enforcement_account"] = _required(request.court.enforcement_account, "an enforcement account", request)
    return item


def control_body(request: ControlRequest, today: date) -> dict[str, Any]:
    body = _envelope(request.request_no, request.court, request.judge, request.case_no, request.document_no,
                     request.subject)
    body["items"] = [control_item(request, today)]
    return body


# ---- inbound ---------------------------------------------------------------------------------------------
def fen(text: Any) -> int:
    return yuan_to_fen(text, allow_zero=True)


def optional_fen(text: Any) -> int | None:
    return None if text is None else fen(text)


def optional_date(text: Any) -> date | None:
    return None if text is None else date.fromisoformat(text)


def measure(data: Mapping[str, Any]) -> Measure:
    return Measure(
        authority_code=str(data["authority_code"]),
        authority_name=str(data["authority_name"]),
        document_no=str(data["document_no"]),
        mode=str(data["mode"]),
        held=fen(data["amount_frozen"]),
        unmet=fen(data["amount_unfrozen"]),
        start_date=optional_date(data.get("start_date")),
        end_date=optional_date(data.get("end_date")),
        status=FreezeState(data["status"]),
        queue_position=data.get("queue_position"),
    )


def transaction(data: Mapping[str, Any]) -> TransactionRecord:
    return TransactionRecord(
        on=date.fromisoformat(data["date"]),
        kind=str(data["kind"]),
        amount=fen(data["amount"]),
        balance_after=fen(data["balance_after"]),
        counterparty=str(data.get("counterparty") or ""),
        category=str(data.get("category") or ""),
    )


def account(data: Mapping[str, Any]) -> AccountFound:
    return AccountFound(
        account_no=str(data["account_no"]),
        balance=fen(data["balance"]),
        available=fen(data["available_balance"]),
        currency=CURRENCIES.get(str(data.get("currency")), str(data.get("currency"))),
        whole_account_frozen=bool(data.get("whole_account_frozen", False)),
        measures=[measure(m) for m in data.get("measures") or []],
        transactions=[transaction(t) for t in data.get("transactions") or []],
    )


def query_outcome(request_no: str, feedback: Mapping[str, Any]) -> QueryOutcome:
    """A query's feedback: accepted is PENDING; a rejection (identity) is REJECTED; else its accounts."""
    status = feedback["status"]
    if feedback.get("kind") != "query":
        return QueryOutcome(request_no, OutcomeState.REJECTED, error_code=RefusalCode.REQUEST_CONFLICT,
                            error_message=f"request {request_no} is a {feedback.get('kind')} request, not a query")
    if status == "accepted":
        return QueryOutcome(request_no, OutcomeState.PENDING)
    if status == "rejected":
        return QueryOutcome(request_no, OutcomeState.REJECTED, error_code=refusal(feedback.get("reason_code")),
                            error_message=str(feedback.get("reason") or ""))
    if status != "completed":
        raise ValueError(f"unknown feedback status {status!r}")
    return QueryOutcome(request_no, OutcomeState.COMPLETED, [account(a) for a in feedback.get("accounts") or []])


def _item_of(request: ControlRequest, feedback: Mapping[str, Any]) -> Mapping[str, Any] | None:
    items: list[Mapping[str, Any]] = feedback.get("items") or []
    item = next((i for i in items if i.get("seq") == ITEM_SEQ), None)
    if item is None or item.get("account_no") != request.account_no \
            or item.get("operation") != OPERATION_CODES[request.operation]:
        return None
    return item


def control_outcome(request: ControlRequest, feedback: Mapping[str, Any]) -> ControlOutcome:
    """A control request's feedback, its one item as the outcome; the freeze is named by its request number."""
    number = request.request_no
    status = feedback["status"]
    if feedback.get("kind") != "control":
        return ControlOutcome(number, OutcomeState.REJECTED, error_code=RefusalCode.REQUEST_CONFLICT,
                              error_message=f"request {number} is a {feedback.get('kind')} request, not a control")
    if status == "accepted":
        return ControlOutcome(number, OutcomeState.PENDING)
    if status == "rejected":
        return ControlOutcome(number, OutcomeState.REJECTED, error_code=refusal(feedback.get("reason_code")),
                              error_message=str(feedback.get("reason") or ""))
    if status != "completed":
        raise ValueError(f"unknown feedback status {status!r}")
    item = _item_of(request, feedback)
    if item is None:
        return ControlOutcome(number, OutcomeState.REJECTED, error_code=RefusalCode.REQUEST_CONFLICT,
                              error_message=f"request {number} was about another account or operation")
    controlled = bool(item["controlled"])
    reason_code = item.get("reason_code")
    return ControlOutcome(
        request_no=number,
        state=OutcomeState.COMPLETED,
        succeeded=controlled,
        freeze_status=FreezeState(item["freeze_status"]) if item.get("freeze_status") else None,
        provider_ref=number if request.operation is Operation.FREEZE else original_request_no(request),
        held=fen(item.get("amount_frozen") or "0"),
        unmet=fen(item.get("amount_unfrozen") or "0"),
        deducted=fen(item.get("amount_deducted") or "0"),
        queue_position=item.get("queue_position"),
        start_date=optional_date(item.get("start_date")),
        end_date=optional_date(item.get("end_date")),
        balance=optional_fen(item.get("balance")),
        available=optional_fen(item.get("available_balance")),
        error_code="" if controlled else refusal(reason_code),
        error_message="" if controlled else str(item.get("reason") or ""),
    )


def _own_measure(request: ControlRequest, account_data: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """Our freeze among the account's measures (live first, then our ended ones), by court and request number."""
    wanted = original_request_no(request)
    for key in ("measures", "ended_measures"):
        for data in account_data.get(key) or []:
            if data.get("authority_code") == request.court.code and data.get("request_no") == wanted:
                found: Mapping[str, Any] = data
                return found
    return None


def status_outcome(request: ControlRequest, feedback: Mapping[str, Any]) -> ControlOutcome:
    """The freeze's state now, read from the feedback of a query about its subject."""
    asked = query_outcome(request.request_no, feedback)
    if asked.state is not OutcomeState.COMPLETED:
        return ControlOutcome(request.request_no, asked.state, error_code=asked.error_code,
                              error_message=asked.error_message)
    ref = original_request_no(request)
    account_data = next((a for a in feedback.get("accounts") or [] if a.get("account_no") == request.account_no),
                        None)
    if account_data is None:
        return ControlOutcome(request.request_no, OutcomeState.COMPLETED, provider_ref=ref,
                              error_code=RefusalCode.ACCOUNT_NOT_FOUND,
                              error_message=f"account {request.account_no} is not the subject's at this bank")
    data = _own_measure(request, account_data)
    if data is None:
        return ControlOutcome(request.request_no, OutcomeState.COMPLETED, provider_ref=ref,
                              error_code=RefusalCode.FREEZE_NOT_FOUND,
                              error_message=f"no freeze under request {ref} on account {request.account_no}")
    found = measure(data)
    return ControlOutcome(
        request_no=request.request_no, state=OutcomeState.COMPLETED, succeeded=True, freeze_status=found.status,
        provider_ref=ref, held=found.held, unmet=found.unmet, queue_position=found.queue_position,
        start_date=found.start_date, end_date=found.end_date, balance=fen(account_data["balance"]),
        available=fen(account_data["available_balance"]),
    )
