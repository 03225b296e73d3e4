"""The judicial methods (ours, in Alipay's naming style): query, freeze, renew, unfreeze, deduct, order status,
consumption restrictions. Each runs inside the gateway's ledger transaction; refusals are LedgerErrors."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any

from marshmallow import Schema

from payment_mocks.alipay.errors import Channel, NotRestrictionOwner, OrderNotFound, RestrictionNotFound, success
from payment_mocks.alipay.registry import Call, Handler, MethodSpec, reply_scope
from payment_mocks.alipay.schemas import (
    AccountQuery,
    AccountQuerySchema,
    FreezeQuery,
    FreezeQuerySchema,
    FreezeRelease,
    FreezeReleaseSchema,
    FreezeRenew,
    FreezeRenewSchema,
    FundDeduct,
    FundDeductSchema,
    FundFreeze,
    FundFreezeSchema,
    OrderQuery,
    OrderQuerySchema,
    RestrictionCancel,
    RestrictionCancelSchema,
    RestrictionCreate,
    RestrictionCreateSchema,
)
from payment_mocks.alipay.views import (
    DEDUCTION,
    RESTRICTION,
    account_entry,
    alipay_no,
    freeze_details,
    restriction_view,
    serial_of,
)
from payment_mocks.clock import BEIJING, to_us
from payment_mocks.ledger import FreezeStatus, LedgerTx
from payment_mocks.ledger.errors import NotFreezeOwner, SubjectNotFound, TermInvalid
from payment_mocks.money import format_yuan
from payment_mocks.terms import TermError, beijing_date, format_beijing, renewal_days, term_days

FAMILY = "judicial"


def account_query(tx: LedgerTx, call: Call, order: AccountQuery) -> dict[str, Any]:
    """Accounts of the subject, their measures, and transaction records for the dates the court set."""
    try:
        tx.subject_by_number(order.subject.cert_no)
    except SubjectNotFound:
        # Not a user of this platform: an empty answer, not a refusal, so a court can query everyone.
        return success(out_request_no=order.court.out_request_no, accounts=[], restrictions=[])
    subject = tx.check_identity(order.subject.name, order.subject.id_type, order.subject.cert_no)
    wants_records = order.trans_start_date is not None or order.trans_end_date is not None
    since = _midnight(order.trans_start_date)
    until = _midnight(order.trans_end_date + timedelta(days=1)) if order.trans_end_date else None
    court = order.court.court_code
    accounts = [
        account_entry(view, tx.movements(view.account_no, since, until) if wants_records else [], court)
        for view in tx.accounts_of(subject)
    ]
    restrictions = [restriction_view(r) for r in tx.restrictions_of(subject)]
    return success(out_request_no=order.court.out_request_no, accounts=accounts, restrictions=restrictions)


def fund_freeze(tx: LedgerTx, call: Call, order: FundFreeze) -> dict[str, Any]:
    """Freeze an amount or the whole account; behind another court's freeze it waits in line (轮候)."""
    court = order.court
    subject = tx.check_identity(order.subject.name, order.subject.id_type, order.subject.cert_no)
    tx.check_holder(order.user_id, subject)
    try:
        days = term_days(beijing_date(tx.now_us), order.end_date)
    except TermError as exc:
        raise TermInvalid(str(exc), field="freeze_end_date") from None
    placed = tx.place_freeze(
        account_no=order.user_id, authority_code=court.court_code, authority_name=court.court_name,
        request_no=court.out_request_no, document_no=court.document_no, mode=order.mode, amount=order.amount,
        term_days=days, case_no=court.case_no,
    )
    view = tx.account_view(order.user_id)
    return success(out_request_no=court.out_request_no, **freeze_details(placed, view, court.court_code))


def freeze_renew(tx: LedgerTx, call: Call, order: FreezeRenew) -> dict[str, Any]:
    """Renew (续冻) before expiry: the new end date is at most 365 days past the current one."""
    court = order.court
    current = tx.freeze_by_no(order.freeze_no)
    if current.authority_code != court.court_code:
        raise NotFreezeOwner("this freeze was placed by another authority")
    extend = 1  # not in force: the ledger refuses it with the precise reason (expired, ended, waiting)
    if current.status is FreezeStatus.ACTIVE and current.expires_at is not None:
        try:
            extend = renewal_days(current.expires_at, order.new_end_date)
        except TermError as exc:
            raise TermInvalid(str(exc), field="new_end_date") from None
    renewed = tx.renew(current.id, court.court_code, extend)
    view = tx.account_view(renewed.account_no)
    return success(out_request_no=court.out_request_no, **freeze_details(renewed, view, court.court_code))


def fund_unfreeze(tx: LedgerTx, call: Call, order: FreezeRelease) -> dict[str, Any]:
    """Unfreeze (解冻): the money becomes available and the next freeze in line takes effect."""
    court = order.court
    current = tx.freeze_by_no(order.freeze_no)
    released = tx.release(current.id, court.court_code)
    view = tx.account_view(released.account_no)
    details = freeze_details(released, view, court.court_code)
    return success(out_request_no=court.out_request_no, released_amount=format_yuan(current.held), **details)


