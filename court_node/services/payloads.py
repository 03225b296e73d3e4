"""Provider requests and answers as JSON, so that the outbox can send a request again exactly as it was."""

from __future__ import annotations

from datetime import date
from typing import Any

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


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(value)


def court_json(court: Court) -> dict[str, str]:
    return {"code": court.code, "name": court.name, "enforcement_account": court.enforcement_account}


def subject_json(subject: Subject) -> dict[str, str]:
    return {"name": subject.name, "id_type": subject.id_type, "id_number": subject.id_number}


def control_json(r: ControlRequest) -> dict[str, Any]:
    return {"request_no": r.request_no, "operation": str(r.operation), "court": court_json(r.court),
            "judge": r.judge, "case_no": r.case_no, "document_no": r.document_no,
            "subject": subject_json(r.subject), "account_no": r.account_no, "amount": r.amount,
            "whole_account": r.whole_account, "start_date": _day(r.start_date), "end_date": _day(r.end_date),
            "provider_ref": r.provider_ref, "original_request_no": r.original_request_no}


def control_request(data: dict[str, Any]) -> ControlRequest:
    return ControlRequest(
        request_no=data["request_no"], operation=Operation(data["operation"]), court=Court(**data["court"]),
        judge=data["judge"], case_no=data["case_no"], document_no=data["document_no"],
        subject=Subject(**data["subject"]), account_no=data["account_no"], amount=data["amount"],
        whole_account=data["whole_account"], start_date=_date(data["start_date"]), end_date=_date(data["end_date"]),
        provider_ref=data["provider_ref"], original_request_no=data["original_request_no"])


def query_json(r: QueryRequest) -> dict[str, Any]:
    return {"request_no": r.request_no, "court": court_json(r.court), "judge": r.judge, "case_no": r.case_no,
            "document_no": r.document_no, "subject": subject_json(r.subject),
            "transactions_from": _day(r.transactions_from), "transactions_to": _day(r.transactions_to)}


def query_request(data: dict[str, Any]) -> QueryRequest:
    return QueryRequest(request_no=data["request_no"], court=Court(**data["court"]), judge=data["judge"],
                        case_no=data["case_no"], document_no=data["document_no"], subject=Subject(**data["subject"]),
                        transactions_from=_date(data["transactions_from"]),
                        transactions_to=_date(data["transactions_to"]))


def control_outcome_json(o: ControlOutcome) -> dict[str, Any]:
    return {"state": str(o.state), "succeeded": o.succeeded,
            "freeze_status": None if o.freeze_status is None else str(o.freeze_status),
            "provider_ref": o.provider_ref, "held": o.held, "unmet": o.unmet, "deducted": o.deducted,
            "queue_position": o.queue_position, "start_date": _day(o.start_date), "end_date": _day(o.end_date),
            "balance": o.balance, "available": o.available, "error_code": o.error_code,
            "error_message": o.error_message}


def control_outcome(request_no: str, data: dict[str, Any]) -> ControlOutcome:
    status = data.get("freeze_status")
    return ControlOutcome(
        request_no=request_no, state=OutcomeState(data["state"]), succeeded=data["succeeded"],
        freeze_status=None if status is None else FreezeState(status), provider_ref=data["provider_ref"],
        held=data["held"], unmet=data["unmet"], deducted=data["deducted"], queue_position=data["queue_position"],
        start_date=_date(data["start_date"]), end_date=_date(data["end_date"]), balance=data["balance"],
        available=data["available"], error_code=data["error_code"], error_message=data["error_message"])


def measure_json(m: Measure) -> dict[str, Any]:
    return {"authority_code": m.authority_code, "authority_name": m.authority_name, "document_no": m.document_no,
            "mode": m.mode, "held": m.held, "unmet": m.unmet, "start_date": _day(m.start_date),
            "end_date": _day(m.end_date), "status": str(m.status), "queue_position": m.queue_position}


def transaction_json(t: TransactionRecord) -> dict[str, Any]:
    return {"on": t.on.isoformat(), "kind": t.kind, "amount": t.amount, "balance_after": t.balance_after,
            "counterparty": t.counterparty, "category": t.category}


def account_json(a: AccountFound) -> dict[str, Any]:
    """An account as stored with an inspection result: money in fen, dates as ISO strings."""
    return {"account_no": a.account_no, "balance": a.balance, "available": a.available, "currency": a.currency,
            "whole_account_frozen": a.whole_account_frozen, "measures": [measure_json(m) for m in a.measures],
            "transactions": [transaction_json(t) for t in a.transactions]}


def query_outcome_json(o: QueryOutcome) -> dict[str, Any]:
    return {"state": str(o.state), "accounts": [account_json(a) for a in o.accounts], "error_code": o.error_code,
            "error_message": o.error_message}
