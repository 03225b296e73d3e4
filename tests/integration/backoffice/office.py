"""The three mock providers in-process with seeded books, and a browser-like client of their back office."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.test import TestResponse

from payment_mocks.alipay.app import create_app as alipay_app
from payment_mocks.backoffice.session import COOKIE_NAME, COOKIE_PATH
from payment_mocks.bank.app import create_app as bank_app
from payment_mocks.ledger import FreezeMode
from payment_mocks.runtime import EXTENSION_KEY, Provider
from payment_mocks.signing import generate_rsa_key, private_pem
from payment_mocks.wechat.app import create_app as wechat_app

DIALECTS = ("bank", "alipay", "wechat")
ADMIN_TOKEN = "backoffice-admin-token-0123456789"
CREATORS: dict[str, Callable[[Mapping[str, Any]], Flask]] = {
    "bank": bank_app, "alipay": alipay_app, "wechat": wechat_app,
}
#: a dialect request each provider answers without a signature: its own refusal, or its fault when faults are on
PROBES = {"bank": "/judicial/v1/queries", "alipay": "/gateway.do", "wechat": "/v3/judicial/account-queries"}

HOSTILE_NAME = "<script>alert(1)</script>"
DEBTOR_ID = "11010519491231002X"
COMPANY = ("北京某某科技有限公司", "uscc", "91110000600037341L")
ACCOUNT = "6222020200112233445"
COMPANY_ACCOUNT = "6222020200199887766"
FIRST_COURT = ("京0101", "北京市东城区人民法院")
SECOND_COURT = ("京0105", "北京市朝阳区人民法院")
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@functools.cache
def _platform_key_pem() -> str:
    return private_pem(generate_rsa_key())


def make_app(dialect: str, data_dir: Path, **config: Any) -> Flask:
    """A provider on ``data_dir`` with a known admin token; one platform key per run (RSA is slow)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    key_path = data_dir / "platform-key.pem"
    if not key_path.exists():
        key_path.write_text(_platform_key_pem())
    settings: dict[str, Any] = {"data_dir": data_dir, "admin_token": ADMIN_TOKEN, **config}
    if dialect == "bank":
        settings.setdefault("background", False)
    return CREATORS[dialect](settings)


def provider_of(app: Flask) -> Provider:
    provider: Provider = app.extensions[EXTENSION_KEY]
    return provider


def admin(app: Flask, method: str, path: str, body: Any = None) -> Any:
    """Call the control API; returns its JSON, failing the test on an error status."""
    response = app.test_client().open(f"/_admin{path}", method=method, json=body,
                                      headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert response.status_code < 400, response.get_data(as_text=True)
    return response.get_json()


@dataclass(frozen=True)
class Seeded:
    first_freeze_no: str
    waiting_freeze_no: str


def seed_books(app: Flask) -> Seeded:
    """A debtor (named like a script) whose account two courts froze, the second waiting; a company; a deduction
    and a restriction order."""
    admin(app, "POST", "/seed", {"subjects": [
        {"name": HOSTILE_NAME, "id_type": "resident_id", "id_number": DEBTOR_ID,
         "accounts": [{"account_no": ACCOUNT, "balance": "1000.00"}]},
        {"name": COMPANY[0], "id_type": COMPANY[1], "id_number": COMPANY[2],
         "accounts": [{"account_no": COMPANY_ACCOUNT, "balance": "250000.00"}]},
    ]})
    admin(app, "POST", f"/accounts/{ACCOUNT}/credit", {"amount": "200.00", "counterparty": "工资 <b>salary</b>"})
    with provider_of(app).ledger.transaction() as tx:
        first = tx.place_freeze(account_no=ACCOUNT, authority_code=FIRST_COURT[0], authority_name=FIRST_COURT[1],
                                request_no="FR-1", document_no="（2026）京0101执123号", mode=FreezeMode.AMOUNT,
                                amount=120_000, term_days=180, case_no="（2026）京0101执123号")
        waiting = tx.place_freeze(account_no=ACCOUNT, authority_code=SECOND_COURT[0],
                                  authority_name=SECOND_COURT[1], request_no="FR-2",
                                  document_no="（2026）京0105执77号", mode=FreezeMode.AMOUNT, amount=50_000,
                                  term_days=180, case_no="（2026）京0105执77号")
        tx.deduct(first.id, FIRST_COURT[0], 20_000, request_no="DD-1", document_no="（2026）京0101执123号之二",
                  enforcement_account="11001016300059000001")
        subject = tx.subject_by_number(DEBTOR_ID)
        tx.restrict(subject, authority_code=FIRST_COURT[0], authority_name=FIRST_COURT[1],
                    document_no="（2026）京0101执123号之三", case_no="（2026）京0101执123号",
                    categories=frozenset({"air_travel", "star_hotel"}))
    return Seeded(first.freeze_no, waiting.freeze_no)


def csrf_of(response: TestResponse) -> str:
    match = _CSRF.search(response.get_data(as_text=True))
    assert match is not None, "the page has no form with a CSRF token"
    return match.group(1)


class Office:
    """A browser on the back office: keeps its cookie, reads the CSRF token off the last page it saw."""

    def __init__(self, app: Flask, remote_addr: str = "127.0.0.1") -> None:
        self.app = app
        self.client = app.test_client()
        self.client.environ_base["REMOTE_ADDR"] = remote_addr
        self.csrf = ""

    def get(self, path: str) -> TestResponse:
        response = self.client.get(path)
        if response.status_code < 500 and b'name="csrf_token"' in response.data:
            self.csrf = csrf_of(response)
        return response

    def page(self, path: str) -> str:
        """The text of a page that must answer 200."""
        response = self.get(path)
        assert response.status_code == 200, (response.status_code, response.headers.get("Location"))
        return response.get_data(as_text=True)

    def post(self, path: str, data: Mapping[str, str] | None = None, *, csrf: str | None = None) -> TestResponse:
        """Submit a form with the CSRF token of the last page (or ``csrf``, "" for none)."""
        form = dict(data or {})
        token = self.csrf if csrf is None else csrf
        if token:
            form["csrf_token"] = token
        response = self.client.post(path, data=form)
        if response.status_code < 500 and b'name="csrf_token"' in response.data:
            self.csrf = csrf_of(response)
        return response

    def cookie(self) -> str:
        """The value of the session cookie the browser holds ("" for none)."""
        cookie = self.client.get_cookie(COOKIE_NAME, path=COOKIE_PATH)
        return "" if cookie is None else cookie.value

    def move_to(self, app: Flask) -> None:
        """Carry this browser's cookie to another app on the same data folder: another worker, or a restart."""
        value = self.cookie()
        self.app, self.client = app, app.test_client()
        if value:
            self.client.set_cookie(COOKIE_NAME, value, path=COOKIE_PATH)

    def sign_in(self, token: str = ADMIN_TOKEN, next_path: str = "") -> TestResponse:
        self.get("/_backoffice/sign-in")
        return self.post("/_backoffice/sign-in", {"token": token, "next": next_path})


def signed_in(app: Flask) -> Office:
    office = Office(app)
    response = office.sign_in()
    assert response.status_code == 303, response.get_data(as_text=True)
    return office


def probe(app: Flask) -> TestResponse:
    """One unsigned dialect request."""
    return app.test_client().post(PROBES[provider_of(app).name], data=b"{}")


def met_fault(dialect: str, response: TestResponse) -> bool:
    """Whether a probe met the injected server failure, in the dialect's own shape."""
    if dialect == "alipay":
        return b'"code":"20000"' in response.data
    return response.status_code == {"bank": 503, "wechat": 500}[dialect]