def fund_deduct(tx: LedgerTx, call: Call, order: FundDeduct) -> dict[str, Any]:
    """Deduct (扣划) frozen money into the court's enforcement account, never more than the freeze holds."""
    court = order.court
    current = tx.freeze_by_no(order.freeze_no)
    payout = tx.deduct(current.id, court.court_code, order.amount, request_no=court.out_request_no,
                       document_no=court.document_no, enforcement_account=order.enforcement_account)
    after = tx.freeze(current.id)
    view = tx.account_view(after.account_no)
    return success(
        out_request_no=court.out_request_no,
        deduct_no=alipay_no(payout.at, DEDUCTION, payout.id),
        amount=format_yuan(payout.amount),
        enforcement_account=payout.enforcement_account,
        gmt_deduct=format_beijing(payout.at),
        **freeze_details(after, view, court.court_code),
    )


def order_query(tx: LedgerTx, call: Call, order: OrderQuery) -> dict[str, Any]:
    """How a court resolves an unknown outcome: the first answer given to an out_request_no, or none."""
    stored = tx.reply(reply_scope(call.app_id, FAMILY), order.out_request_no)
    if stored is None:
        raise OrderNotFound(f"no judicial request {order.out_request_no} was received; it may be sent again")
    return success(out_request_no=order.out_request_no, original_method=stored.headers.get("method", ""),
                   original_response=json.loads(stored.body))


def freeze_query(tx: LedgerTx, call: Call, order: FreezeQuery) -> dict[str, Any]:
    """A freeze as it stands now (in force, waiting, lapsed, released or deducted), for the court that placed it."""
    current = tx.freeze_by_no(order.freeze_no)
    if current.authority_code != order.court_code:
        raise NotFreezeOwner("this freeze was placed by another authority")
    view = tx.account_view(current.account_no)
    return success(**freeze_details(current, view, order.court_code))


def restriction_create(tx: LedgerTx, call: Call, order: RestrictionCreate) -> dict[str, Any]:
    """Publish a consumption restriction order (限制消费令): payments in its categories are refused."""
    court = order.court
    subject = tx.check_identity(order.subject.name, order.subject.id_type, order.subject.cert_no)
    issued = tx.restrict(subject, authority_code=court.court_code, authority_name=court.court_name,
                         document_no=court.document_no, case_no=court.case_no, categories=order.categories)
    return success(out_request_no=court.out_request_no, **restriction_view(issued))


def restriction_cancel(tx: LedgerTx, call: Call, order: RestrictionCancel) -> dict[str, Any]:
    """Lift a restriction order; only the court that issued it may."""
    court = order.court
    serial = serial_of(order.restriction_no, RESTRICTION)
    try:
        current = None if serial is None else tx.restriction(serial)
    except SubjectNotFound:
        current = None
    if current is None or alipay_no(current.issued_at, RESTRICTION, current.id) != order.restriction_no:
        raise RestrictionNotFound(f"no restriction order {order.restriction_no}")
    try:
        lifted = tx.lift_restriction(current.id, court.court_code)
    except NotFreezeOwner:
        raise NotRestrictionOwner("this restriction order was issued by another authority") from None
    return success(out_request_no=court.out_request_no, **restriction_view(lifted))


def _midnight(day: date | None) -> int | None:
    """The instant a Beijing calendar day begins."""
    return None if day is None else to_us(datetime.combine(day, time(), tzinfo=BEIJING))


def _by_request_no(order: Any) -> str:
    return str(order.out_request_no if isinstance(order, OrderQuery) else order.court.out_request_no)


def _spec(name: str, summary: str, schema: type[Schema], handler: Handler, *, stored: bool = True) -> MethodSpec:
    return MethodSpec(name, summary, schema, handler, Channel.JUDICIAL, FAMILY if stored else None,
                      _by_request_no if stored else None)


JUDICIAL_METHODS: dict[str, MethodSpec] = {
    spec.name: spec
    for spec in (
        _spec("alipay.judicial.account.query", "Accounts of a subject: balances, judicial measures, transactions",
              AccountQuerySchema, account_query),
        _spec("alipay.judicial.fund.freeze", "Freeze an amount or a whole account (waits in line behind others)",
              FundFreezeSchema, fund_freeze),
        _spec("alipay.judicial.fund.freeze.renew", "Renew a freeze before it expires", FreezeRenewSchema,
              freeze_renew),
        _spec("alipay.judicial.fund.unfreeze", "Release a freeze; the next one in line takes effect",
              FreezeReleaseSchema, fund_unfreeze),
        _spec("alipay.judicial.fund.deduct", "Deduct frozen money into the court's enforcement account",
              FundDeductSchema, fund_deduct),
        _spec("alipay.judicial.order.query", "The stored outcome of an earlier judicial request",
              OrderQuerySchema, order_query, stored=False),
        _spec("alipay.judicial.fund.freeze.query", "The current state of one of the court's own freezes",
              FreezeQuerySchema, freeze_query, stored=False),
        _spec("alipay.judicial.restriction.create", "Publish a consumption restriction order for a subject",
              RestrictionCreateSchema, restriction_create),
        _spec("alipay.judicial.restriction.cancel", "Lift a consumption restriction order",
              RestrictionCancelSchema, restriction_cancel),
    )
}
