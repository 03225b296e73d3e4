"""Feedback records (回执) as the bank writes them: yuan strings, Beijing dates, the real result fields."""

from __future__ import annotations

from typing import Any

from payment_mocks.bank.store import BankRequest
from payment_mocks.ledger import AccountView, Freeze, Movement, MovementKind
from payment_mocks.money import format_yuan
from payment_mocks.terms import beijing_date, beijing_datetime

CURRENCY = "156"  # ISO 4217 numeric code of the yuan


def instant(us: int | None) -> str | None:
    """An instant as ISO 8601 in Beijing time, e.g. ``2026-03-01T10:00:00+08:00``."""
    return None if us is None else beijing_datetime(us).isoformat(timespec="seconds")


def day(us: int | None) -> str | None:
    """The Beijing calendar date of an instant."""
    return None if us is None else beijing_date(us).isoformat()


def yuan(fen: int | None) -> str | None:
    return None if fen is None else format_yuan(fen)


def measure(freeze: Freeze, court_code: str | None = None) -> dict[str, Any]:
    """One judicial measure on an account; the asking court also sees its own request number."""
    data: dict[str, Any] = {
        "freeze_no": freeze.freeze_no,
        "authority_code": freeze.authority_code,
        "authority_name": freeze.authority_name,
        "document_no": freeze.document_no,
        "mode": freeze.mode.value,
        "amount": yuan(freeze.amount_requested),
        "amount_frozen": yuan(freeze.held),
        "amount_unfrozen": yuan(freeze.unmet),
        "start_date": day(freeze.activated_at),
        "end_date": day(freeze.expires_at),
        "status": freeze.status.value,
        "queue_position": freeze.queue_position,
    }
    if court_code is not None and freeze.authority_code == court_code:
        data["request_no"] = freeze.request_no
    return data


def transaction(movement: Movement) -> dict[str, Any]:
    """One transaction record (交易流水) of an account."""
    incoming = movement.kind in (MovementKind.SEED, MovementKind.CREDIT)
    return {
        "date": day(movement.at),
        "time": instant(movement.at),
        "kind": movement.kind.value,
        "direction": "in" if incoming else "out",
        "amount": yuan(movement.amount),
        "balance_after": yuan(movement.balance_after),
        "counterparty": movement.counterparty,
        "category": movement.category,
    }


def ended_measure(freeze: Freeze) -> dict[str, Any]:
    """One of the asking court's own measures that has ended (released, expired, deducted), and when."""
    return {**measure(freeze, freeze.authority_code), "ended_date": day(freeze.ended_at)}


def account(
    view: AccountView, court_code: str, movements: list[Movement] | None, ended: list[Freeze] | None = None
) -> dict[str, Any]:
    """An account as a query feedback lists it; ``ended`` are the asking court's own ended measures."""
    data: dict[str, Any] = {
        "account_no": view.account_no,
        "name": view.subject.name,
        "currency": CURRENCY,
        "balance": yuan(view.balance),
        "available_balance": yuan(view.available),
        "whole_account_frozen": view.whole_account_frozen,
        "measures": [measure(f, court_code) for f in view.freezes],
        "ended_measures": [ended_measure(f) for f in ended or [] if f.authority_code == court_code],
    }
    if movements is not None:
        data["transactions"] = [transaction(m) for m in movements]
    return data


def item(
    spec: dict[str, Any], *, court_code: str, view: AccountView | None, freeze: Freeze | None,
    deducted: int = 0, failure: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """One item of a control feedback, following the real result record."""
    return {
        "seq": spec["seq"],
        "operation": spec["operation"],
        "account_no": spec["account_no"],
        "controlled": failure is None,
        "balance": yuan(view.balance) if view else None,
        "available_balance": yuan(view.available) if view else None,
        "freeze_no": freeze.freeze_no if freeze else None,
        "amount_frozen": yuan(freeze.held) if freeze else "0.00",
        "amount_unfrozen": yuan(freeze.unmet) if freeze else "0.00",
        "amount_deducted": yuan(deducted),
        "start_date": day(freeze.activated_at) if freeze else None,
        "end_date": day(freeze.expires_at) if freeze else None,
        "freeze_status": freeze.status.value if freeze else None,
        "queue_position": freeze.queue_position if freeze else None,
        "reason_code": failure[0] if failure else None,
        "reason": failure[1] if failure else None,
        "measures": [measure(f) for f in view.freezes if f.authority_code != court_code] if view else [],
    }


def accepted(request: BankRequest) -> dict[str, Any]:
    """The 202 answer to a submission."""
    return {"request_no": request.request_no, "status": "accepted", "accepted_at": instant(request.accepted_at)}


def feedback(request: BankRequest) -> dict[str, Any]:
    """A request's feedback: still ``accepted``, or ``completed`` / ``rejected`` with its results."""
    key = "accounts" if request.kind == "query" else "items"
    return {
        "request_no": request.request_no,
        "kind": request.kind,
        "status": request.status,
        "reason_code": request.reason_code,
        "reason": request.reason,
        "accepted_at": instant(request.accepted_at),
        "completed_at": instant(request.completed_at),
        key: request.result or [],
    }
