"""The Alipay adapter: the judicial methods of an Alipay-like gateway (``/gateway.do``, RSA2 both ways).

Everything is synchronous. How an outcome comes back:

* an answer (success or refusal) -> the outcome, refusals mapped in ``errors.refusal``;
* no answer, and the request may have arrived -> ``state=UNKNOWN``. Dropped connections, 5xx and ``20000``
  are retried first (same ``out_request_no``); a read timeout is not. Resolve with ``control_result`` /
  ``query_result``, which ask ``alipay.judicial.order.query`` (and answer UNKNOWN again while unreachable);
* nothing reached the provider (no connection on any attempt) -> ``AdapterError("PROVIDER_UNAVAILABLE")``;
* an answer that cannot be trusted (missing or wrong sign, not the envelope, an unknown shape) ->
  ``AdapterError("PROVIDER_SIGNATURE_INVALID" | "PROVIDER_PROTOCOL_ERROR")``, ``outcome_unknown`` for
  requests that change something.

``freeze_status`` reads ``alipay.judicial.fund.freeze.query``, which also answers after a freeze ended.
``restrict`` and ``lift_restriction`` have no outcome object: they raise ``AdapterError`` for refusals (the
mapped code) and for unknown outcomes (``outcome_unknown=True``; resend with the same request number).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import requests
from cryptography.exceptions import UnsupportedAlgorithm

from court_node.adapters.alipay import wire
from court_node.adapters.alipay.errors import SUCCESS, refusal
from court_node.adapters.alipay.gateway import Gateway, NoAnswer, Now, RetryPolicy
from court_node.adapters.alipay.signing import load_private_key, load_public_key
from court_node.adapters.base import AdapterError, ProviderAdapter, ProviderConfig
from court_node.adapters.errors import RefusalCode
from court_node.adapters.registry import register
from court_node.adapters.types import (
    Capabilities,
    ControlOutcome,
    ControlRequest,
    Court,
    Health,
    Operation,
    OutcomeState,
    QueryOutcome,
    QueryRequest,
    Subject,
)


@register
class AlipayAdapter(ProviderAdapter):
    """Speaks the gateway as one app: its private key signs, the platform's public key verifies.

    Options: ``retries`` (2) and ``backoff_s`` (0.2). ``now`` is the simulated clock in Unix seconds (default
    ``time.time``): the gateway refuses timestamps more than 15 minutes away from its own clock.
    """

    adapter_name = "alipay"
    dialect = "alipay-gateway-rsa2"
    required_credentials = ("app_id", "private_key_pem", "alipay_public_key_pem")

    def __init__(self, config: ProviderConfig, now: Now | None = None) -> None:
        super().__init__(config)
        credentials = config.credentials
        try:
            private_key = load_private_key(credentials["private_key_pem"])
            platform_key = load_public_key(credentials["alipay_public_key_pem"])
        except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
            raise ValueError(f"provider {config.name!r} (alipay): unusable key: {exc}") from None
        retry = RetryPolicy(retries=int(_option(config.options, "retries", 2)),
                            backoff_s=_option(config.options, "backoff_s", 0.2))
        self.gateway = Gateway(config.base_url, credentials["app_id"], private_key, platform_key,
                               timeout_s=config.timeout_s, now=now or time.time, retry=retry)

    def close(self) -> None:
        """Close the pooled connections."""
        self.gateway.close()

    def capabilities(self) -> Capabilities:
        return Capabilities(asynchronous=False, capture_credits=False, online_deduction=True,
                            whole_account_freeze=True, restrictions=True)

    def health(self) -> Health:
        started = time.monotonic()
        try:
            answer = self.gateway.session.get(self.config.base_url.rstrip("/") + "/health",
                                              timeout=self.config.timeout_s)
        except requests.RequestException as exc:
            return Health(False, f"unreachable: {exc}")
        latency_ms = int((time.monotonic() - started) * 1000)
        try:
            body = answer.json()
        except ValueError:
            body = None
        if answer.status_code != 200 or not isinstance(body, dict) or body.get("status") != "ok":
            return Health(False, f"HTTP {answer.status_code}: {answer.text[:200]}", latency_ms)
        return Health(True, f"{body.get('provider', 'alipay')} profile {body.get('profile', '?')}", latency_ms)

    # ---- queries ----------------------------------------------------------------------------------------
    def query(self, request: QueryRequest) -> QueryOutcome:
        try:
            biz = wire.query_biz(request)
        except wire.WireError as exc:
            return QueryOutcome(request.request_no, OutcomeState.REJECTED, error_code=RefusalCode.INVALID_REQUEST,
                                error_message=str(exc))
        try:
            node = self._send(wire.QUERY, biz)
        except NoAnswer as exc:
            return QueryOutcome(request.request_no, OutcomeState.UNKNOWN, error_code=exc.code, error_message=str(exc))
        return _query_outcome(request.request_no, node)

    def query_result(self, request_no: str) -> QueryOutcome:
        try:
            node = self._send(wire.ORDER_QUERY, {"out_request_no": request_no})
        except NoAnswer as exc:
            return QueryOutcome(request_no, OutcomeState.UNKNOWN, error_code=exc.code, error_message=str(exc))
        with _answer_shape(mutating=False):
            original = wire.stored_answer(node, wire.QUERY)
        if original is None:
            return QueryOutcome(request_no, OutcomeState.NOT_FOUND)
        return _query_outcome(request_no, original)

    # ---- control ----------------------------------------------------------------------------------------
    def control(self, request: ControlRequest) -> ControlOutcome:
        try:
            biz = wire.control_biz(request)
        except wire.WireError as exc:
            return _rejected(request.request_no, str(exc))
        try:
            node = self._send(wire.CONTROL_METHODS[request.operation], biz)
        except NoAnswer as exc:
            return _unknown(request.request_no, exc)
        return _control_outcome(request.request_no, request.operation, node)

    def control_result(self, request: ControlRequest) -> ControlOutcome:
        try:
            node = self._send(wire.ORDER_QUERY, {"out_request_no": request.request_no})
        except NoAnswer as exc:
            return _unknown(request.request_no, exc)
        with _answer_shape(mutating=True):
            original = wire.stored_answer(node, wire.CONTROL_METHODS[request.operation])
        if original is None:
            return ControlOutcome(request.request_no, OutcomeState.NOT_FOUND)
        return _control_outcome(request.request_no, request.operation, original)

    def freeze_status(self, request: ControlRequest) -> ControlOutcome:
        """Read through ``alipay.judicial.fund.freeze.query``: the freeze now, ended ones included."""
        try:
            biz = {"court_code": request.court.code, "freeze_no": wire.freeze_no_of(request)}
        except wire.WireError as exc:
            return _rejected(request.request_no, str(exc))
        try:
            node = self._send(wire.FREEZE_QUERY, biz)
        except NoAnswer as exc:
            return _unknown(request.request_no, exc)
        return _control_outcome(request.request_no, None, node, mutating=False)

    # ---- restriction orders -----------------------------------------------------------------------------
    def restrict(self, request_no: str, court: Court, case_no: str, document_no: str, subject: Subject, *,
                 judge: str = "", categories: Sequence[str] = ()) -> str:
        try:
            biz: dict[str, Any] = wire.court_fields(request_no, court, judge, case_no, document_no)
            biz["subject"] = wire.subject_biz(subject)
            if categories:
                biz["categories"] = sorted(categories)
        except wire.WireError as exc:
            raise AdapterError(str(exc), code=RefusalCode.INVALID_REQUEST) from None
        node = self._decisive(wire.RESTRICT, biz)
        with _answer_shape(mutating=True):
            return wire.text(node, "restriction_no")

    def lift_restriction(self, request_no: str, court: Court, reference: str) -> None:
        biz = wire.court_fields(request_no, court, "", "", "") | {"restriction_no": reference}
        self._decisive(wire.LIFT_RESTRICTION, biz)

    # ---- helpers ----------------------------------------------------------------------------------------
    def _send(self, method: str, biz: Mapping[str, Any]) -> dict[str, Any]:
        """The verified node; NoAnswer only when the request may have arrived, else AdapterError."""
        try:
            return self.gateway.call(method, biz, mutating=method not in wire.READS)
        except NoAnswer as exc:
            if not exc.sent:
                raise AdapterError(str(exc), code=exc.code) from None
            raise

    def _decisive(self, method: str, biz: Mapping[str, Any]) -> dict[str, Any]:
        """A success node, or AdapterError (refused, or outcome unknown) for calls that return no outcome."""
        try:
            node = self._send(method, biz)
        except NoAnswer as exc:
            raise AdapterError(str(exc), code=exc.code, outcome_unknown=True) from None
        if node.get("code") != SUCCESS:
            refused = refusal(node)
            raise AdapterError(refused.message, code=refused.code)
        return node


def _option(options: Mapping[str, Any], key: str, default: float) -> float:
    value = options.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"alipay option {key!r} must be a non-negative number, not {value!r}")
    return float(value)


@contextlib.contextmanager
def _answer_shape(*, mutating: bool) -> Iterator[None]:
    """A signed answer in a shape the dialect does not have: unusable, though a mutating request may have
    taken effect."""
    try:
        yield
    except wire.WireError as exc:
        raise AdapterError(f"alipay answered in an unexpected shape: {exc}", code="PROVIDER_PROTOCOL_ERROR",
                           outcome_unknown=mutating) from None


def _query_outcome(request_no: str, node: Mapping[str, Any]) -> QueryOutcome:
    if node.get("code") != SUCCESS:
        refused = refusal(node)
        return QueryOutcome(request_no, refused.state, error_code=refused.code, error_message=refused.message)
    with _answer_shape(mutating=False):
        accounts = wire.accounts(node)
    return QueryOutcome(request_no, OutcomeState.COMPLETED, accounts=accounts)


def _control_outcome(request_no: str, operation: Operation | None, node: Mapping[str, Any], *,
                     mutating: bool = True) -> ControlOutcome:
    if node.get("code") != SUCCESS:
        refused = refusal(node)
        return ControlOutcome(request_no, refused.state, error_code=refused.code, error_message=refused.message)
    with _answer_shape(mutating=mutating):
        return wire.control_outcome(request_no, operation, node)


def _rejected(request_no: str, message: str) -> ControlOutcome:
    """A request this dialect cannot express: refused here, nothing sent."""
    return ControlOutcome(request_no, OutcomeState.REJECTED, error_code=RefusalCode.INVALID_REQUEST,
                          error_message=message)


def _unknown(request_no: str, exc: NoAnswer) -> ControlOutcome:
    return ControlOutcome(request_no, OutcomeState.UNKNOWN, error_code=exc.code, error_message=str(exc))
