"""Calling ``/gateway.do``: sign the SDK way, POST, verify the answer's sign, retry what is safe to retry.

Every retry resends the same ``biz_content`` (so the same ``out_request_no``) with a fresh timestamp and
sign: the gateway's idempotency key is the out_request_no, so a retry of a request that did arrive is
answered from the stored outcome and never applied twice.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from urllib3.exceptions import ConnectTimeoutError

from court_node.adapters.alipay.errors import UNAVAILABLE
from court_node.adapters.alipay.signing import EnvelopeError, raw_members, sign_params, verify
from court_node.adapters.base import AdapterError
from court_node.adapters.http_session import pooled_session
from court_node.clock import BEIJING

FORM = "application/x-www-form-urlencoded;charset=utf-8"
ERROR_KEY = "error_response"

#: the simulated clock, in Unix seconds
Now = Callable[[], float]


class NoAnswer(Exception):
    """No usable answer came back. ``sent``: the request may have reached the provider (its outcome is unknown)."""

    def __init__(self, message: str, *, sent: bool, code: str = "PROVIDER_UNAVAILABLE") -> None:
        super().__init__(message)
        self.sent = sent
        self.code = code


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry 20000 answers, 5xx and connection errors."""

    retries: int = 2
    backoff_s: float = 0.2

    def pause(self, attempt: int) -> float:
        """Exponential backoff with jitter, so that many retries do not arrive together."""
        return self.backoff_s * 2.0 ** (attempt - 1) * random.uniform(0.5, 1.5)


def node_key(method: str) -> str:
    """``alipay.judicial.order.query`` -> ``alipay_judicial_order_query_response``."""
    return method.replace(".", "_") + "_response"


def beijing_timestamp(now: float) -> str:
    """The gateway's ``timestamp`` for Unix seconds: ``yyyy-MM-dd HH:mm:ss`` in Beijing time."""
    return datetime.fromtimestamp(now, BEIJING).strftime("%Y-%m-%d %H:%M:%S")


class Gateway:
    """One app's signed calls to one Alipay gateway, over a pooled keep-alive session."""

    def __init__(self, base_url: str, app_id: str, private_key: rsa.RSAPrivateKey, platform_key: rsa.RSAPublicKey,
                 *, timeout_s: float, now: Now, retry: RetryPolicy,
                 sleep: Callable[[float], None] = time.sleep, session: requests.Session | None = None) -> None:
        self.url = base_url.rstrip("/") + "/gateway.do"
        self.app_id = app_id
        self.private_key = private_key
        self.platform_key = platform_key
        self.timeout_s = timeout_s
        self.now = now
        self.retry = retry
        self.sleep = sleep
        self.session = session or pooled_session()

    def signed_params(self, method: str, biz_content: str) -> dict[str, str]:
        params = {"app_id": self.app_id, "method": method, "format": "JSON", "charset": "utf-8",
                  "sign_type": "RSA2", "timestamp": beijing_timestamp(self.now()), "version": "1.0",
                  "biz_content": biz_content}
        params["sign"] = sign_params(params, self.private_key)
        return params

    def close(self) -> None:
        self.session.close()

    def call(self, method: str, biz: Mapping[str, Any], *, mutating: bool) -> dict[str, Any]:
        """The verified node of ``method``, whatever its code but 20000; NoAnswer when none came back.

        An answer that cannot be trusted raises AdapterError, with ``outcome_unknown`` when ``mutating``.
        """
        biz_content = json.dumps(biz, ensure_ascii=False, separators=(",", ":"))
        sent = False
        last = "no attempt was made"
        attempts = max(0, self.retry.retries) + 1
        for attempt in range(1, attempts + 1):
            if attempt > 1:
                self.sleep(self.retry.pause(attempt - 1))
            try:
                node = self._attempt(method, biz_content, mutating)
            except NoAnswer as exc:
                if exc.code == "PROVIDER_TIMEOUT":
                    raise  # the provider may still be working on it: ask later, do not pile on
                sent, last = sent or exc.sent, str(exc)
                continue
            if node.get("code") == UNAVAILABLE:
                sent, last = True, f"{node.get('sub_code', '')}: {node.get('sub_msg', '')}"
                continue
            return node
        raise NoAnswer(f"alipay gave no answer after {attempts} attempts: {last}", sent=sent)

    def _attempt(self, method: str, biz_content: str, mutating: bool) -> dict[str, Any]:
        params = self.signed_params(method, biz_content)
        form = {"biz_content": params.pop("biz_content")}
        try:
            response = self.session.post(self.url, params=params, data=form, headers={"Content-Type": FORM},
                                         timeout=self.timeout_s)
        except requests.ReadTimeout as exc:
            raise NoAnswer(f"no answer within {self.timeout_s}s: {exc}", sent=True, code="PROVIDER_TIMEOUT") from None
        except requests.ConnectionError as exc:
            raise NoAnswer(f"connection failed: {exc}", sent=not _never_sent(exc)) from None
        except requests.RequestException as exc:
            raise NoAnswer(f"the answer was lost: {exc}", sent=True) from None
        if response.status_code >= 500:
            raise NoAnswer(f"alipay answered HTTP {response.status_code}", sent=True)
        if response.status_code != 200:
            raise AdapterError(f"alipay answered HTTP {response.status_code} on {self.url}",
                               code="PROVIDER_PROTOCOL_ERROR")
        return self.read(method, response.content, mutating=mutating)

    def read(self, method: str, body: bytes, *, mutating: bool = True) -> dict[str, Any]:
        """The node of ``method`` after checking the platform's sign over its exact bytes in ``body``."""

        def untrusted(message: str, code: str) -> AdapterError:
            # an answer came back but cannot be used: a mutating request may have taken effect all the same
            return AdapterError(message, code=code, outcome_unknown=mutating)

        try:
            members = raw_members(body.decode("utf-8"))
        except (UnicodeDecodeError, EnvelopeError) as exc:
            raise untrusted(f"the body is not the gateway's envelope: {exc}", "PROVIDER_PROTOCOL_ERROR") from None
        raw = members.get(node_key(method), members.get(ERROR_KEY))
        if raw is None:
            raise untrusted(f"the body has no {node_key(method)} node", "PROVIDER_PROTOCOL_ERROR")
        sign = json.loads(members["sign"]) if "sign" in members else None
        if not isinstance(sign, str) or not sign:
            raise untrusted(f"unsigned answer to {method}; not trusted", "PROVIDER_SIGNATURE_INVALID")
        if not verify(self.platform_key, raw.encode("utf-8"), sign):
            raise untrusted(f"the sign of the answer to {method} does not verify; not trusted",
                             "PROVIDER_SIGNATURE_INVALID")
        node = json.loads(raw)
        if not isinstance(node, dict):
            raise untrusted("the response node is not an object", "PROVIDER_PROTOCOL_ERROR")
        return node


def _never_sent(exc: requests.ConnectionError) -> bool:
    """True when the connection itself failed (refused, unresolvable, connect timeout): nothing reached Alipay."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)  # urllib3's MaxRetryError wraps the cause
    return isinstance(reason, ConnectTimeoutError)
