"""Every ``/v3`` request must carry a valid merchant signature; every response is signed by the platform."""

from __future__ import annotations

import secrets

from flask import Flask, Response, g, request

from payment_mocks.control.callers import CallerKind
from payment_mocks.runtime import current_provider
from payment_mocks.signing import load_public_pem
from payment_mocks.wechat.dialect import sign_error
from payment_mocks.wechat.signing import (
    MAX_SKEW_S,
    AuthorizationFormatError,
    parse_authorization,
    response_headers,
    verify_request_signature,
)

NONCE_WINDOW_US = MAX_SKEW_S * 1_000_000
_MCHID_KEY = "wechat_mchid"


def signed_url() -> str:
    """The path and query exactly as the caller sent them (still percent-encoded), as the signature covers."""
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or request.path
    path = str(raw).split("?", 1)[0]
    query = request.environ.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path


def current_mchid() -> str:
    """The merchant whose signature the current request carried."""
    mchid: str = g.get(_MCHID_KEY, "")
    return mchid


def authenticate() -> None:
    """Verify the Authorization header of the current request; raise 401 SIGN_ERROR when it fails."""
    provider = current_provider()
    try:
        auth = parse_authorization(request.headers.get("Authorization"))
    except AuthorizationFormatError as exc:
        raise sign_error(str(exc)) from None
    caller = provider.callers.get(CallerKind.WECHAT_MCH, auth.mchid)
    if caller is None:
        raise sign_error(f"mchid {auth.mchid} is not a registered merchant")
    if auth.serial_no != caller.serial:
        raise sign_error(f"serial_no {auth.serial_no} is not the registered key of mchid {auth.mchid}")
    now_s = int(provider.clock.now().timestamp())
    if abs(now_s - int(auth.timestamp)) >= MAX_SKEW_S:
        raise sign_error(f"timestamp {auth.timestamp} is {MAX_SKEW_S} s or more away from the server's time "
                         f"{now_s}; keep the clock in step")
    body = request.get_data(cache=True)
    if not verify_request_signature(load_public_pem(caller.public_key_pem), auth, request.method, signed_url(), body):
        raise sign_error("the signature does not verify; sign METHOD\\nURL\\nTIMESTAMP\\nNONCE\\nBODY\\n")
    with provider.ledger.transaction() as tx:
        fresh = tx.see_nonce(f"wechat:{auth.mchid}", auth.nonce_str, NONCE_WINDOW_US)
    if not fresh:
        raise sign_error(f"nonce_str {auth.nonce_str} was already used within {MAX_SKEW_S} s (a replay)")
    setattr(g, _MCHID_KEY, auth.mchid)
    g.journal_caller = auth.mchid


def sign_response(response: Response) -> Response:
    """Add Request-ID and the Wechatpay-* signature headers over the exact body bytes."""
    if response.direct_passthrough or response.is_streamed:
        return response
    provider = current_provider()
    body = response.get_data()
    headers = response_headers(provider.keys.sign, provider.keys.serial, body,
                               timestamp=int(provider.clock.now().timestamp()),
                               request_id=secrets.token_hex(24).upper())
    for name, value in headers.items():
        response.headers[name] = value
    return response


def install(app: Flask) -> None:
    """Authenticate ``/v3`` requests before routing; sign every dialect response on the way out."""

    @app.before_request
    def _authenticate() -> None:
        if request.path.startswith("/v3/"):
            authenticate()

    @app.after_request
    def _sign(response: Response) -> Response:
        if request.path.startswith("/_admin"):
            return response  # the control API has its own shape and guard
        return sign_response(response)
