"""Who may open the back office: loopback callers signed in with the admin token, forms with their CSRF token."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from payment_mocks.backoffice.session import COOKIE_NAME, SECRET_FILE
from tests.integration.backoffice.office import (
    ACCOUNT,
    ADMIN_TOKEN,
    Office,
    Seeded,
    admin,
    make_app,
    provider_of,
    signed_in,
)

PAGES = ["/_backoffice/", f"/_backoffice/accounts/{ACCOUNT}", "/_backoffice/freezes", "/_backoffice/restrictions",
         "/_backoffice/journal", "/_backoffice/switches"]
FORMS = ["/_backoffice/switches/faults", "/_backoffice/switches/faults/clear", "/_backoffice/switches/profile"]


def test_every_page_sends_a_stranger_to_sign_in(app: Flask) -> None:
    stranger = Office(app)
    for path in PAGES:
        response = stranger.get(path)
        assert response.status_code == 303, path
        assert response.headers["Location"].startswith("/_backoffice/sign-in?next=")


def test_a_form_posted_without_signing_in_changes_nothing(app: Flask) -> None:
    stranger = Office(app)
    stranger.get("/_backoffice/sign-in")
    for path in FORMS:
        response = stranger.post(path, {"error_rate": "1", "profile": "current"})
        assert response.status_code == 303 and "/sign-in" in response.headers["Location"], path
    assert admin(app, "GET", "/faults")["faults"] is None


def test_signing_in_with_the_admin_token_opens_the_page_asked_for(app: Flask, seeded: Seeded) -> None:
    office = Office(app)
    first = office.get("/_backoffice/freezes?status=waiting")
    response = office.sign_in(next_path=first.headers["Location"].split("next=", 1)[1].replace("%3D", "="))
    assert response.status_code == 303
    assert response.headers["Location"] == "/_backoffice/freezes?status=waiting"
    assert seeded.waiting_freeze_no in office.page("/_backoffice/freezes?status=waiting")


def test_the_session_cookie_is_http_only_and_same_site_strict(app: Flask) -> None:
    office = Office(app)
    office.get("/_backoffice/sign-in")
    response = office.post("/_backoffice/sign-in", {"token": ADMIN_TOKEN})
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/_backoffice" in cookie


def test_a_wrong_token_is_refused_and_signs_nobody_in(app: Flask) -> None:
    office = Office(app)
    response = office.sign_in(token="not-the-token")
    assert response.status_code == 401
    assert "not this provider&#39;s admin token" in response.get_data(as_text=True)
    assert office.get("/_backoffice/").status_code == 303


def test_a_token_with_characters_beyond_ascii_is_refused_without_an_error(app: Flask) -> None:
    assert Office(app).sign_in(token="令牌\u0000").status_code == 401


def test_signing_in_needs_the_csrf_token_of_the_sign_in_page(app: Flask) -> None:
    office = Office(app)
    office.get("/_backoffice/sign-in")
    response = office.post("/_backoffice/sign-in", {"token": ADMIN_TOKEN}, csrf="")
    assert response.status_code == 400
    assert office.get("/_backoffice/").status_code == 303


def test_signing_in_without_any_cookie_is_refused(app: Flask) -> None:
    office = Office(app)
    response = office.post("/_backoffice/sign-in", {"token": ADMIN_TOKEN}, csrf="made-up")
    assert response.status_code == 400


def test_a_form_with_a_wrong_csrf_token_changes_nothing(app: Flask, office: Office) -> None:
    office.page("/_backoffice/switches")
    response = office.post("/_backoffice/switches/faults", {"error_rate": "1"}, csrf="forged")
    assert response.status_code == 400
    assert "did not come from this back office" in response.get_data(as_text=True)
    assert admin(app, "GET", "/faults")["faults"] is None


def test_a_form_without_a_csrf_token_changes_nothing(app: Flask, office: Office) -> None:
    office.page("/_backoffice/switches")
    assert office.post("/_backoffice/switches/faults", {"error_rate": "1"}, csrf="").status_code == 400
    assert admin(app, "GET", "/faults")["faults"] is None


def test_signing_in_again_gives_a_new_csrf_token(app: Flask) -> None:
    office = Office(app)
    office.get("/_backoffice/sign-in")
    before = office.csrf
    office.post("/_backoffice/sign-in", {"token": ADMIN_TOKEN})
    office.page("/_backoffice/switches")
    assert office.csrf and office.csrf != before


def test_signing_out_ends_the_session(app: Flask, office: Office) -> None:
    office.page("/_backoffice/")
    response = office.post("/_backoffice/sign-out")
    assert response.status_code == 303 and response.headers["Location"] == "/_backoffice/sign-in?signed_out=1"
    assert "You are signed out" in office.page("/_backoffice/sign-in?signed_out=1")
    assert office.get("/_backoffice/").status_code == 303


def test_a_caller_that_is_not_on_loopback_is_refused_like_the_control_api(app: Flask) -> None:
    stranger = Office(app, remote_addr="10.1.2.3")
    for path in ("/_backoffice/sign-in", "/_backoffice/", "/_backoffice/static/backoffice.css"):
        response = stranger.get(path)
        assert response.status_code == 403, path
        response.close()
    refused = stranger.post("/_backoffice/sign-in", {"token": ADMIN_TOKEN}, csrf="x")
    assert refused.status_code == 403
    assert "loopback callers only" in refused.get_data(as_text=True)


def test_a_signed_in_cookie_is_refused_from_another_address(app: Flask, office: Office) -> None:
    office.client.environ_base["REMOTE_ADDR"] = "192.168.1.9"
    assert office.get("/_backoffice/").status_code == 403


def test_allow_remote_admin_opens_the_back_office_to_other_addresses(dialect: str, tmp_path: Path) -> None:
    app = make_app(dialect, tmp_path / "remote", allow_remote_admin=True)
    office = Office(app, remote_addr="10.1.2.3")
    assert office.sign_in().status_code == 303
    assert office.get("/_backoffice/").status_code == 200
    provider_of(app).ledger.close()


def test_the_admin_token_never_appears_in_a_page_an_address_a_cookie_or_the_journal(
        app: Flask, seeded: Seeded, office: Office) -> None:
    seen: list[str] = []
    for path in [*PAGES, "/_backoffice/sign-in", "/_backoffice/journal?status=abc"]:
        response = office.get(path)
        seen += [response.get_data(as_text=True), str(response.headers)]
    office.page("/_backoffice/switches")
    response = office.post("/_backoffice/switches/faults", {"error_rate": "2"})
    seen += [response.get_data(as_text=True), str(response.headers)]
    seen.append(office.cookie())
    seen.append(str(admin(app, "GET", "/journal?limit=1000")))
    assert all(ADMIN_TOKEN not in text for text in seen)


def test_back_office_requests_are_not_journaled(app: Flask, office: Office) -> None:
    office.page("/_backoffice/")
    office.page("/_backoffice/switches")
    assert admin(app, "GET", "/journal")["total"] == 0


def test_every_worker_accepts_the_session_another_one_issued(dialect: str, tmp_path: Path) -> None:
    data_dir = tmp_path / "shared"
    first, second = make_app(dialect, data_dir), make_app(dialect, data_dir)
    office = signed_in(first)
    office.move_to(second)
    assert office.get("/_backoffice/").status_code == 200
    assert (data_dir / SECRET_FILE).stat().st_mode & 0o077 == 0
    for app in (first, second):
        provider_of(app).ledger.close()


def test_a_new_admin_token_signs_everyone_out(dialect: str, tmp_path: Path) -> None:
    data_dir = tmp_path / "rotated"
    before = make_app(dialect, data_dir)
    office = signed_in(before)
    after = make_app(dialect, data_dir, admin_token="a-brand-new-admin-token-987654")
    office.move_to(after)
    assert office.get("/_backoffice/").status_code == 303
    for app in (before, after):
        provider_of(app).ledger.close()


@pytest.mark.parametrize("target", ["https://example.org/", "//example.org/x", "/_admin/info", "/\\example.org"])
def test_signing_in_never_sends_the_browser_elsewhere(app: Flask, target: str) -> None:
    response = Office(app).sign_in(next_path=target)
    assert response.status_code == 303 and response.headers["Location"] == "/_backoffice/"


def test_pages_forbid_scripts_and_framing(app: Flask, office: Office) -> None:
    response = office.get("/_backoffice/")
    assert "script-src" not in response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY" and response.headers["Cache-Control"] == "no-store"


def test_an_unknown_back_office_address_is_a_page_not_a_dialect_error(app: Flask, office: Office) -> None:
    response = office.get("/_backoffice/nowhere/at/all")
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert "no page at this address" in response.get_data(as_text=True)


def test_the_style_sheet_is_served_by_the_app(app: Flask) -> None:
    response = Office(app).get("/_backoffice/static/backoffice.css")
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert b"font-size" in response.data
    response.close()
