"""The ledger's values as control-API JSON: money as yuan strings and integer fen, instants in ISO 8601 UTC."""

from __future__ import annotations

from typing import Any

from payment_mocks.clock import BEIJING, from_us
from payment_mocks.ledger import AccountView, Freeze, Movement, Payout, Restriction, Subject
from payment_mocks.money import format_yuan


def iso(us: int | None) -> str | None:
    """``2026-03-01T08:00:00.000000Z``, or None."""
    if us is None:
        return None
    return from_us(us).isoformat(timespec="microseconds").replace("+00:00", "Z")


def iso_beijing(us: int) -> str:
    return from_us(us).astimezone(BEIJING).isoformat(timespec="microseconds")


def money(name: str, fen: int | None) -> dict[str, Any]:
    """``{name: "1234.56", name_fen: 123456}`` (both None when there is no amount)."""
    return {name: None if fen is None else format_yuan(fen), f"{name}_fen": fen}


def subject_json(subject: Subject) -> dict[str, Any]:
    return {"id": subject.id, "name": subject.name, "id_type": subject.id_type, "id_number": subject.id_number}


def freeze_json(freeze: Freeze) -> dict[str, Any]:
    return {
        "id": freeze.id,
        "freeze_no": freeze.freeze_no,
        "account_no": freeze.account_no,
        "authority_code": freeze.authority_code,
        "authority_name": freeze.authority_name,
        "request_no": freeze.request_no,
        "document_no": freeze.document_no,
        "case_no": freeze.case_no,
        "mode": freeze.mode.value,
        "status": freeze.status.value,
        **money("amount_requested", freeze.amount_requested),
        **money("held", freeze.held),
        **money("deducted", freeze.deducted),
        **money("unmet", freeze.unmet),
        "captures": freeze.captures,
        "term_days": freeze.term_days,
        "queue_position": freeze.queue_position,
        "placed_at": iso(freeze.placed_at),
        "activated_at": iso(freeze.activated_at),
        "expires_at": iso(freeze.expires_at),
        "ended_at": iso(freeze.ended_at),
        "renewals": freeze.renewals,
    }


def account_json(view: AccountView) -> dict[str, Any]:
    return {
        "account_no": view.account_no,
        "subject": subject_json(view.subject),
        "currency": view.currency,
        **money("balance", view.balance),
        **money("available", view.available),
        **money("held", view.held),
        "whole_account_frozen": view.whole_account_frozen,
        "opened_at": iso(view.opened_at),
        "freezes": [freeze_json(f) for f in view.freezes],
    }


def movement_json(movement: Movement) -> dict[str, Any]:
    return {
        "id": movement.id,
        "at": iso(movement.at),
        "account_no": movement.account_no,
        "kind": movement.kind.value,
        **money("amount", movement.amount),
        **money("balance_after", movement.balance_after),
        "freeze_id": movement.freeze_id,
        "counterparty": movement.counterparty,
        "category": movement.category,
        "reference": movement.reference,
        "memo": movement.memo,
    }


def payout_json(payout: Payout) -> dict[str, Any]:
    return {
        "id": payout.id,
        "freeze_id": payout.freeze_id,
        "freeze_no": payout.freeze_no,
        "authority_code": payout.authority_code,
        "request_no": payout.request_no,
        "document_no": payout.document_no,
        "enforcement_account": payout.enforcement_account,
        **money("amount", payout.amount),
        "at": iso(payout.at),
    }


def restriction_json(restriction: Restriction) -> dict[str, Any]:
    return {
        "id": restriction.id,
        "subject_id": restriction.subject_id,
        "authority_code": restriction.authority_code,
        "authority_name": restriction.authority_name,
        "document_no": restriction.document_no,
        "case_no": restriction.case_no,
        "categories": sorted(restriction.categories),
        "issued_at": iso(restriction.issued_at),
        "lifted_at": iso(restriction.lifted_at),
        "in_force": restriction.lifted_at is None,
    }
