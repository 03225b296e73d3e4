"""A gateway in-process for the Alipay-like mock's tests: seeded debtors, a registered app, signed calls."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask
from flask.testing import FlaskClient

from payment_mocks.alipay import create_app
from payment_mocks.alipay.client import AlipayClient, beijing_timestamp
from payment_mocks.alipay.signing import raw_members, sign_params
from payment_mocks.control.callers import Caller, CallerKind
from payment_mocks.ledger import AccountView
from payment_mocks.runtime import EXTENSION_KEY, Provider
from payment_mocks.signing import generate_rsa_key, load_public_pem, private_pem, public_pem, rsa_verify
from payment_mocks.terms import beijing_date

# RSA generation is slow: one key of each kind for the whole run.
APP_KEY = generate_rsa_key()
PLATFORM_KEY = generate_rsa_key()
STRANGER_KEY = generate_rsa_key()

APP_ID = "2021000000000001"
BASE_URL = "http://alipay.test"
COURTS = {"京0101": "北京市东城区人民法院", "京0105": "北京市朝阳区人民法院"}


@dataclass(frozen=True)
class Person:
    name: str
    cert_type: str
    cert_no: str
    user_id: str
    balance_fen: int

    @property
    def id_type(self) -> str:
        return "resident_id" if self.cert_type == "IDENTITY_CARD" else "uscc"

    def subject(self) -> dict[str, str]:
        return {"name": self.name, "cert_type": self.cert_type, "cert_no": self.cert_no}


DEBTOR = Person("张三", "IDENTITY_CARD", "11010519491231002X", "2088000000000001", 100_000)
NEIGHBOUR = Person("李四", "IDENTITY_CARD", "440524188001010014", "2088000000000002", 50_000)
COMPANY = Person("北京某某科技有限公司", "UNIFIED_SOCIAL_CREDIT_CODE", "91110000600037341L", "2088000000000003",
                 2_000_000)
PEOPLE = (DEBTOR, NEIGHBOUR, COMPANY)


@dataclass
class Reply:
    """One HTTP answer of the gateway, read the way a careful client reads it."""

    status: int
    body: bytes
    members: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return next(k for k in self.members if k != "sign")

    @property
    def raw_node(self) -> str:
        return self.members[self.key]

    @property
    def node(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.raw_node)
        return parsed

    @property
    def sign(self) -> str | None:
        return json.loads(self.members["sign"]) if "sign" in self.members else None

    def signed_by(self, public_pem_text: str) -> bool:
        sign = self.sign
        return sign is not None and rsa_verify(load_public_pem(public_pem_text), self.raw_node.encode(), sign)


class Gateway:
    """The Alipay-like app on a fresh data folder, its clock stopped, the app registered, three holders seeded."""

    def __init__(self, tmp_path: Path, **config: Any) -> None:
        data_dir = tmp_path / "alipay"
        data_dir.mkdir(parents=True, exist_ok=True)
        (data_dir / "platform-key.pem").write_text(private_pem(PLATFORM_KEY))
        self.app: Flask = create_app({"data_dir": data_dir, "admin_token": "alipay-test-admin-token", **config})
        self.client: FlaskClient = self.app.test_client()
        self.provider: Provider = self.app.extensions[EXTENSION_KEY]
        self.provider.clock.stop()  # time moves only when a test says so
        self.provider.callers.register(Caller(CallerKind.ALIPAY_APP, APP_ID, public_key_pem=public_pem(APP_KEY)))
        with self.provider.ledger.transaction() as tx:
            for person in PEOPLE:
                tx.add_subject(person.name, person.id_type, person.cert_no)
                tx.open_account(person.user_id, person.cert_no, person.balance_fen)

    def close(self) -> None:
        self.provider.ledger.close()

    # ---- time --------------------------------------------------------------------------------------
    def now(self) -> datetime:
        return self.provider.clock.now()

    def today(self) -> date:
        return beijing_date(self.provider.clock.now_us())

    def days_ahead(self, days: int) -> str:
        return (self.today() + timedelta(days=days)).isoformat()

    def advance(self, delta: timedelta) -> None:
        self.provider.clock.advance(delta)

    # ---- calls -------------------------------------------------------------------------------------
    def params(self, method: str, biz: dict[str, Any] | str, *, key: rsa.RSAPrivateKey = APP_KEY,
               at: datetime | None = None, **overrides: str | None) -> dict[str, str]:
        """Signed common parameters; an override is applied before signing (None leaves the parameter out)."""
        params: dict[str, str] = {
            "app_id": APP_ID, "method": method, "format": "JSON", "charset": "utf-8", "sign_type": "RSA2",
            "timestamp": beijing_timestamp(at or self.now()), "version": "1.0",
            "biz_content": biz if isinstance(biz, str) else json.dumps(biz, ensure_ascii=False),
        }
        for name, value in overrides.items():
            if value is None:
                params.pop(name, None)
            else:
                params[name] = value
        params["sign"] = sign_params(params, key)
        return params

    def send(self, params: dict[str, str], *, via: str = "POST") -> Reply:
        if via == "GET":
            response = self.client.get("/gateway.do", query_string=params)
        else:
            query = {k: v for k, v in params.items() if k != "biz_content"}
            form = {"biz_content": params["biz_content"]} if "biz_content" in params else {}
            response = self.client.post("/gateway.do", query_string=query, data=form)
        return read(response.status_code, response.get_data())

    def call(self, method: str, biz: dict[str, Any] | str, *, via: str = "POST", **kwargs: Any) -> Reply:
        return self.send(self.params(method, biz, **kwargs), via=via)

    def node(self, method: str, biz: dict[str, Any] | str, **kwargs: Any) -> dict[str, Any]:
        """The node of a signed call, after checking it is HTTP 200 and signed by the platform."""
        reply = self.call(method, biz, **kwargs)
        assert reply.status == 200
        assert reply.signed_by(public_pem(PLATFORM_KEY))
        return reply.node

    def ok(self, method: str, biz: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        node = self.node(method, biz, **kwargs)
        assert node["code"] == "10000", node
        return node

    # ---- a client over `responses`, forwarding to this app ------------------------------------------
    def forward(self, request: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        """A `responses` callback: hand the client's real HTTP request to the app in-process."""
        url = urlsplit(str(request.url))
        body = request.body.encode() if isinstance(request.body, str) else request.body
        response = self.client.open(url.path, method=str(request.method), query_string=url.query, data=body,
                                    headers={"Content-Type": request.headers.get("Content-Type", "")})
        return response.status_code, {"Content-Type": response.content_type}, response.get_data()

    def sdk(self, *, app_id: str = APP_ID, key: rsa.RSAPrivateKey = APP_KEY,
            platform: rsa.RSAPrivateKey = PLATFORM_KEY) -> AlipayClient:
        return AlipayClient(BASE_URL, app_id, private_pem(key), public_pem(platform), now=self.now)

    # ---- the ledger as the tests see it -------------------------------------------------------------
    def view(self, person: Person = DEBTOR) -> AccountView:
        with self.provider.ledger.transaction() as tx:
            return tx.account_view(person.user_id)

    def snapshot(self) -> tuple[Any, ...]:
        """Everything a refused request must leave as it was: accounts, measures, journals, stored answers."""
        with self.provider.ledger.transaction() as tx:
            views = [tx.account_view(p.user_id) for p in PEOPLE]
            moves = [len(tx.movements(p.user_id)) for p in PEOPLE]
            counts = [tx.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                      for t in ("freezes", "payouts", "restrictions", "replies")]
        return views, moves, counts


