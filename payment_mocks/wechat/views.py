"""Ledger values as v3 JSON: amounts in fen objects, RFC 3339 Beijing times, upper-case states, nulls left out."""

from __future__ import annotations

from typing import Any

from payment_mocks.clock import BEIJING, from_us
from payment_mocks.ledger import AccountView, Freeze, FreezeMode, FreezeStatus, Movement, Payout, Restriction
from payment_mocks.terms import beijing_date

CURRENCY = "CNY"

FREEZE_STATES = {
    FreezeStatus.ACTIVE: "FROZEN",
    FreezeStatus.WAITING: "WAITING",
    FreezeStatus.EXPIRED: "EXPIRED",
    FreezeStatus.RELEASED: "RELEASED",
    FreezeStatus.DEDUCTED: "DEDUCTED",
}


def money(fen: int) -> dict[str, Any]:
    return {"total": fen, "currency": CURRENCY}


def rfc3339(us: int) -> str:
    """``2026-03-01T10:34:56+08:00``, as v3 writes times."""
    return from_us(us).astimezone(BEIJING).replace(microsecond=0).isoformat()


def day(us: int | None) -> str | None:
    return None if us is None else beijing_date(us).isoformat()


def compact(data: dict[str, Any]) -> dict[str, Any]:
    """v3 leaves out a key whose value is null."""
    return {k: v for k, v in data.items() if v is not None}


def deduction_id(payout: Payout) -> str:
    return f"WXD{payout.id:010d}"


def restriction_id(restriction: Restriction) -> str:
    return f"WXR{restriction.id:010d}"


def measure(freeze: Freeze) -> dict[str, Any]:
    """A judicial measure on an account, as any court's query or freeze answer lists it."""
    return compact({
        "freeze_id": freeze.freeze_no,
        "court": {"code": freeze.authority_code, "name": freeze.authority_name},
        "document_no": freeze.document_no,
        "case_no": freeze.case_no or None,
        "mode": freeze.mode.value.upper(),
        "status": FREEZE_STATES[freeze.status],
        "amount": money(freeze.amount_requested) if freeze.amount_requested is not None else None,
        "frozen_amount": money(freeze.held),
        "start_date": day(freeze.activated_at),
        "end_date": day(freeze.expires_at),
        "queue_position": freeze.queue_position,
    })


def freeze_view(freeze: Freeze, out_freeze_no: str, prior: list[Freeze]) -> dict[str, Any]:
    """A court's own freeze in full, with the measures that were on the account before it."""
    return compact({
        "out_freeze_no": out_freeze_no,
        "freeze_id": freeze.freeze_no,
        "openid": freeze.account_no,
        "court": {"code": freeze.authority_code, "name": freeze.authority_name},
        "case_no": freeze.case_no or None,
        "document_no": freeze.document_no,
        "mode": freeze.mode.value.upper(),
        "status": FREEZE_STATES[freeze.status],
        "amount": money(freeze.amount_requested) if freeze.amount_requested is not None else None,
        "frozen_amount": money(freeze.held),
        "unfrozen_amount": money(freeze.unmet),
        "deducted_amount": money(freeze.deducted),
        "captures_credits": freeze.captures if freeze.mode is FreezeMode.AMOUNT else None,
        "queue_position": freeze.queue_position,
        "term_days": freeze.term_days,
        "start_date": day(freeze.activated_at),
        "end_date": day(freeze.expires_at),
        "renewals": freeze.renewals,
        "measures": [measure(f) for f in prior if f.id < freeze.id],
    })


def freeze_state(account: AccountView) -> str:
    if account.whole_account_frozen:
        return "ACCOUNT_FROZEN"
    if any(f.status is FreezeStatus.ACTIVE for f in account.freezes):
        return "AMOUNT_FROZEN"
    return "NOT_FROZEN"


def balance_view(account: AccountView) -> dict[str, Any]:
    return {
        "openid": account.account_no,
        "balance": money(account.balance),
        "available": money(account.available),
        "freeze_state": freeze_state(account),
    }


def movement_view(movement: Movement) -> dict[str, Any]:
    incoming = movement.kind.value in ("seed", "credit")
    return compact({
        "time": rfc3339(movement.at),
        "type": movement.kind.value.upper(),
        "direction": "IN" if incoming else "OUT",
        "amount": money(movement.amount),
        "balance_after": money(movement.balance_after),
        "counterparty": movement.counterparty or None,
        "merchant_category": movement.category or None,
        "reference": movement.reference or None,
        "memo": movement.memo or None,
    })


def account_view(account: AccountView, movements: list[Movement] | None) -> dict[str, Any]:
    """One wallet as a judicial query answers it."""
    view = balance_view(account)
    view["holder_name"] = account.subject.name
    view["measures"] = [measure(f) for f in account.freezes]
    if movements is not None:
        view["transactions"] = [movement_view(m) for m in movements]
    return view


def payout_view(payout: Payout, out_freeze_no: str, remaining: int) -> dict[str, Any]:
    return {
        "out_deduction_no": payout.request_no,
        "deduction_id": deduction_id(payout),
        "out_freeze_no": out_freeze_no,
        "freeze_id": payout.freeze_no,
        "court_code": payout.authority_code,
        "document_no": payout.document_no,
        "enforcement_account": payout.enforcement_account,
        "amount": money(payout.amount),
        "remaining_frozen": money(remaining),
        "status": "SUCCESS",
        "success_time": rfc3339(payout.at),
    }


def restriction_view(restriction: Restriction, out_restriction_no: str | None = None) -> dict[str, Any]:
    return compact({
        "out_restriction_no": out_restriction_no,
        "restriction_id": restriction_id(restriction),
        "court": {"code": restriction.authority_code, "name": restriction.authority_name},
        "case_no": restriction.case_no or None,
        "document_no": restriction.document_no,
        "categories": sorted(restriction.categories),
        "status": "LIFTED" if restriction.lifted_at is not None else "ACTIVE",
        "issued_time": rfc3339(restriction.issued_at),
        "lifted_time": rfc3339(restriction.lifted_at) if restriction.lifted_at is not None else None,
    })
