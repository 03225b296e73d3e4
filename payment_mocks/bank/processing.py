"""Processing accepted requests when their delay has run out on the simulated clock.

The ``BankSettler`` plugs into the ledger's settlement, so each request is processed exactly at its due
instant, in order with freeze expiries and other requests, however far the clock jumps.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from payment_mocks.bank import feedback, store
from payment_mocks.bank.store import BankRequest
from payment_mocks.clock import BEIJING, parse_duration, to_us
from payment_mocks.ledger import Freeze, FreezeMode, FreezeStatus, LedgerError, LedgerTx, Subject
from payment_mocks.ledger.errors import (
    AccountNotFound,
    FreezeEnded,
    FreezeExpired,
    FreezeNotActive,
    FreezeNotFound,
    IdentityNotMatch,
    NotFreezeOwner,
    SubjectNotFound,
)
from payment_mocks.runtime import Provider
from payment_mocks.terms import TermError, parse_date, renewal_days, term_days

logger = logging.getLogger(__name__)

DELAY_SETTING = "bank.processing_delay"
MAX_DELAY_US = 365 * 86_400_000_000


# ---- the processing delay, a persisted setting ---------------------------------------------------------
def delay_us(text: str) -> int:
    """Microseconds of a delay such as ``2h``; ValueError when negative, over a year or malformed."""
    value = parse_duration(text)
    us = (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds
    if not 0 <= us <= MAX_DELAY_US:
        raise ValueError(f"processing delay {text!r} must be between 0s and 365d")
    return us


def processing_delay(provider: Provider) -> str:
    return provider.ledger.db.get_setting(DELAY_SETTING) or "0s"


def set_processing_delay(provider: Provider, value: object) -> str:
    """Store a new delay (``"2h"``, or whole seconds as an integer); it applies to requests accepted from now."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError("processing delay must be a duration such as \"2h\" or whole seconds")
    text = f"{value}s" if isinstance(value, int) else value.strip()
    delay_us(text)
    provider.ledger.db.set_setting(DELAY_SETTING, text)
    return text


# ---- the settler --------------------------------------------------------------------------------------
class BankSettler:
    """Runs accepted requests at ``accepted_at + delay``, in acceptance order among equal instants."""

    def next_due(self, tx: LedgerTx) -> int | None:
        return store.next_due(tx)

    def run_due(self, tx: LedgerTx, at: int) -> None:
        for request in store.due_at(tx, at):
            process(tx, request)


@dataclass
class Outcome:
    status: str
    result: list[dict[str, Any]] = field(default_factory=list)
    reason_code: str | None = None
    reason: str | None = None


def process(tx: LedgerTx, request: BankRequest) -> None:
    """Process one request and record its feedback; a failure here must never block later settlements."""
    try:
        with tx.savepoint():
            outcome = process_query(tx, request.body) if request.kind == "query" else process_control(tx, request.body)
    except Exception:
        logger.exception("bank request %s could not be processed", request.request_no)
        outcome = Outcome("rejected", [], "SYSTEM_ERROR", "the bank could not process the request")
    store.finish(tx, request, status=outcome.status, result=outcome.result, reason_code=outcome.reason_code,
                 reason=outcome.reason)


def _identify(tx: LedgerTx, body: dict[str, Any]) -> Subject:
    subject = body["subject"]
    return tx.check_identity(subject["name"], subject["id_type"], subject["id_number"])


# ---- queries --------------------------------------------------------------------------------------------
def _day_start_us(text: str) -> int:
    return to_us(datetime.combine(parse_date(text), time(0), tzinfo=BEIJING))


def process_query(tx: LedgerTx, body: dict[str, Any]) -> Outcome:
    """Accounts, balances, measures and (when asked) transaction records of the subject."""
    try:
        tx.subject_by_number(body["subject"]["id_number"])
    except SubjectNotFound:
        return Outcome("completed")  # no customer of this bank: an empty answer, not an error
    try:
        subject = _identify(tx, body)
    except IdentityNotMatch as exc:
        return Outcome("rejected", [], exc.code, exc.message)
    window = body.get("transactions")
    since = until = None
    if window:
        since = _day_start_us(window["since"])
        until = _day_start_us(window["until"]) + 86_400_000_000  # the whole last day
    court = body["court"]["code"]
    accounts = []
    for view in tx.accounts_of(subject):
        movements = tx.movements(view.account_no, since, until) if window else None
        # the court sees how its own freezes ended (lapsed, released, deducted): the bank has no per-freeze read
        ended = [f for f in tx.freezes_on(view.account_no, include_ended=True)
                 if f.status.ended and f.authority_code == court]
        accounts.append(feedback.account(view, court, movements, ended))
    return Outcome("completed", accounts)


