"""A client for the WeChat-wallet-like mock: signs every request and verifies every response's signature."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypedDict
from urllib.parse import quote, urlencode

import requests

from payment_mocks.http_session import pooled_session
from payment_mocks.signing import load_private_pem, load_public_pem
from payment_mocks.wechat.signing import SignatureMismatch, sign_request, verify_response

SIGNATURE_HEADERS = ("Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature", "Wechatpay-Serial")


class Court(TypedDict):
    code: str
    name: str


class Subject(TypedDict):
    name: str
    id_type: str  # "IDCARD" or "USCC"
    id_number: str


class WechatError(Exception):
    """An error answer: the HTTP status and the v3 ``code``, ``message`` and ``detail``."""

    def __init__(self, status: int, code: str, message: str, detail: Mapping[str, Any] | None = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.detail = dict(detail or {})


class WechatSignatureError(Exception):
    """A response that is not provably from the platform: missing, stale or wrong signature headers."""


def _day(value: date | str) -> str:
    return value.isoformat() if isinstance(value, date) else value


def _amount(fen: int) -> dict[str, Any]:
    return {"total": fen, "currency": "CNY"}


def _with(body: dict[str, Any], **optional: Any) -> dict[str, Any]:
    body.update({k: v for k, v in optional.items() if v is not None})
    return body


class WechatClient:
    """Signs with the merchant's key; trusts only responses signed by the platform key ``platform_serial``."""

    def __init__(self, base_url: str, mchid: str, serial_no: str, private_key_pem: str, platform_public_key_pem: str,
                 platform_serial: str, timeout: float = 10.0, *, now: Callable[[], float] | None = None,
                 session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.mchid = mchid
        self.serial_no = serial_no
        self.timeout = timeout
        self.platform_serial = platform_serial
        #: seconds since the epoch; pass the simulated clock when the mock's time was moved
        self.now = now or time.time
        self.session = session or pooled_session()
        self._key = load_private_pem(private_key_pem)
        self._platform_key = load_public_pem(platform_public_key_pem)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> WechatClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- transport ----------------------------------------------------------------------------------
    def request(self, method: str, path: str, *, body: Mapping[str, Any] | None = None,
                query: Mapping[str, str] | None = None) -> requests.Response:
        """Send one signed request; return the verified response or raise WechatError / WechatSignatureError."""
        url = path + ("?" + urlencode(query, quote_via=quote) if query else "")
        data = b"" if body is None else json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        headers = {
            "Accept": "application/json",
            "Authorization": sign_request(self._key, mchid=self.mchid, serial_no=self.serial_no, method=method,
                                          url=url, body=data, timestamp=int(self.now())),
        }
        if body is not None:
            headers["Content-Type"] = "application/json"
        response = self.session.request(method, self.base_url + url, data=data or None, headers=headers,
                                        timeout=self.timeout)
        signed = any(response.headers.get(h) for h in SIGNATURE_HEADERS)
        # Errors from outside the dialect (a refused connection's bare 503) carry no signature to check.
        if 200 <= response.status_code < 300 or signed:
            self._verify(response)
        if response.status_code >= 400:
            raise self._error(response)
        return response

    def _verify(self, response: requests.Response) -> None:
        try:
            verify_response(response.headers, response.content, public_key=self._platform_key,
                            serial=self.platform_serial, now_s=self.now())
        except SignatureMismatch as exc:
            message = str(exc)
            if response.status_code >= 400:
                unverified = self._error(response)
                message += f" (unverified answer: {unverified.status} {unverified.code}: {unverified.message})"
            raise WechatSignatureError(message) from None

    @staticmethod
    def _error(response: requests.Response) -> WechatError:
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return WechatError(response.status_code, "SYSTEM_ERROR", response.text[:200] or response.reason)
        detail = body.get("detail")
        return WechatError(response.status_code, str(body.get("code", "")), str(body.get("message", "")),
                           detail if isinstance(detail, dict) else None)

    def get(self, path: str, query: Mapping[str, str] | None = None) -> dict[str, Any]:
        result: dict[str, Any] = self.request("GET", path, query=query).json()
        return result

    def post(self, path: str, body: Mapping[str, Any]) -> dict[str, Any] | None:
        """POST a JSON body; None for 204 No Content."""
        response = self.request("POST", path, body=body)
        if response.status_code == 204 or not response.content:
            return None
        result: dict[str, Any] = response.json()
        return result

    def _post_json(self, path: str, body: Mapping[str, Any]) -> dict[str, Any]:
        result = self.post(path, body)
        if result is None:
            raise WechatError(204, "SYSTEM_ERROR", f"{path} answered without a body")
        return result

    # ---- judicial endpoints -------------------------------------------------------------------------
    def account_query(self, *, out_query_no: str, court: Court, judge: str, case_no: str, document_no: str,
                      subject: Subject, transactions: tuple[date | str, date | str] | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"out_query_no": out_query_no, "court": dict(court), "judge": judge,
                                "case_no": case_no, "document_no": document_no, "subject": dict(subject)}
        if transactions is not None:
            body["transactions"] = {"start_date": _day(transactions[0]), "end_date": _day(transactions[1])}
        return self._post_json("/v3/judicial/account-queries", body)

    def create_freeze(self, *, out_freeze_no: str, court: Court, judge: str, case_no: str, document_no: str,
                      subject: Subject, openid: str, end_date: date | str, amount_fen: int | None = None,
                      mode: str = "AMOUNT") -> dict[str, Any]:
        body: dict[str, Any] = {"out_freeze_no": out_freeze_no, "court": dict(court), "judge": judge,
                                "case_no": case_no, "document_no": document_no, "subject": dict(subject),
                                "openid": openid, "mode": mode, "end_date": _day(end_date)}
        if amount_fen is not None:
            body["amount"] = _amount(amount_fen)
        return self._post_json("/v3/judicial/freezes", body)

    def get_freeze(self, out_freeze_no: str, court_code: str) -> dict[str, Any]:
        return self.get(f"/v3/judicial/freezes/out-freeze-no/{quote(out_freeze_no, safe='')}",
                        {"court_code": court_code})

    def renew_freeze(self, out_freeze_no: str, *, out_renew_no: str, court_code: str, end_date: date | str,
                     document_no: str | None = None, judge: str | None = None) -> dict[str, Any]:
        body = _with({"out_renew_no": out_renew_no, "court_code": court_code, "end_date": _day(end_date)},
                     document_no=document_no, judge=judge)
        return self._post_json(f"/v3/judicial/freezes/out-freeze-no/{quote(out_freeze_no, safe='')}/renew", body)

    def release_freeze(self, out_freeze_no: str, *, out_release_no: str, court_code: str, document_no: str,
                       judge: str | None = None) -> None:
        body = _with({"out_release_no": out_release_no, "court_code": court_code, "document_no": document_no},
                     judge=judge)
        self.post(f"/v3/judicial/freezes/out-freeze-no/{quote(out_freeze_no, safe='')}/release", body)

    def create_deduction(self, *, out_deduction_no: str, court_code: str, out_freeze_no: str, amount_fen: int,
                         document_no: str, enforcement_account: str, judge: str | None = None) -> dict[str, Any]:
        body = _with({"out_deduction_no": out_deduction_no, "court_code": court_code, "out_freeze_no": out_freeze_no,
                      "amount": _amount(amount_fen), "document_no": document_no,
                      "enforcement_account": enforcement_account}, judge=judge)
        return self._post_json("/v3/judicial/deductions", body)

    def get_deduction(self, out_deduction_no: str, court_code: str) -> dict[str, Any]:
        return self.get(f"/v3/judicial/deductions/out-deduction-no/{quote(out_deduction_no, safe='')}",
                        {"court_code": court_code})

    def publish_restriction(self, *, out_restriction_no: str, court: Court, judge: str, case_no: str,
                            document_no: str, subject: Subject, categories: list[str] | None = None) -> dict[str, Any]:
        body = _with({"out_restriction_no": out_restriction_no, "court": dict(court), "judge": judge,
                      "case_no": case_no, "document_no": document_no, "subject": dict(subject)},
                     categories=categories)
        return self._post_json("/v3/judicial/restrictions", body)

    def lift_restriction(self, restriction_id: str, *, out_lift_no: str, court_code: str,
                         document_no: str | None = None) -> dict[str, Any]:
        body = _with({"out_lift_no": out_lift_no, "court_code": court_code}, document_no=document_no)
        return self._post_json(f"/v3/judicial/restrictions/{quote(restriction_id, safe='')}/lift", body)

    # ---- the debtor's wallet ------------------------------------------------------------------------
    def pay(self, *, out_trade_no: str, openid: str, amount_fen: int, description: str,
            merchant_category: str) -> dict[str, Any]:
        return self._post_json("/v3/wallet/payments", {
            "out_trade_no": out_trade_no, "openid": openid, "amount": _amount(amount_fen),
            "description": description, "merchant_category": merchant_category})

    def transfer_in(self, *, out_bill_no: str, openid: str, amount_fen: int,
                    remark: str | None = None) -> dict[str, Any]:
        body = _with({"out_bill_no": out_bill_no, "openid": openid, "amount": _amount(amount_fen)}, remark=remark)
        return self._post_json("/v3/wallet/transfers-in", body)

    def balance(self, openid: str) -> dict[str, Any]:
        return self.get(f"/v3/wallet/balances/{quote(openid, safe='')}")
