"""Who is signed in to the console: a signed session cookie holding the user's id, never the token.

The cookie is signed with a secret generated once into the data folder (like the admin token), so that every
gunicorn worker accepts it; it is HttpOnly, SameSite=Strict and scoped to ``/console``. Every form carries the
session's CSRF token, checked on each POST.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import ParamSpec

from flask import Flask, g, redirect, request, session, url_for
from werkzeug.wrappers import Response as BaseResponse

from court_node.api.admin import load_or_create_secret
from court_node.api.errors import BadRequest
from court_node.api.http import node_context
from court_node.store.users_repo import User, users_by_id

P = ParamSpec("P")

SECRET_FILE = "console-secret"
COOKIE = "freezesim_console"
#: a console session ends after a working day, however active
MAX_AGE_S = 12 * 3600
CSRF_FIELD = "csrf_token"


def configure_sessions(app: Flask, data_dir: Path) -> None:
    """Give the app its session secret (shared by every worker through the data folder) and cookie settings."""
    app.secret_key = load_or_create_secret(data_dir / SECRET_FILE, 32)
    app.config.update(SESSION_COOKIE_NAME=COOKIE, SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict",
                      SESSION_COOKIE_PATH="/console")


def sign_in(user: User) -> None:
    """Start a fresh session for ``user`` (nothing of an earlier session survives)."""
    session.clear()
    session["user_id"] = user.id
    session["since"] = int(time.time())
    session[CSRF_FIELD] = secrets.token_urlsafe(32)


def sign_out() -> None:
    session.clear()


def signed_in_user() -> User | None:
    """The enabled user of this session, or None."""
    user_id, since = session.get("user_id"), session.get("since")
    if not isinstance(user_id, int) or not isinstance(since, int) or time.time() - since > MAX_AGE_S:
        return None
    with node_context().store.read() as conn:
        user = users_by_id(conn, [user_id]).get(user_id)
    return None if user is None or user.disabled else user


def csrf_token() -> str:
    """The session's CSRF token, made when first needed."""
    token = session.get(CSRF_FIELD)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session[CSRF_FIELD] = token
    return token


def check_csrf() -> None:
    """400 unless the form carries this session's CSRF token."""
    sent = request.form.get(CSRF_FIELD, "")
    expected = session.get(CSRF_FIELD)
    if not isinstance(expected, str) or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise BadRequest("This form is out of date or did not come from this console. Reload the page and try "
                         "again.", code="CSRF_TOKEN_INVALID")


def console_user() -> User:
    """The signed-in user of the current request (inside a view guarded by ``signed_in``)."""
    user: User | None = g.get("console_user")
    if user is None:
        raise RuntimeError("console_user() outside a view guarded by @signed_in")
    return user


def signed_in(view: Callable[P, str | tuple[str, int] | BaseResponse]
              ) -> Callable[P, str | tuple[str, int] | BaseResponse]:
    """Guard a page: to the sign-in page without a session; a POST must carry the CSRF token."""

    @wraps(view)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> str | tuple[str, int] | BaseResponse:
        user = signed_in_user()
        if user is None:
            session.pop("user_id", None)
            return redirect(url_for("console.sign_in"), 303)
        if request.method == "POST":
            check_csrf()
        g.console_user = user
        return view(*args, **kwargs)

    return guarded
