"""Ledger rows as Alipay answers them: yuan strings, Beijing dates, upper-case statuses, 28-digit numbers."""

from __future__ import annotations

from typing import Any

from payment_mocks.ledger import AccountView, Freeze, FreezeStatus, Movement, MovementKind, Restriction
from payment_mocks.money import format_yuan
from payment_mocks.terms import beijing_date, format_beijing

FREEZE_STATUS = {
    FreezeStatus.ACTIVE: "FROZEN",
    FreezeStatus.WAITING: "WAITING",  # 轮候冻结
    FreezeStatus.RELEASED: "UNFROZEN",
    FreezeStatus.EXPIRED: "EXPIRED",
    FreezeStatus.DEDUCTED: "DEDUCTED",
}

# Business-type digits inside Alipay-style numbers: yyyyMMdd + 4 digits + 16-digit serial.
TRADE, TRANSFER, FUND_ORDER, DEDUCTION, RESTRICTION = "2200", "1100", "1200", "3100", "4100"


def alipay_no(at_us: int, business: str, serial: int) -> str:
    """A 28-digit number in Alipay's style, e.g. ``2026031522000000000000000042``, unique by ``serial``."""
    return beijing_date(at_us).strftime("%Y%m%d") + business + f"{serial:016d}"


def serial_of(number: str, business: str) -> int | None:
    """The serial inside a number built by ``alipay_no``, or None when it is not one of ours."""
    if len(number) != 28 or not number.isdigit() or number[8:12] != business:
        return None
    return int(number[12:])


def compact(data: dict[str, Any]) -> dict[str, Any]:
    """Alipay leaves out fields that have no value."""
    return {k: v for k, v in data.items() if v is not None and v != ""}


def day(us: int | None) -> str | None:
    return None if us is None else beijing_date(us).isoformat()


def measure(f: Freeze, court_code: str) -> dict[str, Any]:
    """One judicial measure on an account; its number is shown only to the court that placed it."""
    return compact({
        "freeze_no": f.freeze_no if f.authority_code == court_code else None,
        "court_code": f.authority_code,
        "court_name": f.authority_name,
        "document_no": f.document_no,
        "freeze_type": f.mode.value.upper(),
        "freeze_amount": None if f.amount_requested is None else format_yuan(f.amount_requested),
        "frozen_amount": format_yuan(f.held),
        "unfrozen_amount": format_yuan(f.unmet),
        "start_date": day(f.activated_at),
        "end_date": day(f.expires_at),
        "status": FREEZE_STATUS[f.status],
        "queue_position": f.queue_position,
    })


def freeze_details(f: Freeze, view: AccountView, court_code: str) -> dict[str, Any]:
    """A freeze as the court that placed it sees it, with every other measure still on the account."""
    return compact({
        "freeze_no": f.freeze_no,
        "user_id": f.account_no,
        "freeze_type": f.mode.value.upper(),
        "status": FREEZE_STATUS[f.status],
        "freeze_amount": None if f.amount_requested is None else format_yuan(f.amount_requested),
        "frozen_amount": format_yuan(f.held),
        "unfrozen_amount": format_yuan(f.unmet),
        "deducted_amount": format_yuan(f.deducted),
        "queue_position": f.queue_position,
        "start_date": day(f.activated_at),
        "end_date": day(f.expires_at),
        "balance": format_yuan(view.balance),
        "available_amount": format_yuan(view.available),
    }) | {"judicial_measures": [measure(o, court_code) for o in view.freezes if o.id != f.id]}


def freeze_status(view: AccountView) -> str:
    if view.whole_account_frozen:
        return "ALL_FROZEN"
    if any(f.status is FreezeStatus.ACTIVE for f in view.freezes):
        return "PARTIAL_FROZEN"
    return "NORMAL"


def transaction(m: Movement) -> dict[str, Any]:
    """One transaction record (交易流水) of an account."""
    incoming = m.kind in (MovementKind.SEED, MovementKind.CREDIT)
    return compact({
        "trans_time": format_beijing(m.at),
        "trans_type": m.kind.value.upper(),
        "direction": "IN" if incoming else "OUT",
        "amount": format_yuan(m.amount),
        "balance": format_yuan(m.balance_after),
        "counterparty": m.counterparty,
        "merchant_category": m.category,
        "reference": m.reference,
        "memo": m.memo,
    })


def account_entry(view: AccountView, moves: list[Movement], court_code: str) -> dict[str, Any]:
    return {
        "user_id": view.account_no,
        "account_name": view.subject.name,
        "balance": format_yuan(view.balance),
        "available_amount": format_yuan(view.available),
        "freeze_status": freeze_status(view),
        "judicial_measures": [measure(f, court_code) for f in view.freezes],
        "transactions": [transaction(m) for m in moves],
    }


def restriction_number(r: Restriction) -> str:
    return alipay_no(r.issued_at, RESTRICTION, r.id)


def restriction_view(r: Restriction) -> dict[str, Any]:
    return compact({
        "restriction_no": restriction_number(r),
        "court_name": r.authority_name,
        "document_no": r.document_no,
        "case_no": r.case_no,
        "categories": sorted(r.categories),
        "status": "EFFECTIVE" if r.lifted_at is None else "CANCELLED",
        "gmt_create": format_beijing(r.issued_at),
        "gmt_cancel": None if r.lifted_at is None else format_beijing(r.lifted_at),
    })
