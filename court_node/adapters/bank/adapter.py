"""The bank adapter: the asynchronous judicial gateway (requests accepted with 202, feedback read later).

Outcomes of submissions:

* ``query`` and ``control`` answer PENDING once the bank has accepted the request; ``query_result`` and
  ``control_result`` read its feedback (PENDING while the bank works on it).
* A submission that may have reached the bank but got no usable answer (read timeout, dropped connection,
  5xx after every retry) is returned with state UNKNOWN: resolve it with ``control_result`` /
  ``query_result`` under the same request number. A submission that surely never left (connection
  refused) raises ``AdapterError(outcome_unknown=False)``. Reads that fail raise ``AdapterError`` too.
* An answer whose signature is missing or wrong raises ``AdapterError("PROVIDER_SIGNATURE_INVALID")``
  (with ``outcome_unknown`` set for submissions); a 401 raises ``AdapterError("PROVIDER_AUTH_FAILED")``.
* ``freeze_status`` has no per-freeze read in this dialect: it submits a query about the subject and
  finds the freeze among the account's measures by court and original request number. One query per
  freeze is outstanding at a time (``status.StatusQueries``): a read that finds none sends one under the
  read's own (fresh) number and waits up to ``status_wait_s`` for its answer; a read that finds one reads
  that query's feedback instead, waiting only as long as the read that sent it still waits, and answers
  PENDING while the bank is still working. So reads converge however long the bank's processing delay,
  and none blocks for more than ``status_wait_s``. The outcome carries the number of the query that
  answered. An answer older than ``status_max_age_s`` on the simulated clock (the clock moved on
  meanwhile) is dropped and asked again.
* The batch forms (``query_many``, ``control_many``, ``query_results``, ``control_results``) send up to 500
  requests a call (``batches.py``); each request's entry is what its single call gives or raises, and a batch
  without a usable answer makes each of its requests UNKNOWN or an ``AdapterError``, as a single call would.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any, ClassVar, TypeVar
from urllib.parse import quote

import requests

from court_node.adapters.bank import batches, wire
from court_node.adapters.bank.errors import refusal
from court_node.adapters.bank.gateway import AUTH_FAILED, PROTOCOL_ERROR, Answer, BankGateway, Unanswered
from court_node.adapters.bank.status import FreezeKey, StatusQueries, StatusQuery, freeze_key
from court_node.adapters.base import AdapterError, ProviderAdapter, ProviderConfig
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
from court_node.clock import BEIJING

QUERIES = "/judicial/v1/queries"
CONTROLS = "/judicial/v1/controls"
RESTRICTIONS = "/judicial/v1/restrictions"
_T = TypeVar("_T")
_R = TypeVar("_R")


def feedback_path(request_no: str) -> str:
    return f"/judicial/v1/requests/{quote(request_no, safe='')}/feedback"


def _option(options: Mapping[str, Any], key: str, default: float) -> float:
    value = options.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"bank option {key!r} must be a non-negative number, not {value!r}")
    return float(value)


@register
class BankAdapter(ProviderAdapter):
    """Speaks the bank's asynchronous judicial gateway with the node's HMAC secret.

    Options: ``bank_id`` (the X-Node-Id the bank signs with, default ``BANK``), ``callback_url`` (where
    the bank posts feedback), ``retries`` (2), ``backoff_s`` (0.2), ``poll_interval_s`` (0.2),
    ``status_wait_s`` (2.0, how long ``freeze_status`` waits for the feedback of a query it has just sent),
    ``status_max_age_s`` (600, simulated seconds after which a status answer is too old to use) and
    ``status_queries_kept`` (4096, how many freezes' outstanding status queries are remembered) and ``batches``
    (True: ``query_many``, ``control_many``, ``query_results`` and ``control_results`` use the bank's batch
    forms, 500 requests a call; False: one call per request).
    """

    adapter_name: ClassVar[str] = "bank"
    dialect: ClassVar[str] = "bank-async-gateway"
    required_credentials: ClassVar[tuple[str, ...]] = ("node_id", "secret")

    def __init__(self, config: ProviderConfig, now: Callable[[], float] | None = None) -> None:
        super().__init__(config, now)
        options = config.options
        self.callback_url: str | None = options.get("callback_url") or None
        self.poll_interval_s = _option(options, "poll_interval_s", 0.2)
        self.status_wait_s = _option(options, "status_wait_s", 2.0)
        self.status_max_age_s = _option(options, "status_max_age_s", 600.0)
        self.status_queries = StatusQueries(int(_option(options, "status_queries_kept", 4096)))
        self.batches = options.get("batches", True)
        if not isinstance(self.batches, bool):
            raise ValueError(f"bank option 'batches' must be true or false, not {self.batches!r}")
        self.gateway = BankGateway(
            base_url=config.base_url, node_id=config.credentials["node_id"], secret=config.credentials["secret"],
            bank_id=str(options.get("bank_id") or "BANK"), timeout_s=config.timeout_s, now=self.now,
            retries=int(_option(options, "retries", 2)), backoff_s=_option(options, "backoff_s", 0.2),
        )

    def close(self) -> None:
        """Close the pooled connections."""
        self.gateway.close()

    def capabilities(self) -> Capabilities:
        return Capabilities(asynchronous=True, capture_credits=True, online_deduction=True,
                            whole_account_freeze=True, restrictions=True, batch=self.batches)

    def health(self) -> Health:
        started = time.monotonic()
        try:
            status, data = self.gateway.health()
        except requests.RequestException as exc:
            return Health(reachable=False, detail=f"{type(exc).__name__}: {exc}")
        latency = int((time.monotonic() - started) * 1000)
        if status != 200 or data.get("status") != "ok":
            return Health(reachable=False, detail=f"/health answered HTTP {status}", latency_ms=latency)
        detail = f"{data.get('provider', 'bank')} {data.get('version', '')} profile {data.get('profile', '?')}"
        return Health(reachable=True, detail=detail.replace("  ", " "), latency_ms=latency)

    # ---- queries ---------------------------------------------------------------------------------------
    def query(self, request: QueryRequest) -> QueryOutcome:
        body = self._with_callback(wire.query_body(request, self.today()))
        try:
            answer = self.gateway.call("POST", QUERIES, body)
        except Unanswered as exc:
            if not exc.maybe_delivered:
                raise AdapterError(str(exc)) from None
            return QueryOutcome(request.request_no, OutcomeState.UNKNOWN, error_message=str(exc))
        if answer.status == 202:
            return QueryOutcome(request.request_no, OutcomeState.PENDING)
        code, message = self._refused(answer)
        return QueryOutcome(request.request_no, OutcomeState.REJECTED, error_code=code, error_message=message)

    def query_result(self, request_no: str) -> QueryOutcome:
        answer = self._feedback(request_no)
        if answer is None:
            return QueryOutcome(request_no, OutcomeState.NOT_FOUND)
        return self._read(wire.query_outcome, request_no, answer.data)

    # ---- control ---------------------------------------------------------------------------------------
    def control(self, request: ControlRequest) -> ControlOutcome:
        body = self._with_callback(wire.control_body(request, self.today()))
        if request.operation is not Operation.FREEZE:
            # a status query accepted before this request is answered before it: its answer would undo ours
            self.status_queries.drop(freeze_key(request))
        try:
            answer = self.gateway.call("POST", CONTROLS, body)
        except Unanswered as exc:
            if not exc.maybe_delivered:
                raise AdapterError(str(exc)) from None
            return ControlOutcome(request.request_no, OutcomeState.UNKNOWN, error_message=str(exc))
        if answer.status == 202:
            return ControlOutcome(request.request_no, OutcomeState.PENDING, provider_ref=self._ref(request))
        code, message = self._refused(answer)
        return ControlOutcome(request.request_no, OutcomeState.REJECTED, error_code=code, error_message=message)

    def control_result(self, request: ControlRequest) -> ControlOutcome:
        answer = self._feedback(request.request_no)
        if answer is None:
            return ControlOutcome(request.request_no, OutcomeState.NOT_FOUND)
        return self._read(wire.control_outcome, request, answer.data)

    def freeze_status(self, request: ControlRequest) -> ControlOutcome:
        key = freeze_key(request)
        held = self.status_queries.claim(key, request.request_no, time.monotonic() + self.status_wait_s)
        if held is None:
            return self._ask_status(key, request)
        return self._answer_of(key, request, held)

    def _ask_status(self, key: FreezeKey, request: ControlRequest) -> ControlOutcome:
        """Send a status query under the read's number and wait up to ``status_wait_s`` for its feedback."""
        deadline = time.monotonic() + self.status_wait_s
        try:
            answer = self.gateway.call("POST", QUERIES, wire.status_query_body(request))
        except Unanswered as exc:
            if not exc.maybe_delivered:
                self.status_queries.forget(key, request.request_no)
            raise AdapterError(str(exc)) from None  # a query moves no money: the next read looks for its answer
        except AdapterError as exc:
            if not exc.outcome_unknown:
                self.status_queries.forget(key, request.request_no)
            raise
        if answer.status != 202:
            self.status_queries.forget(key, request.request_no)
            code, message = self._refused(answer)
            return ControlOutcome(request.request_no, OutcomeState.REJECTED, error_code=code, error_message=message)
        while True:
            feedback = self._feedback(request.request_no)
            if feedback is None:
                self.status_queries.forget(key, request.request_no)
                raise AdapterError(f"the bank accepted query {request.request_no} but has no feedback for it",
                                   code=PROTOCOL_ERROR)
            if feedback.data.get("status") != "accepted":
                self.status_queries.forget(key, request.request_no)
                return self._read(wire.status_outcome, request, feedback.data)
            if time.monotonic() >= deadline:
                return ControlOutcome(request.request_no, OutcomeState.PENDING)
            time.sleep(self.poll_interval_s)

    def _answer_of(self, key: FreezeKey, request: ControlRequest, held: StatusQuery) -> ControlOutcome:
        """The outstanding query's answer: waited for only while its sender still waits, else read once.

        A read that comes while another is waiting for the same freeze shares that wait (a fast bank answers
        both); a read that comes after the sender gave up never waits. The bank having lost the query, or
        its answer being stale, sends a new one.
        """
        while True:
            feedback = self._feedback(held.request_no)
            if feedback is None or feedback.data.get("status") != "accepted":
                break
            if time.monotonic() >= held.wait_until:
                return ControlOutcome(held.request_no, OutcomeState.PENDING)
            time.sleep(self.poll_interval_s)
        self.status_queries.forget(key, held.request_no)
        # a stale answer asked under the read's own number is all that number can give
        if feedback is None or (request.request_no != held.request_no and self._outdated(feedback.data)):
            return self.freeze_status(request)
        return self._read(wire.status_outcome, replace(request, request_no=held.request_no), feedback.data)

    def _outdated(self, feedback: Mapping[str, Any]) -> bool:
        """The answer describes the books longer than ``status_max_age_s`` ago (the simulated clock moved on)."""
        try:
            completed = datetime.fromisoformat(str(feedback["completed_at"])).timestamp()
        except (KeyError, ValueError):
            return False
        return self.now() - completed > self.status_max_age_s

    # ---- batch forms -----------------------------------------------------------------------------------------
    def query_many(self, requests: Sequence[QueryRequest]) -> list[QueryOutcome | Exception]:
        if not self.batches:
            return super().query_many(requests)
        return self._submit_many(
            batches.QUERY_BATCHES, requests, lambda r: r.request_no,
            lambda r: self._with_callback(wire.query_body(r, self.today())),
            lambda r, state, code, message: QueryOutcome(r.request_no, state, error_code=code, error_message=message),
        )

    def control_many(self, requests: Sequence[ControlRequest]) -> list[ControlOutcome | Exception]:
        if not self.batches:
            return super().control_many(requests)

        def body(request: ControlRequest) -> dict[str, Any]:
            built = self._with_callback(wire.control_body(request, self.today()))
            if request.operation is not Operation.FREEZE:
                self.status_queries.drop(freeze_key(request))  # as for a single request: see ``control``
            return built

        def outcome(request: ControlRequest, state: OutcomeState, code: str, message: str) -> ControlOutcome:
            ref = self._ref(request) if state is OutcomeState.PENDING else ""
            return ControlOutcome(request.request_no, state, provider_ref=ref, error_code=code, error_message=message)

        return self._submit_many(batches.CONTROL_BATCHES, requests, lambda r: r.request_no, body, outcome)

    def query_results(self, request_nos: Sequence[str]) -> list[QueryOutcome | Exception]:
        if not self.batches:
            return super().query_results(request_nos)
        return self._read_many(request_nos, lambda no: no, lambda no, data: self._read(wire.query_outcome, no, data),
                               lambda no: QueryOutcome(no, OutcomeState.NOT_FOUND))

    def control_results(self, requests: Sequence[ControlRequest]) -> list[ControlOutcome | Exception]:
        if not self.batches:
            return super().control_results(requests)
        return self._read_many(requests, lambda r: r.request_no,
                               lambda r, data: self._read(wire.control_outcome, r, data),
                               lambda r: ControlOutcome(r.request_no, OutcomeState.NOT_FOUND))

    def _submit_many(
        self, path: str, requests: Sequence[_R], number: Callable[[_R], str], body: Callable[[_R], dict[str, Any]],
        outcome: Callable[[_R, OutcomeState, str, str], _T],
    ) -> list[_T | Exception]:
        """Each request's outcome as its single submission would give it, 500 requests a call."""
        answers: dict[int, _T | Exception] = {}
        bodies: dict[int, dict[str, Any]] = {}
        for index, request in enumerate(requests):
            try:
                bodies[index] = body(request)
            except Exception as exc:  # a request the dialect cannot carry fails alone, as its single call would
                answers[index] = exc
        for chunk in batches.chunks(list(bodies)):
            chunk_requests = [requests[i] for i in chunk]
            for index, answer in zip(chunk, self._submit_chunk(path, chunk_requests, number,
                                                               [bodies[i] for i in chunk], outcome), strict=True):
                answers[index] = answer
        return [answers[index] for index in range(len(requests))]

    def _submit_chunk(
        self, path: str, requests: Sequence[_R], number: Callable[[_R], str], bodies: Sequence[dict[str, Any]],
        outcome: Callable[[_R, OutcomeState, str, str], _T],
    ) -> list[_T | Exception]:
        numbers = [number(r) for r in requests]
        try:
            answer = self.gateway.call("POST", path, batches.batch_body(bodies))
            if answer.status != 202:
                code, message = self._refused(answer)  # the batch refused whole: each item as a single refusal
                return [outcome(r, OutcomeState.REJECTED, code, message) for r in requests]
            entries = batches.items_of(answer.data, "items", numbers)
        except Unanswered as exc:
            if not exc.maybe_delivered:
                return [AdapterError(str(exc)) for _ in requests]
            return [outcome(r, OutcomeState.UNKNOWN, "", str(exc)) for r in requests]
        except AdapterError as exc:
            return [exc for _ in requests]

        def item(pair: tuple[_R, Mapping[str, Any]]) -> _T:
            refused = batches.item_refusal(pair[1])
            if refused is None:
                return outcome(pair[0], OutcomeState.PENDING, "", "")
            return outcome(pair[0], OutcomeState.REJECTED, *refused)

        return batches.each(list(zip(requests, entries, strict=True)), item)

    def _read_many(
        self, keys: Sequence[_R], number: Callable[[_R], str], read: Callable[[_R, Mapping[str, Any]], _T],
        missing: Callable[[_R], _T],
    ) -> list[_T | Exception]:
        """Many requests' feedback, 500 a call (``POST /feedback-queries``), each read as its single read is."""
        answers: list[_T | Exception] = []
        for chunk in batches.chunks(keys):
            numbers = [number(k) for k in chunk]
            try:
                answer = self.gateway.call("POST", batches.FEEDBACK_QUERIES, {"request_nos": numbers})
                if answer.status != 200:
                    code, message = self._refused(answer)
                    raise AdapterError(f"feedback of {len(numbers)} requests: HTTP {answer.status} {message}",
                                       code=code)
                entries = batches.items_of(answer.data, "feedbacks", numbers)
            except Unanswered as exc:
                answers.extend(AdapterError(str(exc)) for _ in chunk)
                continue
            except AdapterError as exc:
                answers.extend(exc for _ in chunk)
                continue

            def one(pair: tuple[_R, Mapping[str, Any]]) -> _T:
                key, entry = pair
                error = entry.get("error")
                if isinstance(error, dict) and error.get("code") == "REQUEST_NOT_FOUND":
                    return missing(key)
                if error is not None:
                    code = str(error.get("code", "")) if isinstance(error, dict) else ""
                    raise AdapterError(f"feedback of {number(key)}: {error}", code=refusal(code))
                return read(key, entry)

            answers.extend(batches.each(list(zip(chunk, entries, strict=True)), one))
        return answers

    # ---- restriction orders (synchronous) -----------------------------------------------------------------
    def restrict(self, request_no: str, court: Court, case_no: str, document_no: str, subject: Subject, *,
                 judge: str = "", categories: Sequence[str] = ()) -> str:
        body = {"request_no": request_no, "court": wire.court_json(court), "case_no": case_no,
                "document_no": document_no, "subject": wire.subject_json(subject)}
        if judge:
            body["judge"] = judge
        if categories:
            body["categories"] = sorted(categories)
        answer = self._restriction_call(RESTRICTIONS, body)
        if answer.status != 201:
            raise self._refusal_error(answer)
        return str(answer.data["restriction_id"])

    def lift_restriction(self, request_no: str, court: Court, reference: str) -> None:
        if not reference.isdigit():
            raise ValueError(f"bank restriction references are numbers, not {reference!r}")
        body = {"court": wire.court_json(court), "request_no": request_no}
        answer = self._restriction_call(f"{RESTRICTIONS}/{int(reference)}/lift", body)
        if answer.status != 200:
            raise self._refusal_error(answer)

    # ---- callbacks -----------------------------------------------------------------------------------------
    def verify_callback(self, url: str, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
        """The feedback a bank callback carries, once verified; AdapterError when it cannot be trusted."""
        return self.gateway.verify_callback("POST", url, headers, body)

    # ---- helpers -------------------------------------------------------------------------------------------
    def today(self) -> date:
        """The Beijing calendar date on the simulated clock."""
        return datetime.fromtimestamp(self.now(), BEIJING).date()

    def _with_callback(self, body: dict[str, Any]) -> dict[str, Any]:
        if self.callback_url:
            body["callback_url"] = self.callback_url
        return body

    @staticmethod
    def _ref(request: ControlRequest) -> str:
        return request.request_no if request.operation is Operation.FREEZE else wire.original_request_no(request)

    def _feedback(self, request_no: str) -> Answer | None:
        """The request's feedback answer, or None when the bank never received that number."""
        try:
            answer = self.gateway.call("GET", feedback_path(request_no))
        except Unanswered as exc:
            raise AdapterError(str(exc)) from None
        if answer.status == 404 and answer.error_code == "REQUEST_NOT_FOUND":
            return None
        if answer.status != 200:
            code, message = self._refused(answer)
            raise AdapterError(f"feedback of {request_no}: HTTP {answer.status} {message}", code=code)
        return answer

    @staticmethod
    def _read(parse: Callable[..., _T], *args: Any) -> _T:
        """``parse(*args)``; a feedback missing fields or with malformed values is a protocol error."""
        try:
            return parse(*args)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise AdapterError(f"unreadable feedback from the bank: {type(exc).__name__}: {exc}",
                               code=PROTOCOL_ERROR) from None

    def _refused(self, answer: Answer) -> tuple[str, str]:
        """A verified refusal as (RefusalCode, message); a 401 means our credentials or clock are wrong."""
        if answer.status == 401:
            raise AdapterError(f"the bank refused our authentication: {answer.error_code}: {answer.error_message}",
                               code=AUTH_FAILED)
        return refusal(answer.error_code), f"{answer.error_code}: {answer.error_message}"

    def _refusal_error(self, answer: Answer) -> AdapterError:
        code, message = self._refused(answer)
        return AdapterError(message, code=code)

    def _restriction_call(self, path: str, body: dict[str, Any]) -> Answer:
        try:
            return self.gateway.call("POST", path, body)
        except Unanswered as exc:
            raise AdapterError(str(exc), outcome_unknown=exc.maybe_delivered) from None