# ---- control requests -----------------------------------------------------------------------------------
def process_control(tx: LedgerTx, body: dict[str, Any]) -> Outcome:
    """Each item in its own savepoint: one failing item leaves the others done."""
    try:
        subject = _identify(tx, body)
    except IdentityNotMatch as exc:
        return Outcome("rejected", [], exc.code, exc.message)
    return Outcome("completed", [run_item(tx, body, subject, spec) for spec in body["items"]])


def run_item(tx: LedgerTx, body: dict[str, Any], subject: Subject, spec: dict[str, Any]) -> dict[str, Any]:
    court = body["court"]["code"]
    account_no = spec["account_no"]
    freeze: Freeze | None = None
    deducted = 0
    failure: tuple[str, str] | None = None
    holder = False
    try:
        with tx.savepoint():
            tx.check_holder(account_no, subject)
            holder = True
            freeze, deducted = _operate(tx, body, spec)
    except LedgerError as exc:
        failure = (exc.code, exc.message)
    except TermError as exc:
        failure = ("TERM_INVALID", str(exc))
    view = None
    if holder:  # never show the balance of an account that is not the subject's
        try:
            view = tx.account_view(account_no)
        except AccountNotFound:
            view = None
    return feedback.item(spec, court_code=court, view=view, freeze=freeze, deducted=deducted, failure=failure)


def _operate(tx: LedgerTx, body: dict[str, Any], spec: dict[str, Any]) -> tuple[Freeze, int]:
    court, court_name = body["court"]["code"], body["court"]["name"]
    op, account_no = spec["operation"], spec["account_no"]
    if op == "01":
        freeze = tx.place_freeze(
            account_no=account_no, authority_code=court, authority_name=court_name, request_no=body["request_no"],
            document_no=body["document_no"], case_no=body["case_no"],
            mode=FreezeMode.AMOUNT if spec["content"] == "1" else FreezeMode.ACCOUNT, amount=spec.get("amount"),
            term_days=term_days(parse_date(spec["start_date"]), parse_date(spec["end_date"])),
        )
        return freeze, 0
    own = own_freeze(tx, court, spec["original_request_no"], account_no)
    if op == "02":
        extend = renewal_days(_renewable_expiry(own), parse_date(spec["end_date"]))
        return tx.renew(own.id, court, extend), 0
    if op == "04":
        return tx.release(own.id, court), 0
    payout = tx.deduct(own.id, court, spec["amount"], request_no=body["request_no"],
                       document_no=body["document_no"], enforcement_account=spec["enforcement_account"])
    return tx.freeze(own.id), payout.amount


def own_freeze(tx: LedgerTx, court: str, original_request_no: str, account_no: str) -> Freeze:
    """The court's freeze on this account placed under ``original_request_no``."""
    mine = tx.find_freezes(court, original_request_no, account_no)
    if mine:
        return mine[-1]
    if any(f.request_no == original_request_no for f in tx.freezes_on(account_no, include_ended=True)):
        raise NotFreezeOwner(f"the freeze placed under request {original_request_no} belongs to another authority")
    raise FreezeNotFound(f"no freeze under request {original_request_no} on account {account_no}")


def _renewable_expiry(freeze: Freeze) -> int:
    """The current expiry of a freeze that may be renewed; refusals in the ledger's order, before the end date."""
    if freeze.status is FreezeStatus.EXPIRED:
        raise FreezeExpired("the freeze has expired; a renewal must come before expiry")
    if freeze.status.ended:
        raise FreezeEnded(f"the freeze has already ended ({freeze.status.value})")
    if freeze.status is FreezeStatus.WAITING or freeze.expires_at is None:
        raise FreezeNotActive("a waiting freeze has no term to renew yet")
    return freeze.expires_at
