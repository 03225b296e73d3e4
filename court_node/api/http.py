"""Reading requests and writing answers: the node's context, JSON bodies, schema loading, JSON replies."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from flask import Response, current_app, jsonify, request
from marshmallow import Schema, ValidationError

from court_node.api.errors import BadRequest, UnsupportedMediaType
from court_node.context import EXTENSION_KEY, NodeContext


def node_context() -> NodeContext:
    """The context of the app handling the current request."""
    ctx: NodeContext = current_app.extensions[EXTENSION_KEY]
    return ctx


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def json_body() -> dict[str, Any]:
    """The request body as a JSON object; 415 when not JSON, 400 when malformed, 413 when too large."""
    if request.mimetype != "application/json":
        raise UnsupportedMediaType("send the body as JSON with Content-Type: application/json")
    raw = request.get_data(cache=True)
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadRequest("the body is not well-formed UTF-8 JSON", code="MALFORMED_JSON") from None
    if not isinstance(data, dict):
        raise BadRequest("the body must be a JSON object", code="MALFORMED_JSON")
    return data


def flatten_messages(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages as ``{"creditor.id_number": [...]}``; whole-object errors under ``_schema``."""
    if isinstance(messages, Mapping):
        flat: dict[str, list[str]] = {}
        for key, value in messages.items():
            name = str(key) if not prefix else (prefix if key == "_schema" else f"{prefix}.{key}")
            for path, texts in flatten_messages(value, name).items():
                flat.setdefault(path, []).extend(texts)
        return flat
    if isinstance(messages, list | tuple) and all(isinstance(m, str) for m in messages):
        return {prefix or "_schema": [str(m) for m in messages]}
    return {prefix or "_schema": [str(messages)]}


def load(schema: Schema, data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate input with ``schema``; a 400 naming every bad field otherwise."""
    try:
        loaded: dict[str, Any] = schema.load(data)
    except ValidationError as exc:
        fields = flatten_messages(exc.messages)
        first = next(iter(fields))
        raise BadRequest(f"{first}: {fields[first][0]}" if first != "_schema" else fields[first][0],
                         code="INVALID_FIELD", details={"fields": fields}) from None
    return loaded


def load_query(schema: Schema) -> dict[str, Any]:
    """The query string validated with ``schema`` (a repeated parameter is refused)."""
    repeated = [name for name, values in request.args.lists() if len(values) > 1]
    if repeated:
        raise BadRequest(f"{repeated[0]}: give it once", code="INVALID_FIELD",
                         details={"fields": {repeated[0]: ["give it once"]}})
    return load(schema, request.args.to_dict(flat=True))


def reply(body: Any, status: int = 200) -> Response:
    response = jsonify(body)
    response.status_code = status
    return response
