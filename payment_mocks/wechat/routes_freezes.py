"""Freezes (冻结) in v3 style: create, read, renew (续冻) and release (解冻), each addressed by out_freeze_no."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response

from payment_mocks.ledger import Freeze, FreezeMode, LedgerTx
from payment_mocks.terms import TermError, beijing_date, renewal_days, term_days
from payment_mocks.wechat.dialect import param_error
from payment_mocks.wechat.envelope import Reply, answer_once, read_body, read_once, read_query
from payment_mocks.wechat.lookup import FREEZE_FIELDS, current_expiry, own_freeze, path_out_no
from payment_mocks.wechat.schemas import ID_TYPES, CourtCodeQuery, FreezeSchema, ReleaseSchema, RenewSchema
from payment_mocks.wechat.views import freeze_view

bp = Blueprint("wechat_freezes", __name__)

BY_NO = "/v3/judicial/freezes/out-freeze-no/<out_freeze_no>"


def _full(tx: LedgerTx, freeze: Freeze, out_freeze_no: str) -> dict[str, Any]:
    return freeze_view(freeze, out_freeze_no, tx.freezes_on(freeze.account_no))


@bp.post("/v3/judicial/freezes")
def create_freeze() -> Response:
    data = read_body(FreezeSchema())
    return answer_once("freeze", "out_freeze_no", data, FREEZE_FIELDS, lambda tx: (200, _place(tx, data)))


def _place(tx: LedgerTx, data: dict[str, Any]) -> dict[str, Any]:
    try:
        days = term_days(beijing_date(tx.now_us), data["end_date"])
    except TermError as exc:
        raise param_error(str(exc), "/end_date", data["end_date"].isoformat()) from None
    who, court = data["subject"], data["court"]
    subject = tx.check_identity(who["name"], ID_TYPES[who["id_type"]], who["id_number"])
    tx.check_holder(data["openid"], subject)
    freeze = tx.place_freeze(
        account_no=data["openid"], authority_code=court["code"], authority_name=court["name"],
        request_no=data["out_freeze_no"], document_no=data["document_no"], case_no=data["case_no"],
        mode=FreezeMode.AMOUNT if data["mode"] == "AMOUNT" else FreezeMode.ACCOUNT,
        amount=data["amount"]["total"] if "amount" in data else None, term_days=days,
    )
    return _full(tx, freeze, data["out_freeze_no"])


@bp.get(BY_NO)
def get_freeze(out_freeze_no: str) -> Response:
    path_out_no(out_freeze_no, "out_freeze_no")
    court_code = read_query(CourtCodeQuery())["court_code"]
    return read_once(lambda tx: _full(tx, own_freeze(tx, court_code, out_freeze_no), out_freeze_no), {})


@bp.post(BY_NO + "/renew")
def renew_freeze(out_freeze_no: str) -> Response:
    path_out_no(out_freeze_no, "out_freeze_no")
    payload = {**read_body(RenewSchema()), "out_freeze_no": out_freeze_no}
    return answer_once("renew", "out_renew_no", payload, FREEZE_FIELDS, lambda tx: (200, _renew(tx, payload)))


def _renew(tx: LedgerTx, data: dict[str, Any]) -> dict[str, Any]:
    freeze = own_freeze(tx, data["court_code"], data["out_freeze_no"])
    expiry = current_expiry(freeze)
    try:
        days = renewal_days(expiry, data["end_date"])
    except TermError as exc:
        raise param_error(str(exc), "/end_date", data["end_date"].isoformat()) from None
    renewed = tx.renew(freeze.id, data["court_code"], days)
    return _full(tx, renewed, data["out_freeze_no"])


@bp.post(BY_NO + "/release")
def release_freeze(out_freeze_no: str) -> Response:
    path_out_no(out_freeze_no, "out_freeze_no")
    payload = {**read_body(ReleaseSchema()), "out_freeze_no": out_freeze_no}
    return answer_once("release", "out_release_no", payload, FREEZE_FIELDS, lambda tx: _release(tx, payload))


def _release(tx: LedgerTx, data: dict[str, Any]) -> Reply:
    freeze = own_freeze(tx, data["court_code"], data["out_freeze_no"])
    tx.release(freeze.id, data["court_code"])
    return 204, None
