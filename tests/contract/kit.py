"""What the contract's tests share: courts, debtors, fresh request numbers, and ``settle``.

``settle`` makes one test work for synchronous and asynchronous providers alike: it reads the outcome again
(``query_result`` / ``control_result``, same request number) until it is no longer PENDING or UNKNOWN.
"""

from __future__ import annotations

import itertools
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypeVar, overload

from court_node.adapters.base import ProviderAdapter
from court_node.adapters.types import (
    ControlOutcome,
    ControlRequest,
    Court,
    Operation,
    OutcomeState,
    QueryOutcome,
    QueryRequest,
    Subject,
)
from court_node.clock import BEIJING
from tests.contract.targets import Target

COURT_A = Court("京0101", "北京市东城区人民法院", "11001010100052512345")
COURT_B = Court("京0105", "北京市朝阳区人民法院", "11001010100052567890")
DEBTOR = Subject("李明", "resident_id", "11010519491231002X")
#: the debtor's ID number under another name: every provider must refuse it
IMPOSTOR = Subject("王芳", "resident_id", "11010519491231002X")
#: a valid ID number no provider has seen
STRANGER = Subject("张伟", "resident_id", "440524188001010014")
CASE_NO = {COURT_A.code: "（2026）京0101执123号", COURT_B.code: "（2026）京0105执456号"}

SETTLE_TIMEOUT_S = 15.0
_unfinished = (OutcomeState.PENDING, OutcomeState.UNKNOWN)
Outcome = TypeVar("Outcome", QueryOutcome, ControlOutcome)


def request_no(kind: str) -> str:
    """A fresh request number every dialect accepts: letters and digits, at most 32 characters."""
    return f"{kind}{uuid.uuid4().hex[:20]}"


@overload
def settle(adapter: ProviderAdapter, outcome: QueryOutcome, request: None = None) -> QueryOutcome: ...
@overload
def settle(adapter: ProviderAdapter, outcome: ControlOutcome, request: ControlRequest) -> ControlOutcome: ...
def settle(adapter: ProviderAdapter, outcome: Any, request: ControlRequest | None = None) -> Any:
    """Read the outcome again under the same request number until it is neither PENDING nor UNKNOWN (bounded)."""
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    while outcome.state in _unfinished:
        if time.monotonic() > deadline:
            raise AssertionError(f"request {outcome.request_no} still {outcome.state} after {SETTLE_TIMEOUT_S} s")
        time.sleep(0.05)
        if isinstance(outcome, QueryOutcome):
            outcome = adapter.query_result(outcome.request_no)
        elif request is None:
            raise TypeError("settling a control outcome needs the request that was sent")
        else:
            outcome = adapter.control_result(request)
    return outcome


@dataclass
class Desk:
    """One court at one provider: builds requests with fresh numbers, sends them and waits for the outcome."""

    target: Target
    adapter: ProviderAdapter
    court: Court
    subject: Subject = DEBTOR
    numbers: itertools.count[int] = field(default_factory=itertools.count)

    def today(self) -> date:
        return datetime.fromtimestamp(self.target.now(), BEIJING).date()

    def query(self, subject: Subject | None = None) -> QueryOutcome:
        case_no = CASE_NO[self.court.code]
        asked = QueryRequest(request_no("Q"), self.court, "王法官", case_no, case_no + "之一", subject or self.subject)
        return settle(self.adapter, self.adapter.query(asked))

    def request(self, operation: Operation, account_no: str, **fields: Any) -> ControlRequest:
        case_no = CASE_NO[self.court.code]
        return ControlRequest(request_no=fields.pop("request_no", None) or request_no(operation.value[0].upper()),
                              operation=operation, court=self.court, judge="王法官", case_no=case_no,
                              document_no=case_no + "之一",
                              subject=fields.pop("subject", self.subject), account_no=account_no, **fields)

    def send(self, request: ControlRequest) -> ControlOutcome:
        return settle(self.adapter, self.adapter.control(request), request)

    def freeze_request(self, account_no: str, amount: int | None, days: int = 30, **fields: Any) -> ControlRequest:
        return self.request(Operation.FREEZE, account_no, amount=amount, whole_account=amount is None,
                            start_date=self.today(), end_date=self.today() + timedelta(days=days), **fields)

    def freeze(self, account_no: str, amount: int | None, days: int = 30, **fields: Any) -> ControlOutcome:
        """Freeze ``amount`` (None: the whole account) for ``days``."""
        return self.send(self.freeze_request(account_no, amount, days, **fields))

    def on(self, operation: Operation, frozen: ControlRequest, placed: ControlOutcome, **fields: Any) -> ControlRequest:
        """A request about the freeze ``frozen`` placed (renew, release, deduct, status)."""
        return self.request(operation, frozen.account_no, provider_ref=placed.provider_ref,
                            original_request_no=frozen.request_no, **fields)

    def renew(self, frozen: ControlRequest, placed: ControlOutcome, end_date: date) -> ControlOutcome:
        return self.send(self.on(Operation.RENEW, frozen, placed, end_date=end_date))

    def release(self, frozen: ControlRequest, placed: ControlOutcome) -> ControlOutcome:
        return self.send(self.on(Operation.RELEASE, frozen, placed))

    def deduct(self, frozen: ControlRequest, placed: ControlOutcome, amount: int) -> ControlOutcome:
        return self.send(self.on(Operation.DEDUCT, frozen, placed, amount=amount))

    def status(self, frozen: ControlRequest, placed: ControlOutcome) -> ControlOutcome:
        """The freeze's state now; an answer still PENDING is asked again under the same number."""
        asked = self.on(Operation.RENEW, frozen, placed)
        deadline = time.monotonic() + SETTLE_TIMEOUT_S
        outcome = self.adapter.freeze_status(asked)
        while outcome.state in _unfinished and time.monotonic() < deadline:
            time.sleep(0.05)
            outcome = self.adapter.freeze_status(asked)
        return outcome


def available(desk: Desk, account_no: str) -> tuple[int, int]:
    """(balance, available) of one of the desk's debtor's accounts, as the provider answers a query."""
    outcome = desk.query()
    assert outcome.state is OutcomeState.COMPLETED, outcome
    found = next(a for a in outcome.accounts if a.account_no == account_no)
    return found.balance, found.available
