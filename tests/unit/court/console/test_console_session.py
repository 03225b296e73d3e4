"""Signing in to the console with a user token, the session cookie, CSRF and signing out."""

from __future__ import annotations

import logging
import stat
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from freezegun import freeze_time

from court_node.app import create_app
from court_node.context import EXTENSION_KEY
from tests.unit.court.console.console_client import Console, error_next_to, flashes, text_of
from tests.unit.court.svc_world import World

JUDGE = "demo-judge-0101"


def test_signing_in_with_a_user_token_leads_to_the_courts_cases(world: World) -> None:
    console = Console(world.app)
    answer = console.sign_in(JUDGE)
    assert (answer.status_code, answer.headers["Location"]) == (303, "/console/cases")
    page = text_of(console.get("/console/cases").text)
    assert "京0101 北京市东城区人民法院" in page and "张法官 · judge" in page


def test_the_session_cookie_is_httponly_strict_and_holds_no_token(world: World) -> None:
    cookie = Console(world.app).sign_in(JUDGE).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/console" in cookie
    assert JUDGE not in cookie


def test_an_unknown_token_is_refused_in_plain_words(world: World) -> None:
    console = Console(world.app)
    answer = console.sign_in("demo-judge-9999")
    assert answer.status_code == 401
    assert error_next_to(answer.text, "sign-in") == "That token is unknown, or its user is disabled."
    assert console.get("/console/cases").status_code == 303


def test_a_refused_token_is_not_shown_again(world: World) -> None:
    answer = Console(world.app).sign_in("not-a-token-<b>")
    assert "not-a-token" not in answer.text


def test_signing_in_without_the_csrf_token_is_refused(world: World) -> None:
    console = Console(world.app)
    console.get("/console/sign-in")
    answer = console.post("/console/sign-in", {"token": JUDGE})
    assert answer.status_code == 400
    assert console.get("/console/cases").status_code == 303


def test_pages_without_a_session_lead_to_the_sign_in_page(world: World) -> None:
    for path in ("/console", "/console/cases", "/console/cases/1"):
        answer = Console(world.app).get(path)
        assert (answer.status_code, answer.headers["Location"]) == (303, "/console/sign-in"), path


def test_signing_out_ends_the_session(sign_in: Callable[[str], Console]) -> None:
    console = sign_in(JUDGE)
    answer = console.submit("/console/cases", "sign-out-form")
    assert answer.headers["Location"] == "/console/sign-in"
    assert flashes(console.get("/console/sign-in").text) == ["Signed out."]
    assert console.get("/console/cases").status_code == 303


def test_signing_out_without_the_csrf_token_is_refused(sign_in: Callable[[str], Console]) -> None:
    console = sign_in(JUDGE)
    assert console.post("/console/sign-out", {}).status_code == 400
    assert console.get("/console/cases").status_code == 200


def test_no_page_and_no_log_line_shows_the_token(world: World, sign_in: Callable[[str], Console],
                                                  caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    case_id = world.file(1)
    console = sign_in(JUDGE)
    pages = [console.get(path).text for path in ("/console/cases", f"/console/cases/{case_id}", "/console/cases/new")]
    assert all(JUDGE not in page for page in pages)
    assert JUDGE not in caplog.text


def test_the_session_secret_is_kept_in_the_data_folder_for_every_worker(world: World, tmp_path: Path) -> None:
    secret = tmp_path / "court" / "console-secret"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    console = Console(world.app)
    console.sign_in(JUDGE)
    other_worker = create_app({"data_dir": str(tmp_path / "court"), "demo": True})
    try:
        assert other_worker.secret_key == world.app.secret_key
        console.client.application = other_worker
        assert console.get("/console/cases").status_code == 200
    finally:
        other_worker.extensions[EXTENSION_KEY].close()


def test_a_session_ends_after_a_working_day(sign_in: Callable[[str], Console]) -> None:
    console = sign_in(JUDGE)
    with freeze_time(datetime.now(UTC) + timedelta(hours=13)):
        assert console.get("/console/cases").status_code == 303
