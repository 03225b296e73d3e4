"""A small client for the Alipay-like gateway: signs requests the SDK way and verifies every response's sign.

    client = AlipayClient("http://127.0.0.1:8102", "2021000000000001", app_private_pem, alipay_public_pem)
    node = client.execute("alipay.judicial.fund.freeze", {...})
    if not is_success(node): ...            # or: check(node) raises AlipayError

Business refusals come back as nodes (code 40004 and a sub_code); only an answer that cannot be trusted
(a missing or wrong sign) or is not a gateway answer at all raises.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import requests

from payment_mocks.alipay.envelope import ERROR_KEY, node_key
from payment_mocks.alipay.signing import BodyFormatError, raw_members, sign_params
from payment_mocks.clock import BEIJING
from payment_mocks.http_session import pooled_session
from payment_mocks.signing import load_private_pem, load_public_pem, rsa_verify

SUCCESS = "10000"
FORM = "application/x-www-form-urlencoded;charset=utf-8"


class AlipaySignatureError(Exception):
    """The response's sign is missing or does not verify with Alipay's public key: its content is not trusted."""

    def __init__(self, message: str, node: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        #: the unverified node, for diagnosis only
        self.node = dict(node) if node is not None else None


class AlipayProtocolError(Exception):
    """The answer is not a gateway answer: a status other than 200, a body that is not the envelope."""


class AlipayError(Exception):
    """A node whose code is not 10000, raised by ``check`` for callers that prefer exceptions."""

    def __init__(self, node: Mapping[str, Any]) -> None:
        self.node = dict(node)
        self.code = str(node.get("code", ""))
        self.msg = str(node.get("msg", ""))
        self.sub_code = str(node.get("sub_code", ""))
        self.sub_msg = str(node.get("sub_msg", ""))
        super().__init__(f"{self.code} {self.msg}: {self.sub_code} {self.sub_msg}".strip())

    @property
    def retryable(self) -> bool:
        """20000: the outcome is unknown; retry with the same parameters (or ask order.query)."""
        return self.code == "20000"


def is_success(node: Mapping[str, Any]) -> bool:
    return node.get("code") == SUCCESS


def check(node: Mapping[str, Any]) -> dict[str, Any]:
    """The node itself when it is a success, else AlipayError."""
    if not is_success(node):
        raise AlipayError(node)
    return dict(node)


def beijing_timestamp(now: datetime) -> str:
    return now.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


class AlipayClient:
    """Calls ``/gateway.do`` as the official SDKs do: common parameters in the query, biz_content in the form."""

    def __init__(
        self,
        base_url: str,
        app_id: str,
        private_key_pem: str,
        alipay_public_key_pem: str,
        timeout: float = 10.0,
        *,
        now: Callable[[], datetime] | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.gateway_url = base_url.rstrip("/") + "/gateway.do"
        self.app_id = app_id
        self.private_key = load_private_pem(private_key_pem)
        self.alipay_public_key = load_public_pem(alipay_public_key_pem)
        self.timeout = timeout
        self.now = now or (lambda: datetime.now(BEIJING))
        self.session = session or pooled_session()

    def signed_params(self, method: str, biz: Mapping[str, Any]) -> dict[str, str]:
        """Every parameter of a call, ``biz_content`` and ``sign`` included."""
        params = {
            "app_id": self.app_id,
            "method": method,
            "format": "JSON",
            "charset": "utf-8",
            "sign_type": "RSA2",
            "timestamp": beijing_timestamp(self.now()),
            "version": "1.0",
            "biz_content": json.dumps(biz, ensure_ascii=False, separators=(",", ":")),
        }
        params["sign"] = sign_params(params, self.private_key)
        return params

    def execute(self, method: str, biz: Mapping[str, Any], *, http_method: str = "POST") -> dict[str, Any]:
        """Call ``method``; the verified node is returned whatever its code."""
        params = self.signed_params(method, biz)
        if http_method.upper() == "GET":
            response = self.session.get(self.gateway_url, params=params, timeout=self.timeout)
        else:
            form = {"biz_content": params.pop("biz_content")}
            response = self.session.post(self.gateway_url, params=params, data=form, timeout=self.timeout,
                                         headers={"Content-Type": FORM})
        return self.read_response(method, response.status_code, response.content)

    def read_response(self, method: str, status: int, body: bytes) -> dict[str, Any]:
        """Find the node, check the sign over its exact bytes as they stand in the body, return it parsed."""
        if status != 200:
            raise AlipayProtocolError(f"the gateway answered HTTP {status}: {body[:200]!r}")
        try:
            members = raw_members(body.decode("utf-8"))
        except (UnicodeDecodeError, BodyFormatError, RecursionError) as exc:
            raise AlipayProtocolError(f"the body is not the gateway's envelope: {exc}") from None
        raw = members.get(node_key(method), members.get(ERROR_KEY))
        if raw is None:
            raise AlipayProtocolError(f"the body has no {node_key(method)} node")
        node = json.loads(raw)
        if not isinstance(node, dict):
            raise AlipayProtocolError("the response node is not an object")
        sign = json.loads(members["sign"]) if "sign" in members else None
        if not isinstance(sign, str) or not sign:
            raise AlipaySignatureError(f"unsigned answer ({_summary(node)}); not trusted", node)
        if not rsa_verify(self.alipay_public_key, raw.encode("utf-8"), sign):
            raise AlipaySignatureError(f"the sign does not verify ({_summary(node)}); not trusted", node)
        return node


def _summary(node: Mapping[str, Any]) -> str:
    return " ".join(str(node.get(k, "")) for k in ("code", "sub_code", "sub_msg")).strip()
