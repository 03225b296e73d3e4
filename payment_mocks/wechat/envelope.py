"""Reading a v3 request (content type, strict JSON, schema) and answering it once per out_*_no."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from flask import Response, g, request
from marshmallow import Schema, ValidationError

from payment_mocks.ledger import LedgerError, LedgerTx, fingerprint
from payment_mocks.ledger.errors import ReplyConflict
from payment_mocks.runtime import current_provider
from payment_mocks.wechat.auth import current_mchid
from payment_mocks.wechat.dialect import V3Error, encode_json, from_ledger, json_response, param_error

#: what an operation answers: a status and a body (None for 204 No Content)
Reply = tuple[int, Mapping[str, Any] | None]

_MISSING = object()


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise ValueError(f"duplicate key {key!r}")
        data[key] = value
    return data


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def read_body(schema: Schema) -> dict[str, Any]:
    """The request's JSON object validated by ``schema``; 400 PARAM_ERROR (or 415) saying what is wrong."""
    content_type = request.mimetype
    if content_type != "application/json":
        raise V3Error(415, "PARAM_ERROR", "Content-Type must be application/json", field="Content-Type",
                      value=request.headers.get("Content-Type", ""), issue="unsupported media type",
                      location="header")
    raw = request.get_data(cache=True)
    try:
        data = json.loads(raw.decode("utf-8"), object_pairs_hook=_refuse_duplicates, parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise V3Error(400, "PARAM_ERROR", f"the body is not valid UTF-8 JSON: {exc}", field="/",
                      issue="malformed JSON") from None
    if not isinstance(data, dict):
        raise param_error("the body must be a JSON object", "/")
    return _validated(schema, data, "body")


def read_query(schema: Schema) -> dict[str, Any]:
    """The query string validated by ``schema`` (each parameter once)."""
    args = request.args
    data: dict[str, Any] = {}
    for key in args:
        values = args.getlist(key)
        if len(values) != 1:
            raise param_error("must appear once", key, values, location="query")
        data[key] = values[0]
    return _validated(schema, data, "query")


def _validated(schema: Schema, data: dict[str, Any], location: str) -> dict[str, Any]:
    try:
        loaded: dict[str, Any] = schema.load(data)
    except ValidationError as exc:
        path, issue = _first_error(exc.messages)
        pointer = "/" + "/".join(str(p) for p in path) if location == "body" else ".".join(str(p) for p in path)
        value = _value_at(data, path)
        raise param_error(issue, pointer, *(() if value is _MISSING else (value,)), location=location) from None
    return loaded


def _first_error(messages: Any, path: tuple[Any, ...] = ()) -> tuple[tuple[Any, ...], str]:
    if isinstance(messages, dict):
        key = next(iter(messages))
        sub = messages[key]
        return _first_error(sub, path if key == "_schema" else (*path, key))
    if isinstance(messages, list) and messages:
        first = messages[0]
        if isinstance(first, (dict, list)):
            return _first_error(first, path)
        return path, _issue(str(first))
    return path, _issue(str(messages))


def _issue(text: str) -> str:
    return {"Unknown field.": "unknown field; this request does not take it",
            "Missing data for required field.": "required",
            "Field may not be null.": "must not be null"}.get(text, text)


def _value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        present = (isinstance(data, dict) and part in data) or (
            isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data))
        if not present:
            return _MISSING
        data = data[part]
    return data


def answer_once(kind: str, key_field: str, payload: Mapping[str, Any], fields: Mapping[str, str],
                operation: Callable[[LedgerTx], Reply]) -> Response:
    """Run ``operation`` at most once per ``payload[key_field]``; replay its answer byte for byte afterwards.

    The answer is stored in the same ledger transaction as the money it moved. Business refusals are stored
    too; a V3Error raised by the operation (input that only the ledger's now could judge) is not.
    """
    provider = current_provider()
    scope = f"wechat:{current_mchid()}:{kind}"
    key = str(payload[key_field])
    g.journal_request_no = key  # the shared request journal files the call under its idempotency key
    print_ = fingerprint(kind, dict(payload))
    with provider.ledger.transaction() as tx:
        try:
            stored = tx.stored_reply(scope, key, print_)
        except ReplyConflict as exc:
            raise from_ledger(exc, key_field=key_field) from None
        if stored is not None:
            return json_response(stored.status, stored.body if stored.body or stored.status != 204 else None)
        try:
            with tx.savepoint():
                status, body = operation(tx)
        except LedgerError as exc:
            error = from_ledger(exc, fields)
            status, body = error.status, error.body()
        data = b"" if body is None else encode_json(body)
        tx.save_reply(scope, key, print_, status, data)
    return json_response(status, data if body is not None else None)


def read_once(operation: Callable[[LedgerTx], Mapping[str, Any]], fields: Mapping[str, str]) -> Response:
    """A GET: one ledger transaction (which first settles expiries), refusals mapped like everything else."""
    with current_provider().ledger.transaction() as tx:
        try:
            body = operation(tx)
        except LedgerError as exc:
            raise from_ledger(exc, fields) from None
    return json_response(200, body)
