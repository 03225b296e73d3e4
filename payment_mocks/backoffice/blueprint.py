"""The back office blueprint under ``/_backoffice``: loopback only, signed in, CSRF-checked, errors as pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, render_template, request, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.urls import iri_to_uri

from payment_mocks.backoffice import labels
from payment_mocks.backoffice.session import csrf_valid, current_session, store_session
from payment_mocks.control.auth import is_loopback
from payment_mocks.control.routes_common import LEDGER_STATUS, AdminInputError
from payment_mocks.ledger import LedgerError
from payment_mocks.runtime import current_provider

PREFIX = "/_backoffice"
#: pages anyone on loopback may open: the sign-in form and the style sheet
OPEN_ENDPOINTS = frozenset({"backoffice.sign_in", "backoffice.static"})
REFRESH_SECONDS = 5
NAV = (
    ("backoffice.subjects", "Subjects & accounts 当事人"),
    ("backoffice.freezes", "Freezes 冻结"),
    ("backoffice.restrictions", "Restrictions 限制消费"),
    ("backoffice.journal", "Journal 请求日志"),
    ("backoffice.switches", "Switches 开关"),
)
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    # No script at all: even a display that escaped nothing could not run one.
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
}

bp = Blueprint("backoffice", __name__, url_prefix=PREFIX, template_folder="templates", static_folder="static",
               static_url_path="/static")


def page(template: str, http_status: int = 200, /, **context: Any) -> Response:
    """Render one of the back office's templates (every value autoescaped)."""
    response = current_app.make_response((render_template(template, **context), http_status))
    response.mimetype = "text/html"
    return response


def message_page(http_status: int, title: str, message: str) -> Response:
    """A page that says in plain words what went wrong."""
    return page("message.html", http_status, title=title, message=message)


def see_other(location: str) -> Response:
    """A 303 redirect: after a form, the browser fetches the next page with GET."""
    return Response(status=303, headers={"Location": iri_to_uri(location)})


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a back-office path only, never another site."""
    if not target:
        return url_for("backoffice.subjects")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target or not parts.path.startswith(PREFIX + "/"):
        return url_for("backoffice.subjects")
    return target


@bp.before_request
def _guard() -> Response | None:
    provider = current_provider()
    if not provider.settings.allow_remote_admin and not is_loopback(request.remote_addr):
        return message_page(403, "Refused", "The back office answers loopback callers only, like the control API.")
    if request.endpoint not in OPEN_ENDPOINTS and not current_session().signed_in(provider):
        wanted = request.full_path.rstrip("?") if request.method == "GET" else None
        return see_other(url_for("backoffice.sign_in", next=wanted))
    if request.method == "POST" and not csrf_valid(request.form.get("csrf_token")):
        return message_page(400, "Form refused", "This form expired or did not come from this back office. "
                            "Go back, reload the page and submit it again.")
    return None


@bp.after_request
def _finish(response: Response) -> Response:
    store_session(response)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


@bp.context_processor
def _header() -> dict[str, Any]:
    provider = current_provider()
    session = current_session()
    refresh = request.method == "GET" and request.args.get("refresh") == str(REFRESH_SECONDS)
    return {
        "provider_label": labels.label(labels.PROVIDERS, provider.name),
        "dialect_label": labels.label(labels.DIALECTS, provider.dialect.name),
        "profile": provider.ledger.profile_name,
        "clock_beijing": labels.beijing_us(provider.clock.now_us()),
        "clock_stopped": provider.clock.state.stopped_at_us is not None,
        "signed_in": session.signed_in(provider),
        "csrf_token": session.csrf,
        "nav": NAV,
        "refresh": refresh,
        "refresh_seconds": REFRESH_SECONDS,
        "refresh_toggle": _here(refresh=None if refresh else str(REFRESH_SECONDS)),
        "here": _here,
        "labels": labels,
    }


def _here(**changes: str | None) -> str:
    """This page's address with some query parameters changed (None removes one)."""
    if request.endpoint is None or request.method != "GET":
        return url_for("backoffice.subjects")
    args: dict[str, Any] = {k: v for k, v in request.args.items()}
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return url_for(request.endpoint, **(request.view_args or {}), **args)


@bp.errorhandler(AdminInputError)
def _input_error(exc: AdminInputError) -> Response:
    return message_page(exc.status, "Not accepted", exc.message)


@bp.errorhandler(LedgerError)
def _ledger_error(exc: LedgerError) -> Response:
    return message_page(LEDGER_STATUS.get(exc.kind, 422), "Not accepted", exc.message)


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException) -> Response:
    return message_page(exc.code or 500, exc.name, exc.description or exc.name)


@bp.errorhandler(Exception)
def _unexpected(exc: Exception) -> Response:
    current_app.logger.exception("unexpected error in the back office")
    return message_page(500, "Unexpected error", "Something went wrong; the provider's log has the details.")
