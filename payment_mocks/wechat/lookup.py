"""Finding a court's own freeze by the out_freeze_no it chose, and path parameters checked like bodies."""

from __future__ import annotations

import re

from payment_mocks.ledger import Freeze, FreezeStatus, LedgerTx
from payment_mocks.ledger.errors import FreezeEnded, FreezeExpired, FreezeNotActive, FreezeNotFound
from payment_mocks.wechat.dialect import param_error
from payment_mocks.wechat.schemas import OPENID, OUT_NO

#: ledger field names -> JSON pointers, for refusals about a freeze request
FREEZE_FIELDS = {
    "account_no": "/openid",
    "amount": "/amount/total",
    "term_days": "/end_date",
    "end_date": "/end_date",
    "id_number": "/subject/id_number",
    "document_no": "/document_no",
    "enforcement_account": "/enforcement_account",
}


def path_out_no(value: str, name: str) -> str:
    if not OUT_NO.fullmatch(value):
        raise param_error("must be 6 to 32 characters of digits, letters and _-|*", name, value, location="path")
    return value


def path_openid(value: str) -> str:
    if not OPENID.fullmatch(value):
        raise param_error("must be an openid: 6 to 40 characters of digits, letters, _ and -", "openid", value,
                          location="path")
    return value


def own_freeze(tx: LedgerTx, court_code: str, out_freeze_no: str) -> Freeze:
    """The freeze this court placed under ``out_freeze_no``; for any other court it does not exist (404)."""
    found = tx.find_freezes(court_code, out_freeze_no)
    if not found:
        raise FreezeNotFound(f"court {court_code} has no freeze with out_freeze_no {out_freeze_no}")
    return found[0]


def current_expiry(freeze: Freeze) -> int:
    """When a freeze in force ends; a renewal needs one, so say why this freeze has none."""
    if freeze.status is FreezeStatus.EXPIRED:
        raise FreezeExpired("the freeze has expired; a renewal must arrive before the end date")
    if freeze.status.ended:
        raise FreezeEnded(f"the freeze has already ended ({freeze.status.value})")
    if freeze.status is FreezeStatus.WAITING or freeze.expires_at is None:
        raise FreezeNotActive("a waiting freeze has no term to renew yet")
    return freeze.expires_at


RESTRICTION_ID = re.compile(r"^WXR([0-9]{10})$")


def path_restriction_id(value: str) -> int:
    match = RESTRICTION_ID.match(value)
    if match is None:
        raise param_error("must be a restriction_id such as WXR0000000001", "restriction_id", value, location="path")
    return int(match.group(1))
