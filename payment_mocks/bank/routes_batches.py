"""``/judicial/v1`` batch forms: many queries or control requests in one signed call, and many feedbacks read at once.

Each item is the body ``POST /queries`` or ``POST /controls`` takes and is idempotent under its own request number
exactly as a single submission; the batch number is idempotent as a whole. Every item of a batch is accepted in
ONE ledger transaction together with its stored answer and the batch's own, so a crash keeps all or none.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response
from marshmallow import Schema

from payment_mocks.bank import feedback, store
from payment_mocks.bank.auth import authenticate, current_node
from payment_mocks.bank.dialect import BankRefusal, error_body, json_bytes, json_response
from payment_mocks.bank.processing import delay_us, processing_delay
from payment_mocks.bank.routes_judicial import request_scope
from payment_mocks.bank.schemas import REQUEST_NO_PATTERN, ControlSchema, QuerySchema, load
from payment_mocks.bank.wire import note_request_no, read_json, replay
from payment_mocks.ledger import LedgerTx, fingerprint
from payment_mocks.ledger.errors import ReplyConflict
from payment_mocks.runtime import current_provider

MAX_BATCH = 500
_NUMBER = re.compile(REQUEST_NO_PATTERN)

batches = Blueprint("bank_batches", __name__, url_prefix="/judicial/v1")
batches.before_request(authenticate)


def batch_scope(node_id: str) -> str:
    """Batch numbers are unique per node, apart from request numbers."""
    return "bank-batch:" + node_id


def _field(field: str, message: str) -> BankRefusal:
    return BankRefusal(400, "FIELD_INVALID", f"{field}: {message}", field)


def _number(value: Any, field: str) -> str:
    if not isinstance(value, str) or _NUMBER.fullmatch(value) is None:
        raise _field(field, "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")
    return value


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list):
        raise _field(f"/{key}", "must be a list")
    if not 1 <= len(value) <= MAX_BATCH:
        raise _field(f"/{key}", f"must hold 1 to {MAX_BATCH} entries, not {len(value)}")
    return value


def _envelope(data: dict[str, Any], keys: tuple[str, ...]) -> None:
    unknown = sorted(set(data) - set(keys))
    if unknown:
        raise _field(f"/{unknown[0]}", "unknown field")


@batches.post("/query-batches")
def submit_query_batch() -> Response:
    return _accept_batch("query", QuerySchema())


@batches.post("/control-batches")
def submit_control_batch() -> Response:
    return _accept_batch("control", ControlSchema())


def _item_error(request_no: Any, refusal: BankRefusal) -> dict[str, Any]:
    return {"request_no": request_no if isinstance(request_no, str) else None,
            **error_body(refusal.code, refusal.message, refusal.field)}


def _checked(schema: Schema, index: int, raw: Any) -> dict[str, Any] | BankRefusal:
    """One item loaded as its single form would be, or its refusal with the field path inside the batch."""
    prefix = f"/requests/{index}"
    if not isinstance(raw, dict):
        return _field(prefix, "must be a JSON object")
    try:
        return load(schema, raw)
    except BankRefusal as exc:
        field = prefix + (exc.field or "")
        message = exc.message.split(": ", 1)[-1]
        return BankRefusal(exc.status, exc.code, f"{field}: {message}", field)


def _accept_batch(kind: str, schema: Schema) -> Response:
    """Validate every item, then accept the good ones and answer each in order, all in one transaction."""
    node = current_node()
    data = read_json()
    _envelope(data, ("batch_no", "requests"))
    batch_no = _number(data.get("batch_no"), "/batch_no")
    raw_items = _list(data, "requests")
    note_request_no(batch_no)
    loaded = [_checked(schema, index, raw) for index, raw in enumerate(raw_items)]
    provider = current_provider()
    batch_print = fingerprint(kind + "-batch", [_business(item) if isinstance(item, dict) else raw
                                                 for item, raw in zip(loaded, raw_items, strict=True)])
    delay = delay_us(processing_delay(provider))
    with provider.ledger.transaction() as tx:
        try:
            stored = tx.stored_reply(batch_scope(node), batch_no, batch_print)
        except ReplyConflict:
            raise BankRefusal(409, "REQUEST_NO_CONFLICT", f"batch number {batch_no} was already used with "
                              "different content", "/batch_no") from None
        if stored is not None:
            return replay(stored)
        answers = []
        for index, (item, raw) in enumerate(zip(loaded, raw_items, strict=True)):
            if isinstance(item, BankRefusal):
                answers.append(_item_error(raw.get("request_no") if isinstance(raw, dict) else None, item))
            else:
                answers.append(_accept_item(tx, node, kind, item, index, tx.now_us + delay))
        body = json_bytes({"batch_no": batch_no, "accepted_at": feedback.instant(tx.now_us), "items": answers})
        tx.save_reply(batch_scope(node), batch_no, batch_print, 202, body)
    return Response(body, status=202, mimetype="application/json")


def _business(item: dict[str, Any]) -> dict[str, Any]:
    """What must match on a retry: the item without its callback URL, as for a single submission."""
    return {k: v for k, v in item.items() if k != "callback_url"}


def _accept_item(tx: LedgerTx, node: str, kind: str, data: dict[str, Any], index: int, due_at: int) -> dict[str, Any]:
    """One item exactly as ``POST /queries`` or ``/controls`` takes it: stored with its own 202 answer."""
    callback_url = data.pop("callback_url", None)
    request_no = data["request_no"]
    scope, print_ = request_scope(node), fingerprint(kind, data)
    try:
        stored = tx.stored_reply(scope, request_no, print_)
    except ReplyConflict as exc:
        field = f"/requests/{index}/request_no"
        return {"request_no": request_no, **error_body(exc.code, f"{field}: {exc.message}", field)}
    if stored is None:
        request = store.insert(tx, node_id=node, kind=kind, body=data, callback_url=callback_url, due_at=due_at)
        tx.save_reply(scope, request_no, print_, 202, json_bytes(feedback.accepted(request)))
    return {"request_no": request_no, "status": "accepted"}


@batches.post("/feedback-queries")
def read_feedbacks() -> Response:
    """Many requests' feedback in one call, in the order asked; a number never received is an item error."""
    node = current_node()
    data = read_json()
    _envelope(data, ("request_nos",))
    numbers = [_number(no, f"/request_nos/{i}") for i, no in enumerate(_list(data, "request_nos"))]
    answers = []
    with current_provider().ledger.transaction() as tx:  # settles first: a request due by now is answered
        for request_no in numbers:
            found = store.find(tx, node, request_no)
            if found is None:
                answers.append({"request_no": request_no, **error_body(
                    "REQUEST_NOT_FOUND", f"no request {request_no!r} from node {node}", None)})
            else:
                answers.append(feedback.feedback(found))
    return json_response(200, {"feedbacks": answers})
