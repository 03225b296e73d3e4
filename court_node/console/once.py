"""A form takes effect once: the idempotency key chosen when the form was rendered guards its POST.

The node's idempotency store (per user, as for ``Idempotency-Key``) keeps the first outcome under the key; a
double submit gets that outcome again instead of acting twice, and one sent while the first is still being
answered is told to wait. Console keys carry their own prefix, so they never meet an API client's keys.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace

from flask import request

from court_node.api.errors import ApiError
from court_node.api.http import node_context
from court_node.clock import real_now, to_us
from court_node.console import forms
from court_node.store import idempotency_repo
from court_node.store.users_repo import User

FIELD = "idempotency_key"
PREFIX = "console:"
MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class Outcome:
    """What came of a form: a success to announce (and where to go), or a refusal to show next to the form."""

    form: str
    message: str
    status: int = 200
    location: str = ""

    @property
    def ok(self) -> bool:
        return self.status < 400


def new_key() -> str:
    """A fresh key for a form being rendered."""
    return secrets.token_urlsafe(16)


def fingerprint() -> str:
    """The path and what the form asks for."""
    digest = hashlib.sha256()
    for part in (request.path, json.dumps(forms.content(), ensure_ascii=False)):
        data = part.encode("utf-8", "surrogateescape")
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def refusal(form: str, exc: ApiError) -> Outcome:
    return Outcome(form, exc.message, exc.status)


def submit(user: User, form: str, act: Callable[[], Outcome]) -> Outcome:
    """Run ``act`` once per key; a refusal (``ApiError``) becomes the outcome shown next to the form."""
    key = request.form.get(FIELD, "").strip()
    if not key:
        return _run(form, act)
    if len(key) > MAX_KEY_LENGTH or not key.isprintable():
        return Outcome(form, "This form's key is not valid. Reload the page and try again.", 400)
    ctx, stored_key = node_context(), PREFIX + key
    try:
        with ctx.store.write() as conn:
            stored = idempotency_repo.claim(conn, user_id=user.id, key=stored_key, fingerprint=fingerprint(),
                                            now_us=ctx.clock.now_us(), real_now_us=to_us(real_now()))
    except idempotency_repo.KeyReused:
        return Outcome(form, "This form was already sent with other values. Reload the page and fill it in again.",
                       422)
    except idempotency_repo.KeyInFlight:
        return Outcome(form, "This form was sent twice; the first is still being answered. Reload the page in a "
                             "moment to see what came of it.", 409)
    if stored is not None:  # a double submit: the first one's outcome, nothing done again
        first = Outcome(**json.loads(stored.body))
        return replace(first, message=f"Sent once already, nothing more was done. {first.message}") if first.ok \
            else first
    try:
        outcome = _run(form, act)
    except BaseException:
        with ctx.store.write() as conn:
            idempotency_repo.release(conn, user_id=user.id, key=stored_key)
        raise
    with ctx.store.write() as conn:
        if outcome.status >= 500:  # the provider failed: nothing to replay, the judge may try again
            idempotency_repo.release(conn, user_id=user.id, key=stored_key)
        else:
            idempotency_repo.finish(conn, user_id=user.id, key=stored_key, status=outcome.status,
                                    body=json.dumps(asdict(outcome), ensure_ascii=False).encode())
    return outcome


def _run(form: str, act: Callable[[], Outcome]) -> Outcome:
    try:
        return act()
    except ApiError as exc:
        return refusal(form, exc)
