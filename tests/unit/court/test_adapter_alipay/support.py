"""An Alipay gateway behind ``responses`` that checks the adapter's signs and signs its answers as the mock does."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests
import responses
from cryptography.hazmat.primitives.asymmetric import rsa

from court_node.adapters.alipay import AlipayAdapter
from court_node.adapters.base import ProviderConfig
from court_node.adapters.types import ControlRequest, Court, Operation, QueryRequest, Subject
from payment_mocks.alipay.envelope import envelope, node_bytes, node_key
from payment_mocks.alipay.signing import verify_params
from payment_mocks.signing import generate_rsa_key, private_pem, public_pem, rsa_sign

# RSA generation is slow: one key of each kind for the whole run.
APP_KEY = generate_rsa_key()
PLATFORM_KEY = generate_rsa_key()
STRANGER_KEY = generate_rsa_key()

BASE = "http://alipay.test"
GATEWAY = BASE + "/gateway.do"
APP_ID = "2021000000000001"
NOW = 1_772_416_800.0  # 2026-03-02 10:00:00 Beijing
COURT = Court("京0101", "北京市东城区人民法院", "11001016700053001234")
DEBTOR = Subject("张三", "resident_id", "11010519491231002X")
COMPANY = Subject("北京某某科技有限公司", "uscc", "91110000600037341L")
USER_ID = "2088000000000001"
CASE = "（2026）京0101执123号"
DOCUMENT = "（2026）京0101执123号之一"
FREEZE_NO = "20260000000001"

Answer = tuple[int, dict[str, str], bytes]


def config(**options: Any) -> ProviderConfig:
    return ProviderConfig(name="alipay", adapter="alipay", base_url=BASE, timeout_s=2.0,
                          credentials={"app_id": APP_ID, "private_key_pem": private_pem(APP_KEY),
                                       "alipay_public_key_pem": public_pem(PLATFORM_KEY)},
                          options={"backoff_s": 0, **options})


def adapter(**options: Any) -> AlipayAdapter:
    """An adapter for ``BASE`` on a clock stopped at ``NOW``; no pause between retries."""
    return AlipayAdapter(config(**options), now=lambda: NOW)


def query_request(request_no: str = "Q1", **changes: Any) -> QueryRequest:
    fields: dict[str, Any] = {"request_no": request_no, "court": COURT, "judge": "王法官", "case_no": CASE,
                              "document_no": DOCUMENT, "subject": DEBTOR, **changes}
    return QueryRequest(**fields)


def control_request(operation: Operation = Operation.FREEZE, request_no: str = "C1", **changes: Any) -> ControlRequest:
    fields: dict[str, Any] = {"request_no": request_no, "operation": operation, "court": COURT, "judge": "王法官",
                              "case_no": CASE, "document_no": DOCUMENT, "subject": DEBTOR, "account_no": USER_ID}
    if operation is Operation.FREEZE:
        fields.update(amount=150_000, end_date=date(2026, 8, 29))
    else:
        fields.update(original_request_no="F1", provider_ref=FREEZE_NO)
        if operation is Operation.RENEW:
            fields.update(end_date=date(2027, 3, 1))
        elif operation is Operation.DEDUCT:
            fields.update(amount=60_000)
    fields.update(changes)
    return ControlRequest(**fields)


# ---- nodes the gateway answers ------------------------------------------------------------------------------
def ok(**fields: Any) -> dict[str, Any]:
    return {"code": "10000", "msg": "Success", **fields}


def refused(code: str, sub_code: str, sub_msg: str = "refused") -> dict[str, Any]:
    msg = {"20000": "Service Currently Unavailable", "40001": "Missing Required Arguments",
           "40002": "Invalid Arguments", "40004": "Business Failed", "40006": "Insufficient Permissions"}
    return {"code": code, "msg": msg.get(code, "Other"), "sub_code": sub_code, "sub_msg": sub_msg}


def business(sub_code: str, sub_msg: str = "refused") -> dict[str, Any]:
    return refused("40004", sub_code, sub_msg)


UNAVAILABLE = refused("20000", "isp.unknow-error", "service currently unavailable")


def measure(**changes: Any) -> dict[str, Any]:
    data = {"court_code": "京0105", "court_name": "北京市朝阳区人民法院", "document_no": "（2026）京0105执9号之一",
            "freeze_type": "AMOUNT",
            "freeze_amount": "200.00", "frozen_amount": "0.00", "unfrozen_amount": "200.00", "status": "WAITING",
            "queue_position": 1}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def freeze_node(request_no: str | None = "C1", **changes: Any) -> dict[str, Any]:
    data = ok(out_request_no=request_no, freeze_no=FREEZE_NO, user_id=USER_ID, freeze_type="AMOUNT",
              status="FROZEN", freeze_amount="1500.00", frozen_amount="1300.00", unfrozen_amount="200.00",
              deducted_amount="0.00", start_date="2026-03-02", end_date="2026-08-29", balance="1300.00",
              available_amount="0.00", judicial_measures=[])
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def account_entry(**changes: Any) -> dict[str, Any]:
    data = {"user_id": USER_ID, "account_name": "张三", "balance": "1300.00", "available_amount": "0.00",
            "freeze_status": "PARTIAL_FROZEN",
            "judicial_measures": [
                measure(freeze_no=FREEZE_NO, court_code="京0101", court_name="北京市东城区人民法院",
                        document_no=DOCUMENT, freeze_amount="1500.00", frozen_amount="1300.00", status="FROZEN",
                        queue_position=None, start_date="2026-03-02", end_date="2026-08-29"),
                measure()],
            "transactions": [
                {"trans_time": "2026-03-02 10:00:00", "trans_type": "CREDIT", "direction": "IN", "amount": "300.00",
                 "balance": "1300.00", "counterparty": "2021000000000001", "reference": "SALARY202603"},
                {"trans_time": "2026-03-02 11:30:00", "trans_type": "PAYMENT", "direction": "OUT",
                 "amount": "12.50", "balance": "1287.50", "counterparty": "超市", "merchant_category": "grocery"}]}
    data.update(changes)
    return data


def order_node(request_no: str, method: str, original: dict[str, Any]) -> dict[str, Any]:
    return ok(out_request_no=request_no, original_method=method, original_response=original)


# ---- answers as bytes -----------------------------------------------------------------------------------------
def signed_body(method: str, node: dict[str, Any], key: rsa.RSAPrivateKey = PLATFORM_KEY) -> bytes:
    raw = node_bytes(node)
    return envelope(node_key(method), raw, rsa_sign(key, raw))


def unsigned_body(method: str, node: dict[str, Any]) -> bytes:
    return envelope(node_key(method), node_bytes(node), None)


def tampered_body(method: str, node: dict[str, Any]) -> bytes:
    """Signed, then one amount changed on the way."""
    raw = node_bytes(node)
    sign = rsa_sign(PLATFORM_KEY, raw)
    return envelope(node_key(method), raw.replace(b"1300.00", b"9300.00"), sign)


@dataclass
class Raw:
    """An answer given as it is: status and body."""

    status: int
    body: bytes


@dataclass
class Sent:
    params: dict[str, str]

    @property
    def method(self) -> str:
        return self.params["method"]

    @property
    def biz(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.params["biz_content"])
        return parsed


Scripted = dict[str, Any] | Raw | BaseException | Callable[[Sent], Answer]


@dataclass
class FakeAlipay:
    """``/gateway.do`` answering each method from its script (the last answer repeats); remembers every call."""

    rsps: responses.RequestsMock
    seen: list[Sent] = field(default_factory=list)
    scripts: dict[str, list[Scripted]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rsps.add_callback("POST", GATEWAY, callback=self._respond)

    def on(self, method: str, *answers: Scripted) -> None:
        self.scripts[method] = list(answers)

    def _respond(self, request: requests.PreparedRequest) -> Answer:
        params = dict(parse_qsl(urlsplit(str(request.url)).query, keep_blank_values=True))
        body = request.body.decode() if isinstance(request.body, bytes) else str(request.body or "")
        params.update(parse_qsl(body, keep_blank_values=True))
        assert verify_params(params, APP_KEY.public_key()), "the adapter's request sign must verify"
        sent = Sent(params)
        self.seen.append(sent)
        queue = self.scripts[sent.method]
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(answer, BaseException):
            raise answer
        if isinstance(answer, Raw):
            return answer.status, {"Content-Type": "application/json;charset=utf-8"}, answer.body
        if callable(answer):
            return answer(sent)
        return 200, {"Content-Type": "application/json;charset=utf-8"}, signed_body(sent.method, answer)

    def methods(self) -> list[str]:
        return [s.method for s in self.seen]

    def request_nos(self) -> list[str]:
        return [s.biz.get("out_request_no", "") for s in self.seen]
