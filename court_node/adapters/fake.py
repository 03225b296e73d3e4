"""``FakeAdapter`` (adapter ``fake``, dialect ``in-memory``): a provider kept in memory, for tests and the contract kit.

It follows the shared ledger's rules (see ``fake_books.py`` and docs/ledger.md) and answers through the same
interface as the real adapters, so services and the contract kit run against it unchanged.

Options (``providers[].options``):
  ``asynchronous`` (false)   query and control answer PENDING; the request is processed by ``settle()``, or
                             once ``delay_s`` simulated seconds have passed; ``query_result``/``control_result``
                             give the answer then
  ``delay_s`` (none)         processing delay on the simulated clock for asynchronous requests
  ``latency_s`` (0)          real seconds every call takes
  ``capture_credits`` (false), ``online_deduction`` (true), ``whole_account_freeze`` (true), ``restrictions`` (true)
  ``books`` (none)           a name: adapters built with the same name share one set of books (one provider)
  ``freeze_prefix`` ("FK")   how the provider numbers its freezes (the ``provider_ref``)

Outcomes: a business refusal is COMPLETED with ``succeeded`` false and a RefusalCode; a subject whose name or
type does not match is REJECTED (IDENTITY_NOT_MATCH); an unknown request number is NOT_FOUND. A lost answer
is raised as ``AdapterError(outcome_unknown=True)`` (never returned as UNKNOWN), like the real adapters.
Every request number takes effect once: a retry gets the first answer, other content REQUEST_CONFLICT.

Test API:
  ``open_account(name, id_type, id_number, account_no, balance_fen)``, ``credit(account_no, fen)``,
  ``pay(account_no, fen, category)`` (raises BookRefusal when refused), ``settle()``;
  ``fail_next(code=..., method=None)`` (not sent: AdapterError), ``timeout_next(method=None, applied=True)``
  (waits ``timeout_s`` real seconds, then AdapterError PROVIDER_TIMEOUT with outcome_unknown),
  ``unknown_next(method=None, applied=True)`` (the answer is lost at once); option ``batch`` declares batch forms
  (answered one request at a time, each call listed in ``batch_calls``); ``method`` limits a switch to one of
  query, query_result, control, control_result, freeze_status, restrict, lift_restriction, health;
  ``freezes_on(account_no)``, ``freeze(ref)``, ``account_found(account_no)``, ``books`` (payouts, restrictions),
  ``received`` (request numbers that took effect, in order), ``timeline`` (every call with its start and end,
  monotonic seconds), ``check_invariants()``. Time is ``now`` (Unix seconds), the node's simulated clock, given
  at construction like every adapter's.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar, TypeVar

from court_node.adapters.base import AdapterError, ProviderAdapter, ProviderConfig
from court_node.adapters.errors import RefusalCode
from court_node.adapters.fake_books import BookFreeze, BookRefusal, FakeBooks, Job, Reply
from court_node.adapters.registry import register
from court_node.adapters.types import (
    AccountFound,
    Capabilities,
    ControlOutcome,
    ControlRequest,
    Court,
    Health,
    Measure,
    Operation,
    OutcomeState,
    QueryOutcome,
    QueryRequest,
    Subject,
    TransactionRecord,
)
from court_node.clock import beijing_date

T = TypeVar("T")
METHODS = ("query", "query_result", "control", "control_result", "freeze_status", "restrict", "lift_restriction",
           "health")
_OPTIONS = {"asynchronous", "delay_s", "latency_s", "capture_credits", "online_deduction", "whole_account_freeze",
            "restrictions", "books", "freeze_prefix", "batch"}
_SHARED: dict[str, FakeBooks] = {}
_SHARED_LOCK = threading.Lock()


@dataclass(frozen=True)
class Fault:
    kind: str  # fail | timeout | unknown
    method: str | None
    applied: bool = True
    code: str = "PROVIDER_UNAVAILABLE"


@dataclass(frozen=True)
class Call:
    """One call as it happened: for asserting that calls ran in parallel without timing the whole test."""

    method: str
    request_no: str
    started: float
    ended: float
    result: str


@register
class FakeAdapter(ProviderAdapter):
    """An in-memory provider with switches for failures, timeouts and lost answers."""

    adapter_name: ClassVar[str] = "fake"
    dialect: ClassVar[str] = "in-memory"

    def __init__(self, config: ProviderConfig, now: Callable[[], float] | None = None) -> None:
        super().__init__(config, now)
        options = dict(config.options)
        unknown = sorted(set(options) - _OPTIONS)
        if unknown:
            raise ValueError(f"unknown fake adapter option {unknown[0]!r}; known: {', '.join(sorted(_OPTIONS))}")
        self.asynchronous = bool(options.get("asynchronous", False))
        self.batch = bool(options.get("batch", False))
        #: (method, request numbers) of every batch form call, when ``batch`` is on
        self.batch_calls: list[tuple[str, list[str]]] = []
        delay = options.get("delay_s")
        self.delay_us = None if delay is None else int(float(delay) * 1_000_000)
        self.latency_s = float(options.get("latency_s", 0))
        switches = {key: bool(options[key]) for key in ("capture_credits", "online_deduction", "whole_account_freeze",
                                                        "restrictions") if key in options}
        prefix = str(options.get("freeze_prefix", "FK"))
        name = options.get("books")
        if name is None:
            self.books = FakeBooks(freeze_prefix=prefix, **switches)
        else:
            with _SHARED_LOCK:
                self.books = _SHARED.setdefault(str(name), FakeBooks(freeze_prefix=prefix, **switches))
        self.timeline: list[Call] = []
        self.received: list[str] = []
        self._faults: deque[Fault] = deque()

    # ---- the interface --------------------------------------------------------------------------------
    def capabilities(self) -> Capabilities:
        b = self.books
        return Capabilities(asynchronous=self.asynchronous, capture_credits=b.capture_credits,
                            online_deduction=b.online_deduction, whole_account_freeze=b.whole_account_freeze,
                            restrictions=b.restrictions_enabled, batch=self.batch)

    # The batch forms answer each request as its single call does; ``batch_calls`` shows how they were grouped.
    def query_many(self, requests: Sequence[QueryRequest]) -> list[QueryOutcome | Exception]:
        self.batch_calls.append(("query_many", [r.request_no for r in requests]))
        return super().query_many(requests)

    def query_results(self, request_nos: Sequence[str]) -> list[QueryOutcome | Exception]:
        self.batch_calls.append(("query_results", list(request_nos)))
        return super().query_results(request_nos)

    def control_many(self, requests: Sequence[ControlRequest]) -> list[ControlOutcome | Exception]:
        self.batch_calls.append(("control_many", [r.request_no for r in requests]))
        return super().control_many(requests)

    def control_results(self, requests: Sequence[ControlRequest]) -> list[ControlOutcome | Exception]:
        self.batch_calls.append(("control_results", [r.request_no for r in requests]))
        return super().control_results(requests)

    def health(self) -> Health:
        return self._call("health", "", lambda now: Health(True, "in memory", 0))

    def query(self, request: QueryRequest) -> QueryOutcome:
        return self._call("query", request.request_no, lambda now: self._submit(
            request.request_no, repr(request), lambda at: self._query(request, at), now,
            QueryOutcome(request.request_no, OutcomeState.PENDING), self._query_conflict(request.request_no)))

    def query_result(self, request_no: str) -> QueryOutcome:
        def answer(now: int) -> QueryOutcome:
            reply = self.books.replies.get(request_no)
            if reply is None:
                return QueryOutcome(request_no, OutcomeState.NOT_FOUND)
            if reply.outcome is None:
                return QueryOutcome(request_no, OutcomeState.PENDING)
            return reply.outcome  # type: ignore[no-any-return]

        return self._call("query_result", request_no, answer)

    def control(self, request: ControlRequest) -> ControlOutcome:
        return self._call("control", request.request_no, lambda now: self._submit(
            request.request_no, repr(request), lambda at: self._control(request, at), now,
            ControlOutcome(request.request_no, OutcomeState.PENDING), self._control_conflict(request.request_no)))

    def control_result(self, request: ControlRequest) -> ControlOutcome:
        def answer(now: int) -> ControlOutcome:
            reply = self.books.replies.get(request.request_no)
            if reply is None:
                return ControlOutcome(request.request_no, OutcomeState.NOT_FOUND)
            if reply.outcome is None:
                return ControlOutcome(request.request_no, OutcomeState.PENDING)
            return reply.outcome  # type: ignore[no-any-return]

        return self._call("control_result", request.request_no, answer)

    def freeze_status(self, request: ControlRequest) -> ControlOutcome:
        def answer(now: int) -> ControlOutcome:
            try:
                freeze = self._find(request)
                if freeze.authority_code != request.court.code:
                    raise BookRefusal(RefusalCode.NOT_FREEZE_OWNER, "this freeze was placed by another authority")
            except BookRefusal as refusal:
                return ControlOutcome(request.request_no, OutcomeState.COMPLETED, error_code=refusal.code,
                                      error_message=refusal.message)
            return self._freeze_outcome(request.request_no, freeze)

        return self._call("freeze_status", request.request_no, answer)

    def restrict(self, request_no: str, court: Court, case_no: str, document_no: str, subject: Subject, *,
                 judge: str = "", categories: Sequence[str] = ()) -> str:
        def answer(now: int) -> str:
            reply = self.books.replies.get(request_no)
            if reply is not None:
                return str(reply.outcome)
            try:
                if not self.books.check_subject(subject.name, subject.id_type, subject.id_number):
                    raise BookRefusal(RefusalCode.IDENTITY_NOT_MATCH, "no account holder with that ID number")
                order = self.books.restrict(f"RS{request_no}", subject.id_number, court.code, document_no, case_no,
                                            now)
            except BookRefusal as refusal:
                raise AdapterError(refusal.message, code=refusal.code) from None
            self.books.replies[request_no] = Reply("restrict", order.reference)
            self.received.append(request_no)
            return order.reference

        return self._call("restrict", request_no, answer)

    def lift_restriction(self, request_no: str, court: Court, reference: str) -> None:
        def answer(now: int) -> None:
            if request_no in self.books.replies:
                return
            try:
                self.books.lift(reference, court.code, now)
            except BookRefusal as refusal:
                raise AdapterError(refusal.message, code=refusal.code) from None
            self.books.replies[request_no] = Reply("lift", reference)
            self.received.append(request_no)

        self._call("lift_restriction", request_no, answer)

    # ---- the test API ---------------------------------------------------------------------------------
    def open_account(self, name: str, id_type: str, id_number: str, account_no: str, balance: int = 0) -> None:
        with self.books.lock:
            self.books.open_account(name, id_type, id_number, account_no, balance, self._advance())

    def credit(self, account_no: str, amount: int, counterparty: str = "salary") -> None:
        with self.books.lock:
            self.books.credit(account_no, amount, self._advance(), counterparty)

    def pay(self, account_no: str, amount: int, category: str = "grocery") -> None:
        with self.books.lock:
            self.books.pay(account_no, amount, category, self._advance())

    def settle(self) -> None:
        """Process every asynchronous request still waiting, in arrival order, now."""
        with self.books.lock:
            now = self._advance()
            while self.books.queue:
                self._run(self.books.queue.pop(0), now)

    def fail_next(self, code: str = "PROVIDER_UNAVAILABLE", *, method: str | None = None) -> None:
        self._faults.append(Fault("fail", self._method(method), applied=False, code=code))

    def timeout_next(self, *, method: str | None = None, applied: bool = True) -> None:
        self._faults.append(Fault("timeout", self._method(method), applied=applied, code="PROVIDER_TIMEOUT"))

    def unknown_next(self, *, method: str | None = None, applied: bool = True) -> None:
        self._faults.append(Fault("unknown", self._method(method), applied=applied, code="PROVIDER_TIMEOUT"))

    def freezes_on(self, account_no: str) -> list[BookFreeze]:
        with self.books.lock:
            self._advance()
            return [f for f in self.books.freezes if f.account_no == account_no]

    def freeze(self, provider_ref: str) -> BookFreeze:
        with self.books.lock:
            self._advance()
            return next(f for f in self.books.freezes if f.freeze_no == provider_ref)

    def account_found(self, account_no: str) -> AccountFound:
        with self.books.lock:
            self._advance()
            return self._account_found(account_no, None)

    def check_invariants(self) -> list[str]:
        with self.books.lock:
            return self.books.check_invariants(self._advance())

    # ---- the machinery --------------------------------------------------------------------------------
    @staticmethod
    def _method(method: str | None) -> str | None:
        if method is not None and method not in METHODS:
            raise ValueError(f"unknown method {method!r}; known: {', '.join(METHODS)}")
        return method

    def _fault_for(self, method: str) -> Fault | None:
        with self.books.lock:
            for fault in self._faults:
                if fault.method in (None, method):
                    self._faults.remove(fault)
                    return fault
        return None

    def _call(self, method: str, request_no: str, action: Callable[[int], T]) -> T:
        """Run one call the way a remote provider would: latency, then a switched fault or the answer."""
        started = time.monotonic()
        result = "answered"
        try:
            if self.latency_s:
                threading.Event().wait(self.latency_s)
            fault = self._fault_for(method)
            if fault is not None and fault.kind == "timeout":
                threading.Event().wait(self.config.timeout_s)  # outside the lock: the others go on meanwhile
            if fault is not None and fault.kind == "fail":
                result = "failed"
                raise AdapterError(f"{self.name}: {fault.code} (switched)", code=fault.code)
            if fault is None:
                with self.books.lock:
                    return action(self._advance())
            if fault.applied:
                with self.books.lock:
                    action(self._advance())
            result = fault.kind
            raise AdapterError(f"{self.name}: no answer (switched {fault.kind})", code=fault.code,
                               outcome_unknown=True)
        finally:
            self.timeline.append(Call(method, request_no, started, time.monotonic(), result))

    def _advance(self) -> int:
        """Bring the books up to now: expiries and due asynchronous requests, each at its own instant."""
        now = round(self.now() * 1_000_000)
        books = self.books
        while True:
            expiry = books.next_expiry()
            job = books.queue[0] if books.queue and books.queue[0].due_us is not None else None
            due = [t for t in (expiry, job.due_us if job else None) if t is not None and t <= now]
            if not due:
                return now
            at = min(due)
            if expiry == at:
                books.expire_due(at)
            elif job is not None:
                self._run(books.queue.pop(0), at)

    def _run(self, job: Job, at: int) -> None:
        self.books.replies[job.request_no].outcome = job.run(at)

    def _submit(self, request_no: str, fingerprint: str, process: Callable[[int], T], now: int, pending: T,
                conflict: T) -> T:
        reply = self.books.replies.get(request_no)
        if reply is not None:
            if reply.fingerprint != fingerprint:
                return conflict
            return pending if reply.outcome is None else reply.outcome
        self.received.append(request_no)
        self.books.replies[request_no] = Reply(fingerprint)
        if self.asynchronous:
            due = None if self.delay_us is None else now + self.delay_us
            self.books.queue.append(Job(request_no, process, due))
            return pending
        outcome = process(now)
        self.books.replies[request_no].outcome = outcome
        return outcome

    @staticmethod
    def _query_conflict(request_no: str) -> QueryOutcome:
        return QueryOutcome(request_no, OutcomeState.REJECTED, error_code=RefusalCode.REQUEST_CONFLICT,
                            error_message="the request number was used with other content")

    @staticmethod
    def _control_conflict(request_no: str) -> ControlOutcome:
        return ControlOutcome(request_no, OutcomeState.REJECTED, error_code=RefusalCode.REQUEST_CONFLICT,
                              error_message="the request number was used with other content")

    def _query(self, request: QueryRequest, now: int) -> QueryOutcome:
        s = request.subject
        try:
            known = self.books.check_subject(s.name, s.id_type, s.id_number)
        except BookRefusal as refusal:
            return QueryOutcome(request.request_no, OutcomeState.REJECTED, error_code=refusal.code,
                                error_message=refusal.message)
        accounts = self.books.accounts_of(s.id_number) if known else []
        wanted = (request.transactions_from, request.transactions_to)
        return QueryOutcome(request.request_no, OutcomeState.COMPLETED, [
            self._account_found(a.account_no, wanted if request.transactions_from or request.transactions_to
                                else None) for a in accounts])

    def _account_found(self, account_no: str, period: tuple[Any, Any] | None) -> AccountFound:
        b = self.books
        measures = []
        for f in b.live_on(account_no):
            start, end = b.dates(f)
            measures.append(Measure(f.authority_code, f.authority_name, f.document_no, f.mode, b.held(f), b.unmet(f),
                                    start, end, f.status, b.queue_position(f)))
        records = []
        if period is not None:
            first, last = period
            for m in b.accounts[account_no].movements:
                day = beijing_date(m.at)
                if (first is None or day >= first) and (last is None or day <= last):
                    records.append(TransactionRecord(day, m.kind, m.amount, m.balance_after, m.counterparty,
                                                     m.category))
        return AccountFound(account_no, b.accounts[account_no].balance, b.available(account_no),
                            whole_account_frozen=b.whole(account_no), measures=measures, transactions=records)

    def _find(self, request: ControlRequest) -> BookFreeze:
        return self.books.find(request.provider_ref, request.original_request_no, request.account_no,
                               request.court.code)

    def _control(self, request: ControlRequest, now: int) -> ControlOutcome:
        s = request.subject
        b = self.books
        try:
            if not b.check_subject(s.name, s.id_type, s.id_number):
                raise BookRefusal(RefusalCode.IDENTITY_NOT_MATCH, "no account holder with that ID number",
                                  whole_request=True)
            if request.operation is Operation.FREEZE:
                freeze = b.place(now=now, account_no=request.account_no, holder=s.id_number,
                                 authority_code=request.court.code, authority_name=request.court.name,
                                 request_no=request.request_no, document_no=request.document_no,
                                 case_no=request.case_no, whole_account=request.whole_account,
                                 amount=request.amount, end_date=request.end_date)
                return self._freeze_outcome(request.request_no, freeze)
            freeze = self._find(request)
            if request.operation is Operation.RENEW:
                b.renew(freeze, request.court.code, request.end_date)
            elif request.operation is Operation.RELEASE:
                b.release(freeze, request.court.code, now)
            else:
                payout = b.deduct(freeze, request.court.code, request.amount or 0, request_no=request.request_no,
                                  document_no=request.document_no,
                                  enforcement_account=request.court.enforcement_account, now=now)
                # for a deduction, ``deducted`` is what this request moved
                return replace(self._freeze_outcome(request.request_no, freeze), deducted=payout.amount)
            return self._freeze_outcome(request.request_no, freeze)
        except BookRefusal as refusal:
            state = OutcomeState.REJECTED if refusal.whole_request else OutcomeState.COMPLETED
            return ControlOutcome(request.request_no, state, error_code=refusal.code, error_message=refusal.message)

    def _freeze_outcome(self, request_no: str, freeze: BookFreeze) -> ControlOutcome:
        b = self.books
        start, end = b.dates(freeze)
        return ControlOutcome(
            request_no, OutcomeState.COMPLETED, succeeded=True, freeze_status=freeze.status,
            provider_ref=freeze.freeze_no, held=b.held(freeze), unmet=b.unmet(freeze), deducted=freeze.deducted,
            queue_position=b.queue_position(freeze), start_date=start, end_date=end,
            balance=b.accounts[freeze.account_no].balance, available=b.available(freeze.account_no))


def forget_shared_books(name: str) -> None:
    """Drop a named set of shared books (tests that used the ``books`` option clean up with this)."""
    with _SHARED_LOCK:
        _SHARED.pop(name, None)
