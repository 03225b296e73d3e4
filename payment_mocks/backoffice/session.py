"""The back office's sign-in session: a signed cookie holding a CSRF token and proof of the admin token.

The cookie never holds the admin token itself, only an HMAC of it under the session secret, so changing the
admin token signs everyone out. The secret is generated once into the data folder, like the platform key, so
every gunicorn worker accepts the cookies the others issued.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Response, current_app, g, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from payment_mocks.control.keys import write_once

if TYPE_CHECKING:
    from payment_mocks.runtime import Provider

EXTENSION_KEY = "freezesim_backoffice"
COOKIE_NAME = "freezesim_backoffice"
COOKIE_PATH = "/_backoffice"
SECRET_FILE = "backoffice-secret"
#: wall-clock seconds a session lasts: a simulated clock advanced by a year must not sign anyone out
MAX_AGE_S = 12 * 3600
_SALT = "freezesim.backoffice.session"
_G_KEY = "backoffice_session"


@dataclass(frozen=True)
class OfficeSession:
    """One browser's session: its CSRF token, and whether it signed in with the current admin token."""

    csrf: str
    proof: str = ""
    fresh: bool = False  # issued during this request: the cookie must be sent

    def signed_in(self, provider: Provider) -> bool:
        """Whether this session signed in with the admin token the provider has now."""
        return bool(self.proof) and hmac.compare_digest(self.proof.encode(), token_proof(provider).encode())


def load_or_create_secret(data_dir: Path) -> str:
    """The session secret: ``backoffice-secret`` in the data folder, created exactly once (mode 0600)."""
    path = data_dir / SECRET_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        write_once(path, secrets.token_urlsafe(32))
    return path.read_text().strip()


def make_serializer(data_dir: Path) -> URLSafeTimedSerializer:
    """What signs and reads the cookies of the provider whose data folder this is."""
    return URLSafeTimedSerializer(load_or_create_secret(data_dir), salt=_SALT)


def _serializer() -> URLSafeTimedSerializer:
    serializer: URLSafeTimedSerializer = current_app.extensions[EXTENSION_KEY]
    return serializer


def token_proof(provider: Provider) -> str:
    """An HMAC of the admin token under the session secret: shows a session signed in with it, reveals nothing."""
    key = _serializer().secret_keys[-1]
    return hmac.new(key, provider.admin_token.encode(), hashlib.sha256).hexdigest()


def token_matches(provider: Provider, presented: str) -> bool:
    """Whether a sign-in form carried this provider's admin token (compared in constant time)."""
    return hmac.compare_digest(presented.encode(), provider.admin_token.encode())


def current_session() -> OfficeSession:
    """The session of this request's cookie, or a new anonymous one when it has none that is valid."""
    found: OfficeSession | None = g.get(_G_KEY)
    if found is not None:
        return found
    raw = request.cookies.get(COOKIE_NAME, "")
    data: Any = None
    if raw:
        try:
            data = _serializer().loads(raw, max_age=MAX_AGE_S)
        except BadSignature:  # forged, from another provider, or expired
            data = None
    if isinstance(data, dict) and isinstance(data.get("csrf"), str) and isinstance(data.get("proof", ""), str):
        found = OfficeSession(data["csrf"], data.get("proof", ""))
    else:
        found = OfficeSession(secrets.token_urlsafe(24), fresh=True)
    setattr(g, _G_KEY, found)
    return found


def start_session(provider: Provider, *, signed_in: bool) -> OfficeSession:
    """Replace the session with a new one (a new CSRF token too, so a planted cookie gains nothing)."""
    session = OfficeSession(secrets.token_urlsafe(24), token_proof(provider) if signed_in else "", fresh=True)
    setattr(g, _G_KEY, session)
    return session


def csrf_valid(presented: str | None) -> bool:
    """Whether a form's CSRF token is the one of the session its cookie carries."""
    session = current_session()
    return not session.fresh and bool(presented) and hmac.compare_digest(str(presented).encode(), session.csrf.encode())


def store_session(response: Response) -> Response:
    """Send the cookie when the session was issued or replaced during this request."""
    session: OfficeSession | None = g.get(_G_KEY)
    if session is not None and session.fresh:
        value = _serializer().dumps({"csrf": session.csrf, "proof": session.proof})
        response.set_cookie(COOKIE_NAME, value, path=COOKIE_PATH, httponly=True, samesite="Strict")
    return response
