"""Deductions (扣划): frozen money into the court's enforcement account, at most what the freeze holds."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response

from payment_mocks.ledger import LedgerTx
from payment_mocks.wechat.dialect import V3Error
from payment_mocks.wechat.envelope import answer_once, read_body, read_once, read_query
from payment_mocks.wechat.lookup import FREEZE_FIELDS, own_freeze, path_out_no
from payment_mocks.wechat.schemas import CourtCodeQuery, DeductionSchema
from payment_mocks.wechat.views import payout_view

bp = Blueprint("wechat_deductions", __name__)


@bp.post("/v3/judicial/deductions")
def create_deduction() -> Response:
    data = read_body(DeductionSchema())
    return answer_once("deduction", "out_deduction_no", data, FREEZE_FIELDS, lambda tx: (200, _deduct(tx, data)))


def _deduct(tx: LedgerTx, data: dict[str, Any]) -> dict[str, Any]:
    freeze = own_freeze(tx, data["court_code"], data["out_freeze_no"])
    payout = tx.deduct(freeze.id, data["court_code"], data["amount"]["total"], request_no=data["out_deduction_no"],
                       document_no=data["document_no"], enforcement_account=data["enforcement_account"])
    return payout_view(payout, data["out_freeze_no"], tx.freeze(freeze.id).held)


@bp.get("/v3/judicial/deductions/out-deduction-no/<out_deduction_no>")
def get_deduction(out_deduction_no: str) -> Response:
    path_out_no(out_deduction_no, "out_deduction_no")
    court_code = read_query(CourtCodeQuery())["court_code"]
    return read_once(lambda tx: _find(tx, court_code, out_deduction_no), {})


def _find(tx: LedgerTx, court_code: str, out_deduction_no: str) -> dict[str, Any]:
    for payout in tx.payouts(court_code):
        if payout.request_no == out_deduction_no:
            freeze = tx.freeze(payout.freeze_id)
            return payout_view(payout, freeze.request_no, freeze.held)
    raise V3Error(404, "RESOURCE_NOT_EXISTS",
                  f"court {court_code} has no deduction with out_deduction_no {out_deduction_no}",
                  field="out_deduction_no", value=out_deduction_no, location="path")
