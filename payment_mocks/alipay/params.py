"""The gateway's parameters: the query string and the form body merged into one flat map.

The official SDKs put the common parameters in the query string and ``biz_content`` in a form body;
other clients send everything as a GET query string. Both are one request to the gateway.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from payment_mocks.alipay.errors import GatewayError, invalid_parameter

FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def request_params(max_body_bytes: int) -> dict[str, str]:
    """Every parameter of the current request; a name given twice must carry the same value."""
    length = request.content_length
    if length is not None and length > max_body_bytes:
        raise _too_large(max_body_bytes)
    merged: dict[str, str] = {}
    for name, value in _pairs(max_body_bytes):
        if merged.setdefault(name, value) != value:
            raise invalid_parameter(name, "given more than once with different values")
    return merged


def peek(name: str, max_body_bytes: int) -> str | None:
    """One parameter, best effort, for answers built outside the gateway's own flow (faults, 413, 500)."""
    value = request.args.get(name)
    if value is not None:
        return value
    length = request.content_length or 0
    if request.method != "POST" or request.mimetype not in FORM_TYPES or length > max_body_bytes:
        return None
    try:
        return request.form.get(name)
    except Exception:  # an error answer is being built already; an unreadable body must not replace it
        return None


def _pairs(max_body_bytes: int) -> Iterator[tuple[str, str]]:
    yield from _flatten(request.args)
    if request.method != "POST":
        return
    try:
        if request.mimetype in FORM_TYPES:
            yield from _flatten(request.form)
        elif request.get_data(cache=True):
            raise invalid_parameter(
                "Content-Type", "POST the parameters as application/x-www-form-urlencoded (or in the query string)"
            )
    except GatewayError:
        raise
    except HTTPException as exc:
        if exc.code == 413:
            raise _too_large(max_body_bytes) from None
        raise invalid_parameter("body", "the form body could not be read") from None


def _flatten(values: MultiDict[str, str]) -> Iterator[tuple[str, str]]:
    for name, items in values.lists():
        for item in items:
            yield name, item


def _too_large(max_body_bytes: int) -> GatewayError:
    return invalid_parameter("body", f"the request body is larger than {max_body_bytes} bytes")