def read(status: int, body: bytes) -> Reply:
    return Reply(status, body, raw_members(body.decode("utf-8")))


def court(request_no: str, court_code: str = "京0101", **extra: Any) -> dict[str, Any]:
    """The fields every judicial request carries."""
    return {
        "out_request_no": request_no, "court_code": court_code, "court_name": COURTS[court_code],
        "judge_name": "王法官", "case_no": f"（2026）{court_code}执123号",
        "document_no": f"（2026）{court_code}执123号之一",
        **extra,
    }


def freeze_biz(gw: Gateway, request_no: str, amount: str | None = "500.00", *, person: Person = DEBTOR,
               court_code: str = "京0101", days: int = 30, **extra: Any) -> dict[str, Any]:
    biz = court(request_no, court_code, subject=person.subject(), user_id=person.user_id,
                freeze_type="AMOUNT" if amount is not None else "ACCOUNT", freeze_end_date=gw.days_ahead(days))
    if amount is not None:
        biz["freeze_amount"] = amount
    return {**biz, **extra}


def freeze(gw: Gateway, request_no: str, amount: str | None = "500.00", **kwargs: Any) -> dict[str, Any]:
    """Place a freeze that must succeed; its node."""
    return gw.ok("alipay.judicial.fund.freeze", freeze_biz(gw, request_no, amount, **kwargs))


def pay(gw: Gateway, trade_no: str, amount: str, category: str = "grocery",
        person: Person = DEBTOR) -> dict[str, Any]:
    return gw.node("alipay.trade.pay", {"out_trade_no": trade_no, "buyer_id": person.user_id,
                                        "total_amount": amount, "subject": "一笔消费", "merchant_category": category})


def transfer_in(gw: Gateway, biz_no: str, amount: str, person: Person = DEBTOR) -> dict[str, Any]:
    return gw.node("alipay.fund.trans.uni.transfer", {
        "out_biz_no": biz_no, "trans_amount": amount, "product_code": "TRANS_ACCOUNT_NO_PWD",
        "biz_scene": "DIRECT_TRANSFER", "order_title": "工资",
        "payee_info": {"identity": person.user_id, "identity_type": "ALIPAY_USER_ID"},
    })
