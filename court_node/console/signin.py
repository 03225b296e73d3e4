"""Signing in with a user token (checked like the API's bearer token) and out again."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from court_node.auth import user_for_token
from court_node.console.blueprint import bp
from court_node.console.session import check_csrf, sign_in, sign_out, signed_in, signed_in_user


@bp.get("")
@bp.get("/")
def home() -> BaseResponse:
    target = "console.cases" if signed_in_user() is not None else "console.sign_in"
    return redirect(url_for(target), 303)


@bp.get("/sign-in", endpoint="sign_in")
def sign_in_page() -> str | BaseResponse:
    if signed_in_user() is not None:
        return redirect(url_for("console.cases"), 303)
    return render_template("sign_in.html", error="")


@bp.post("/sign-in")
def sign_in_form() -> tuple[str, int] | BaseResponse:
    check_csrf()
    token = request.form.get("token", "").strip()  # never shown again, never logged
    user = user_for_token(token) if token else None
    if user is None:
        return render_template("sign_in.html", error="That token is unknown, or its user is disabled."), 401
    sign_in(user)
    return redirect(url_for("console.cases"), 303)


@bp.post("/sign-out")
@signed_in
def sign_out_form() -> BaseResponse:
    sign_out()
    flash("Signed out.")
    return redirect(url_for("console.sign_in"), 303)
