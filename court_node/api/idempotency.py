"""``Idempotency-Key`` on every POST, per user (Stripe's rules).

The first answer under a key is stored and replayed, status and body, for the same method, path and body;
the same key with another request is 422 IDEMPOTENCY_KEY_REUSED; a key whose first request is still being
answered is 409 IDEMPOTENCY_KEY_IN_FLIGHT. 5xx answers are not stored, so the client may retry them, except 504:
its provider request is recorded and settled by the reconciler, so a retry must not send another.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec

from flask import Response, make_response, request

from court_node.api.errors import ApiError, BadRequest, Conflict, ProviderTimeout, RuleRefused, api_error_response
from court_node.api.http import node_context
from court_node.auth import current_user
from court_node.clock import real_now, to_us
from court_node.store import idempotency_repo

P = ParamSpec("P")
HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


def request_fingerprint() -> str:
    """Method, path and body; a JSON body counts by its content, not its spacing or key order."""
    raw = request.get_data(cache=True)
    try:
        body = json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    except (UnicodeDecodeError, ValueError, RecursionError):
        body = raw
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.path.encode("utf-8", "surrogateescape"), body):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def _key() -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not 1 <= len(key) <= MAX_KEY_LENGTH or not key.isprintable():
        raise BadRequest(f"{HEADER} must be 1 to {MAX_KEY_LENGTH} printable characters",
                         code="IDEMPOTENCY_KEY_INVALID", details={"header": HEADER})
    return key


def idempotent(view: Callable[P, Response]) -> Callable[P, Response]:
    """Guard a POST view (inside ``@requires``) with the idempotency rules."""

    @wraps(view)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> Response:
        key = _key()
        if key is None:
            return view(*args, **kwargs)
        ctx, user = node_context(), current_user()
        fingerprint = request_fingerprint()
        try:
            with ctx.store.write() as conn:
                stored = idempotency_repo.claim(conn, user_id=user.id, key=key, fingerprint=fingerprint,
                                                now_us=ctx.clock.now_us(), real_now_us=to_us(real_now()))
        except idempotency_repo.KeyReused:
            raise RuleRefused("this Idempotency-Key was used with another request; use a new key",
                              code="IDEMPOTENCY_KEY_REUSED", details={"header": HEADER}) from None
        except idempotency_repo.KeyInFlight:
            raise Conflict("the first request with this Idempotency-Key is still being answered; retry later",
                           code="IDEMPOTENCY_KEY_IN_FLIGHT", details={"header": HEADER}) from None
        if stored is not None:
            replay = Response(stored.body, status=stored.status, mimetype="application/json")
            replay.headers["Idempotent-Replayed"] = "true"
            return replay
        try:
            response = make_response(view(*args, **kwargs))
        except ApiError as exc:
            response = api_error_response(exc)
        except BaseException:
            with ctx.store.write() as conn:
                idempotency_repo.release(conn, user_id=user.id, key=key)
            raise
        with ctx.store.write() as conn:
            # A 504 means the node sent and recorded the provider request and the reconciler settles it: running
            # the call again would send a second request for the same order (a deduction taken twice).
            if response.status_code >= 500 and response.status_code != ProviderTimeout.status:
                idempotency_repo.release(conn, user_id=user.id, key=key)
            else:
                idempotency_repo.finish(conn, user_id=user.id, key=key, status=response.status_code,
                                        body=response.get_data())
        return response

    return guarded
