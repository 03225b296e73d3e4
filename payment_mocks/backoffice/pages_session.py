"""Signing in with the provider's admin token, and signing out."""

from __future__ import annotations

from flask import Response, request, url_for

from payment_mocks.backoffice.blueprint import bp, message_page, page, safe_next, see_other
from payment_mocks.backoffice.session import current_session, start_session, token_matches
from payment_mocks.runtime import current_provider


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Response:
    """The sign-in form, and signing in with the admin token."""
    provider = current_provider()
    wanted = request.values.get("next", "")
    if request.method == "GET":
        if current_session().signed_in(provider):
            return see_other(safe_next(wanted))
        return page("sign_in.html", title="Sign in", next=wanted, error="",
                    signed_out=request.args.get("signed_out") == "1")
    if not token_matches(provider, request.form.get("token", "")):
        return page("sign_in.html", 401, title="Sign in", next=wanted, signed_out=False,
                    error="That is not this provider's admin token.")
    start_session(provider, signed_in=True)
    return see_other(safe_next(wanted))


@bp.post("/sign-out")
def sign_out() -> Response:
    """End this browser's session."""
    start_session(current_provider(), signed_in=False)
    return see_other(url_for("backoffice.sign_in", signed_out="1"))


@bp.route("/<path:rest>", methods=["GET", "POST"])
def unknown(rest: str) -> Response:
    """Any other back-office address: a page, not the dialect's own 404."""
    return message_page(404, "No such page", "The back office has no page at this address.")
