"""A browser stand-in for the console's tests: a test client that signs in, reads forms and submits them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from typing import Any

from flask import Flask
from flask.testing import FlaskClient


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)


class _Forms(HTMLParser):
    """Every form of a page by id: its action and the value of each named field (hidden ones included)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: dict[str, Form] = {}
        self._current: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._current = Form(a.get("action", ""))
            self.forms[a.get("id", f"form-{len(self.forms)}")] = self._current
        elif self._current is None:
            return
        elif tag == "input" and "name" in a:
            if a.get("type") == "checkbox" and "checked" not in a:
                return
            self._current.fields.setdefault(a["name"], a.get("value", ""))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select is not None and (
                "selected" in a or self._select not in self._current.fields):
            self._current.fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None


def forms_of(html: str) -> dict[str, Form]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def text_of(html: str) -> str:
    """The page's words, tags removed, entities read and spaces squeezed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


class Console:
    """One console session (its own cookies)."""

    def __init__(self, app: Flask) -> None:
        self.client: FlaskClient = app.test_client()

    def sign_in(self, token: str) -> Any:
        form = forms_of(self.client.get("/console/sign-in").text)["sign-in-form"]
        return self.client.post("/console/sign-in", data={**form.fields, "token": token})

    def get(self, path: str) -> Any:
        return self.client.get(path)

    def case(self, case_id: int) -> Any:
        return self.client.get(f"/console/cases/{case_id}")

    def form(self, page: str, form_id: str) -> Form:
        forms = forms_of(self.client.get(page).text)
        assert form_id in forms, f"no form {form_id!r} on {page}; forms: {sorted(forms)}"
        return forms[form_id]

    def submit(self, page: str, form_id: str, **values: Any) -> Any:
        """Fill in the form ``form_id`` of ``page`` with ``values`` and send it (as a browser would)."""
        form = self.form(page, form_id)
        return self.client.post(form.action, data={**form.fields, **values})

    def post(self, path: str, data: dict[str, Any]) -> Any:
        return self.client.post(path, data=data)

    def csrf(self) -> str:
        """This session's CSRF token, as every page's sign-out form carries it."""
        return self.form("/console/cases", "sign-out-form").fields["csrf_token"]


def flashes(html: str) -> list[str]:
    return [text_of(m) for m in re.findall(r'data-field="flash">(.*?)</p>', html, re.S)]


def error_next_to(html: str, form: str) -> str | None:
    """The refusal shown next to ``form``, or None."""
    match = re.search(rf'data-error="{form}">(.*?)</p>', html, re.S)
    return None if match is None else text_of(match.group(1))
