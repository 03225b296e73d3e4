"""The gateway's HMAC gate: authenticate every node request, sign every answer to an authenticated node."""

from __future__ import annotations

import re
import uuid

from flask import Response, current_app, g, request

from payment_mocks.bank.dialect import BankRefusal
from payment_mocks.bank.signing import (
    NODE_HEADER,
    NONCE_HEADER,
    SIGNATURE_HEADER,
    SIGNED_HEADERS,
    TIMESTAMP_HEADER,
    WINDOW_SECONDS,
    request_target,
    signed_headers,
    verify,
)
from payment_mocks.control.callers import CallerKind
from payment_mocks.runtime import current_provider

_NONCE = re.compile(r"^[A-Za-z0-9_\-]{8,64}$")
_TIMESTAMP = re.compile(r"^[0-9]{1,12}$")
WINDOW_US = WINDOW_SECONDS * 1_000_000


def _refuse(code: str, message: str) -> BankRefusal:
    return BankRefusal(401, code, message)


def authenticate() -> None:
    """Run before every judicial and retail view: refuse with 401 unless the node signed this request."""
    headers = request.headers
    missing = [name for name in SIGNED_HEADERS if not headers.get(name)]
    if missing:
        raise _refuse("HEADER_MISSING", f"missing header(s): {', '.join(missing)}")
    node_id, timestamp, nonce = headers[NODE_HEADER], headers[TIMESTAMP_HEADER], headers[NONCE_HEADER]
    provider = current_provider()
    caller = provider.callers.get(CallerKind.BANK_NODE, node_id)
    if caller is None or not caller.secret:
        raise _refuse("UNKNOWN_NODE", f"node {node_id!r} is not registered with this bank")
    if not _TIMESTAMP.match(timestamp):
        raise _refuse("HEADER_INVALID", "X-Timestamp must be Unix time in whole seconds")
    if not _NONCE.match(nonce):
        raise _refuse("HEADER_INVALID", "X-Nonce must be 8 to 64 letters, digits, '_' or '-'")
    if abs(int(timestamp) * 1_000_000 - provider.clock.now_us()) > WINDOW_US:
        raise _refuse("TIMESTAMP_EXPIRED", f"X-Timestamp is more than {WINDOW_SECONDS} s from the bank's clock")
    target = request_target(request.path, request.query_string.decode("latin-1"))
    body = request.get_data(cache=True)
    if not verify(caller.secret, request.method, target, timestamp, nonce, body, headers[SIGNATURE_HEADER]):
        raise _refuse("SIGNATURE_INVALID", "X-Signature does not match this request under the node's secret")
    with provider.ledger.transaction() as tx:
        fresh = tx.see_nonce("bank:" + node_id, nonce, WINDOW_US)
    if not fresh:
        raise _refuse("NONCE_REPLAYED", f"nonce already used in the last {WINDOW_SECONDS} s")
    g.bank_node = node_id
    g.journal_caller = node_id
    g.bank_secret = caller.secret
    g.bank_target = target


def current_node() -> str:
    """The node that signed the current request."""
    node: str = g.bank_node
    return node


def finish_response(response: Response) -> Response:
    """Every answer gets an X-Request-Id; answers to an authenticated node are signed with its secret."""
    if "X-Request-Id" not in response.headers:
        response.headers["X-Request-Id"] = uuid.uuid4().hex
    secret: str | None = g.get("bank_secret")
    if secret is None or response.is_streamed:
        return response
    bank_id: str = current_app.extensions["bank"].bank_id
    stamp = current_provider().clock.now_us() // 1_000_000
    response.headers.update(
        signed_headers(bank_id, secret, request.method, g.bank_target, response.get_data(), stamp)
    )
    return response
