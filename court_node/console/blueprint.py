"""The console's blueprint at ``/console``: its pages, its own error pages and the headers every page carries."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as BaseResponse

from court_node.api.errors import ApiError

log = logging.getLogger(__name__)

bp = Blueprint("console", __name__, url_prefix="/console", template_folder="templates", static_folder="static")

#: only the node's own files; no inline script or style, no framing, forms post back to the node only
CSP = ("default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")

_TITLES = {400: "The form could not be used", 401: "Sign in first", 403: "Not allowed for your role",
           404: "Not found", 405: "Not possible here", 409: "Not possible now", 413: "Too much data",
           422: "Refused by the rules", 502: "The provider failed", 504: "The provider did not answer"}


@bp.after_request
def _harden(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    if request.endpoint != "console.static":  # a page shows a court's data: never kept in a cache
        response.headers["Cache-Control"] = "no-store"
    return response


def problem_page(status: int, message: str) -> tuple[str, int]:
    """A page that says, in plain words, why the request was not done."""
    title = _TITLES.get(status, "Something went wrong")
    return render_template("problem.html", title=title, message=message, status=status), status


@bp.errorhandler(ApiError)
def _refused(exc: ApiError) -> tuple[str, int] | BaseResponse:
    if exc.status == 401:
        return redirect(url_for("console.sign_in"), 303)
    return problem_page(exc.status, exc.message)


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException) -> tuple[str, int]:
    status = exc.code or 500
    if status >= 500:
        current_app.logger.error("console: HTTP %s: %s", status, exc.description)
        return problem_page(status, "The node could not answer this request.")
    return problem_page(status, exc.description or exc.name)


@bp.errorhandler(Exception)
def _unexpected(exc: Exception) -> tuple[str, int]:
    current_app.logger.exception("console: unexpected error")
    return problem_page(500, "An unexpected error stopped this request. Reload the case to see where it stands.")
