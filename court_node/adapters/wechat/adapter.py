"""The WeChat wallet adapter: synchronous v3 REST, integer fen, WECHATPAY2-SHA256-RSA2048 both ways.

Outcomes, and how an unknown one is resolved (always under the same ``out_*_no``):

* A POST that got no answer after it may have reached the provider (read timeout, dropped connection, 5xx
  on every attempt) returns an UNKNOWN outcome; ``restrict`` and ``lift_restriction`` raise
  ``AdapterError(outcome_unknown=True)`` instead, having no outcome type. A POST that could not connect at
  all raises ``AdapterError("PROVIDER_UNAVAILABLE")``: nothing happened.
* ``control_result`` reads a freeze back by its ``out_freeze_no`` and a deduction by its ``out_deduction_no``
  (NOT_FOUND when the provider has none: it never arrived, or was refused, so sending it again is safe).
  A renewal or a release has nothing to read back, so it is sent again with the same ``out_renew_no`` /
  ``out_release_no``: the provider replays its stored answer, or performs it now if it never arrived.
  If the provider still cannot be reached, the outcome stays UNKNOWN.
* A deduction's outcome carries the freeze's state after it (ACTIVE, or DEDUCTED when it took everything),
  read from the freeze right after the deduction answered.
* A deduction or a whole-account freeze that the capability profile in force (the provider's word from
  ``health``, else ``options["profile"]``) does not offer is refused unsent with CAPABILITY_NOT_SUPPORTED,
  as the provider itself would refuse it.
* ``query_result`` sends the query again under the same ``out_query_no``, which replays the provider's first
  answer (the accounts as they were then). That needs the query's body, which this adapter keeps for the
  queries it sent since it started. v3 cannot read a query back by number, so for any other number it
  answers NOT_FOUND: the caller then sends the same query again under the same number, which is exactly
  right either way (the provider replays its first answer if the query did arrive, and answers it now if not).
* A response whose signature, serial, signature type or timestamp does not check out raises
  ``AdapterError("PROVIDER_SIGNATURE_INVALID")`` (``outcome_unknown`` for a POST: it may have taken effect).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, ClassVar

from court_node.adapters.base import AdapterError, ProviderAdapter, ProviderConfig
from court_node.adapters.errors import RefusalCode
from court_node.adapters.registry import register
from court_node.adapters.types import (
    Capabilities,
    ControlOutcome,
    ControlRequest,
    Court,
    FreezeState,
    Health,
    Operation,
    OutcomeState,
    QueryOutcome,
    QueryRequest,
    Subject,
)
from court_node.adapters.wechat import wire
from court_node.adapters.wechat.errors import refusal
from court_node.adapters.wechat.signing import MerchantKey, PlatformKey, load_private_key, load_public_key
from court_node.adapters.wechat.transport import Answer, NoAnswer, Transport, segment

#: what the provider offers online, by its capability profile
PROFILES = {
    "current": Capabilities(capture_credits=True, online_deduction=True, whole_account_freeze=True),
    # What a Beijing court reported of WeChat wallet in 2019: freeze up to the balance, nothing more.
    "2019": Capabilities(capture_credits=False, online_deduction=False, whole_account_freeze=False),
}
QUERIES = "/v3/judicial/account-queries"
FREEZES = "/v3/judicial/freezes"
DEDUCTIONS = "/v3/judicial/deductions"
RESTRICTIONS = "/v3/judicial/restrictions"
#: how many sent queries are kept for ``query_result``
KEPT_QUERIES = 4096
#: a signed answer that is not the shape the dialect promises (the bank adapter's name for it too)
PROTOCOL_ERROR = "PROVIDER_PROTOCOL_ERROR"


def _freeze_path(out_freeze_no: str, action: str = "") -> str:
    return f"{FREEZES}/out-freeze-no/{segment(out_freeze_no)}" + (f"/{action}" if action else "")


def _unsendable(request_no: str, exc: wire.UnsendableRequest) -> ControlOutcome:
    return ControlOutcome(request_no, OutcomeState.REJECTED, error_code=RefusalCode.INVALID_REQUEST,
                          error_message=str(exc))


def _unreadable(exc: wire.UnreadableAnswer, *, outcome_unknown: bool) -> AdapterError:
    return AdapterError(f"the provider's signed answer is not the v3 shape: {exc}", code=PROTOCOL_ERROR,
                        outcome_unknown=outcome_unknown)


@register
class WechatAdapter(ProviderAdapter):
    """Speaks ``wechatpay-v3`` to a WeChat-wallet-like provider as merchant ``mchid``."""

    adapter_name: ClassVar[str] = "wechat"
    dialect: ClassVar[str] = "wechatpay-v3"
    required_credentials: ClassVar[tuple[str, ...]] = (
        "mchid", "serial_no", "private_key_pem", "platform_public_key_pem", "platform_serial")

    def __init__(self, config: ProviderConfig, now: Callable[[], float] | None = None) -> None:
        super().__init__(config, now)
        options, credentials = config.options, config.credentials
        profile = str(options.get("profile", "current"))
        if profile not in PROFILES:
            raise ValueError(f"provider {config.name!r}: profile {profile!r} is not one of {', '.join(PROFILES)}")
        self._profile = profile
        #: the profile the provider itself reported last (GET /health), which wins over the configured one
        self._reported_profile: str | None = None
        #: who signs when the restriction interface names no judge
        self._judge = str(options.get("judge", "执行法官"))
        merchant = MerchantKey(credentials["mchid"], credentials["serial_no"],
                               load_private_key(credentials["private_key_pem"]))
        platform = PlatformKey(credentials["platform_serial"], load_public_key(credentials["platform_public_key_pem"]))
        self._transport = Transport(config.base_url, merchant, platform, timeout_s=config.timeout_s,
                                    now=self.now, attempts=int(options.get("retry_attempts", 3)),
                                    backoff_s=float(options.get("retry_backoff_s", 0.2)))
        self._queries: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def close(self) -> None:
        self._transport.close()

    # ---- metadata ----------------------------------------------------------------------------------------
    @property
    def profile(self) -> str:
        """The capability profile in force: the provider's own word once heard, else the configured one."""
        return self._reported_profile or self._profile

    def capabilities(self) -> Capabilities:
        return PROFILES[self.profile]

    def health(self) -> Health:
        started = time.monotonic()
        try:
            answer = self._transport.call("GET", "/health", signed=False)
            data = answer.json() if answer.error is None else {}
        except (AdapterError, wire.UnreadableAnswer) as exc:
            return Health(False, str(exc))
        latency = int((time.monotonic() - started) * 1000)
        if answer.error is not None:
            return Health(False, f"/health answered {answer.status} {answer.error.code}", latency)
        reported = data.get("profile")
        if isinstance(reported, str) and reported in PROFILES:
            self._reported_profile = reported
        return Health(True, f"{data.get('status', 'ok')}, profile {self.profile}", latency)

    # ---- inspection --------------------------------------------------------------------------------------
    def query(self, request: QueryRequest) -> QueryOutcome:
        try:
            body = wire.encode(wire.query_body(request))
        except wire.UnsendableRequest as exc:
            return QueryOutcome(request.request_no, OutcomeState.REJECTED, error_code=RefusalCode.INVALID_REQUEST,
                                error_message=str(exc))
        with self._lock:
            self._queries[request.request_no] = body
            self._queries.move_to_end(request.request_no)
            while len(self._queries) > KEPT_QUERIES:
                self._queries.popitem(last=False)
        return self._send_query(request.request_no, body)

    def query_result(self, request_no: str) -> QueryOutcome:
        with self._lock:
            body = self._queries.get(request_no)
        if body is None:
            return QueryOutcome(request_no, OutcomeState.NOT_FOUND, error_message=(
                f"query {request_no} was not sent by this adapter since it started and v3 cannot read a query "
                "back by number; send the same query again under the same number"))
        return self._send_query(request_no, body)

    def _send_query(self, request_no: str, body: bytes) -> QueryOutcome:
        try:
            answer = self._transport.post(QUERIES, body)
        except NoAnswer as exc:
            return QueryOutcome(request_no, OutcomeState.UNKNOWN, error_message=str(exc))
        if answer.error is not None:
            refused = refusal(answer.error)
            return QueryOutcome(request_no, OutcomeState.REJECTED, error_code=refused.code,
                                error_message=refused.message)
        try:
            return wire.query_outcome(request_no, answer.json())
        except wire.UnreadableAnswer as exc:
            raise _unreadable(exc, outcome_unknown=False) from None

    # ---- control -----------------------------------------------------------------------------------------
    def control(self, request: ControlRequest) -> ControlOutcome:
        missing = self._not_offered(request)
        if missing:
            # The provider would refuse it (or, for another court's freeze, answer that it has none): say so unsent.
            return ControlOutcome(request.request_no, OutcomeState.COMPLETED,
                                  error_code=RefusalCode.CAPABILITY_NOT_SUPPORTED,
                                  error_message=f"the provider's {self.profile} profile offers no {missing} online")
        try:
            path, body = self._control_call(request)
        except wire.UnsendableRequest as exc:
            return _unsendable(request.request_no, exc)
        return self._send_control(request, path, body)

    def _not_offered(self, request: ControlRequest) -> str:
        """What the capability profile in force does not offer of this request ('' when it is offered)."""
        capabilities = self.capabilities()
        if request.operation is Operation.DEDUCT and not capabilities.online_deduction:
            return "deduction"
        if request.operation is Operation.FREEZE and request.whole_account and not capabilities.whole_account_freeze:
            return "whole-account freeze"
        return ""

    def _control_call(self, request: ControlRequest) -> tuple[str, dict[str, Any]]:
        """Where an operation goes and what it says; the same request always gives the same body."""
        if request.operation is Operation.FREEZE:
            return FREEZES, wire.freeze_body(request)
        if request.operation is Operation.RENEW:
            return _freeze_path(wire.freeze_ref(request), "renew"), wire.renew_body(request)
        if request.operation is Operation.RELEASE:
            return _freeze_path(wire.freeze_ref(request), "release"), wire.release_body(request)
        return DEDUCTIONS, wire.deduction_body(request)

    def _send_control(self, request: ControlRequest, path: str, body: dict[str, Any]) -> ControlOutcome:
        try:
            answer = self._transport.post(path, wire.encode(body))
        except NoAnswer as exc:
            return ControlOutcome(request.request_no, OutcomeState.UNKNOWN, error_message=str(exc))
        return self._control_outcome(request, answer, outcome_unknown=True)

    def _control_outcome(self, request: ControlRequest, answer: Answer, *, outcome_unknown: bool) -> ControlOutcome:
        if answer.error is not None:
            refused = refusal(answer.error)
            return ControlOutcome(request.request_no, refused.state, error_code=refused.code,
                                  error_message=refused.message)
        try:
            if request.operation is Operation.RELEASE:
                return ControlOutcome(request.request_no, OutcomeState.COMPLETED, succeeded=True,
                                      freeze_status=FreezeState.RELEASED, provider_ref=wire.freeze_ref(request))
            if request.operation is Operation.DEDUCT:
                return self._with_freeze_state(request, wire.deduction_outcome(request.request_no, answer.json()))
            return wire.freeze_outcome(request.request_no, answer.json())
        except wire.UnreadableAnswer as exc:
            raise _unreadable(exc, outcome_unknown=outcome_unknown) from None

    def _with_freeze_state(self, request: ControlRequest, deducted: ControlOutcome) -> ControlOutcome:
        """A deduction answer says what is left, not whether it ended the freeze: read the freeze for that.

        The deduction stands on its own answer; if the freeze cannot be read now, its state is left open.
        """
        try:
            answer = self._transport.get(_freeze_path(deducted.provider_ref), {"court_code": request.court.code})
            if answer.error is not None:
                return deducted
            freeze = wire.freeze_outcome(request.request_no, answer.json())
        except (AdapterError, wire.UnreadableAnswer):
            return deducted
        return replace(deducted, freeze_status=freeze.freeze_status, unmet=freeze.unmet,
                       start_date=freeze.start_date, end_date=freeze.end_date)

    def control_result(self, request: ControlRequest) -> ControlOutcome:
        if request.operation in (Operation.RENEW, Operation.RELEASE):
            return self.control(request)
        try:
            number = wire.out_no(request.request_no, "request_no")
        except wire.UnsendableRequest as exc:
            return _unsendable(request.request_no, exc)
        path = _freeze_path(number) if request.operation is Operation.FREEZE else (
            f"{DEDUCTIONS}/out-deduction-no/{segment(number)}")
        try:
            answer = self._transport.get(path, {"court_code": request.court.code})
        except AdapterError as exc:
            if exc.code != "PROVIDER_UNAVAILABLE":
                raise
            return ControlOutcome(request.request_no, OutcomeState.UNKNOWN, error_message=str(exc))
        if answer.status == 404:
            return ControlOutcome(request.request_no, OutcomeState.NOT_FOUND,
                                  error_message=answer.error.message if answer.error else "")
        return self._control_outcome(request, answer, outcome_unknown=False)

    def freeze_status(self, request: ControlRequest) -> ControlOutcome:
        try:
            out_freeze_no = wire.freeze_ref(request)
        except wire.UnsendableRequest as exc:
            return _unsendable(request.request_no, exc)
        answer = self._transport.get(_freeze_path(out_freeze_no), {"court_code": request.court.code})
        if answer.error is not None:
            refused = refusal(answer.error)
            state = OutcomeState.NOT_FOUND if answer.status == 404 else refused.state
            return ControlOutcome(request.request_no, state, error_code=refused.code, error_message=refused.message)
        try:
            return wire.freeze_outcome(request.request_no, answer.json())
        except wire.UnreadableAnswer as exc:
            raise _unreadable(exc, outcome_unknown=False) from None

    # ---- consumption restriction orders ------------------------------------------------------------------
    def restrict(self, request_no: str, court: Court, case_no: str, document_no: str, subject: Subject, *,
                 judge: str = "", categories: Sequence[str] = ()) -> str:
        """Publish the order (the categories given, or every restricted one); returns its ``restriction_id``."""
        try:
            # The dialect needs a judge: without one, the configured signatory stands in.
            body = wire.restriction_body(request_no, court, judge or self._judge, case_no, document_no, subject)
            if categories:
                body["categories"] = sorted(categories)
        except wire.UnsendableRequest as exc:
            raise AdapterError(str(exc), code=RefusalCode.INVALID_REQUEST) from None
        data = self._post_order(RESTRICTIONS, body)
        try:
            return wire.restriction_id(data)
        except wire.UnreadableAnswer as exc:
            raise _unreadable(exc, outcome_unknown=True) from None

    def lift_restriction(self, request_no: str, court: Court, reference: str) -> None:
        try:
            body = wire.lift_body(request_no, court)
        except wire.UnsendableRequest as exc:
            raise AdapterError(str(exc), code=RefusalCode.INVALID_REQUEST) from None
        self._post_order(f"{RESTRICTIONS}/{segment(reference)}/lift", body)

    def _post_order(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        try:
            answer = self._transport.post(path, wire.encode(body))
        except NoAnswer as exc:
            raise AdapterError(str(exc), outcome_unknown=True) from None
        if answer.error is not None:
            refused = refusal(answer.error)
            raise AdapterError(refused.message, code=refused.code)
        try:
            return answer.json()
        except wire.UnreadableAnswer as exc:
            raise _unreadable(exc, outcome_unknown=True) from None
