"""``CourtClient``: the court node's API from Python.

Every POST carries an ``Idempotency-Key`` chosen before the first attempt and kept across its retries;
connection errors and 5xx answers are retried with backoff and jitter; other errors raise ``CourtApiError``.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypedDict, cast

import requests

from court_node.adapters.http_session import pooled_session


class CourtApiError(Exception):
    """An error answer of the court node (or no answer at all: status 0, code CONNECTION_FAILED)."""

    def __init__(self, status: int, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.details = details or {}


@dataclass(frozen=True)
class Party:
    """A creditor or debtor: ``id_type`` is resident_id or uscc."""

    name: str
    id_type: str
    id_number: str

    def as_json(self) -> dict[str, str]:
        return {"name": self.name, "id_type": self.id_type, "id_number": self.id_number}


class CourtJson(TypedDict):
    code: str
    name: str


class PartyJson(TypedDict):
    name: str
    id_type: str
    id_number: str


class UserRefJson(TypedDict):
    id: int
    name: str
    role: str


class CaseJson(TypedDict):
    id: int
    case_number: str
    court: CourtJson
    creditor: PartyJson
    debtor: PartyJson
    principal: str
    costs: str
    delay_interest: bool
    judgment_date: str
    interest_from: str
    status: str
    amount_due: str
    amount_due_detail: dict[str, str]
    as_of: str
    frozen: str
    collected: str
    filed_at: str
    filed_by: UserRefJson
    notice_served_at: str | None
    notice_document_no: str | None
    deductions_allowed_from: str | None
    closed_at: str | None


class CasePageJson(TypedDict):
    cases: list[CaseJson]
    total: int
    limit: int
    offset: int


class EventJson(TypedDict):
    id: int
    at: str
    action: str
    user: UserRefJson | None
    court: str
    document_no: str
    detail: dict[str, Any]


class ProviderHealthJson(TypedDict):
    name: str
    reachable: bool
    detail: str
    latency_ms: int | None


class HealthJson(TypedDict):
    status: str
    version: str
    now: str
    providers: list[ProviderHealthJson]


class ProviderJson(TypedDict):
    name: str
    adapter: str
    dialect: str
    base_url: str
    capabilities: dict[str, bool]
    health: ProviderHealthJson


class ErrorRefJson(TypedDict):
    code: str
    message: str


class ResultJson(TypedDict):
    provider: str
    request_no: str
    state: str  # pending | completed | failed
    accounts: list[dict[str, Any]]
    error: ErrorRefJson | None
    updated_at: str


class InspectionJson(TypedDict):
    id: int
    case_id: int
    state: str
    requested_at: str
    requested_by: UserRefJson
    document_no: str
    providers: list[str]
    transactions: dict[str, str] | None
    results: list[ResultJson]


class RequestRefJson(TypedDict):
    request_no: str
    operation: str
    state: str
    attempts: int
    error: dict[str, str] | None
    created_at: str
    updated_at: str


class FreezeJson(TypedDict):
    id: int
    case_id: int
    court: str
    provider: str
    account_no: str
    mode: str
    amount: str | None
    held: str
    unmet: str
    deducted: str
    status: str
    queue_position: int | None
    start_date: str | None
    end_date: str | None
    provider_ref: str
    request_no: str
    document_no: str
    error: ErrorRefJson | None
    created_at: str
    updated_at: str
    synced_at: str | None
    requests: list[RequestRefJson]


class PlanJson(TypedDict):
    target: str
    total: str
    allowance_left: str
    shortfall: str
    items: list[dict[str, str]]


class FreezeBatchJson(TypedDict):
    case_id: int
    dry_run: bool
    due: str
    secured: str
    plan: PlanJson
    freezes: list[FreezeJson]


class DeductionJson(TypedDict):
    id: int
    case_id: int
    freeze_id: int
    provider: str
    amount: str
    status: str
    request_no: str
    document_no: str
    notice_no: str
    error: ErrorRefJson | None
    created_at: str
    updated_at: str


class DeductionBatchJson(TypedDict):
    deductions: list[DeductionJson]
    case: CaseJson


class RestrictionsJson(TypedDict):
    case_id: int
    listing: dict[str, str | None]
    orders: list[dict[str, Any]]


@dataclass(frozen=True)
class PlanItem:
    """One freeze of an explicit plan: ``amount`` in yuan (``"1234.56"``), ``mode`` amount or account."""

    provider: str
    account_no: str
    amount: str
    mode: str = "amount"

    def as_json(self) -> dict[str, str]:
        return {"provider": self.provider, "account_no": self.account_no, "amount": self.amount, "mode": self.mode}


class BatchJson(TypedDict):
    id: int
    kind: str  # filing | notice | inspection | freeze | deduction
    state: str  # running | completed
    total: int
    done: int
    succeeded: int
    failed: int
    created_at: str
    finished_at: str | None
    elapsed_ms: int


class BatchItemJson(TypedDict):
    index: int
    case_id: int | None
    state: str  # pending | succeeded | failed
    result: dict[str, Any] | None
    error: ErrorRefJson | None


class BatchItemsJson(TypedDict):
    total: int
    items: list[BatchItemJson]


class CourtClient:
    """One user's view of a court node: ``CourtClient("http://127.0.0.1:8000", token)``."""

    def __init__(self, base_url: str, token: str, timeout: float = 10, *, retries: int = 3,
                 backoff_s: float = 0.2, session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.retries = retries
        self.backoff_s = backoff_s
        self.session = session or pooled_session()

    def health(self) -> HealthJson:
        return cast(HealthJson, self._call("GET", "/health"))

    def providers(self) -> list[ProviderJson]:
        return cast(list[ProviderJson], self._call("GET", "/api/v1/providers")["providers"])

    def file_case(self, case_number: str, creditor: Party, debtor: Party, principal: str, costs: str, *,
                  judgment_date: date | str, delay_interest: bool = False,
                  interest_from: date | str | None = None, idempotency_key: str | None = None) -> CaseJson:
        """File an enforcement case; money as yuan strings (``"1234.56"``)."""
        body: dict[str, Any] = {
            "case_number": case_number, "creditor": creditor.as_json(), "debtor": debtor.as_json(),
            "principal": principal, "costs": costs, "delay_interest": delay_interest,
            "judgment_date": str(judgment_date),
        }
        if interest_from is not None:
            body["interest_from"] = str(interest_from)
        return cast(CaseJson, self._call("POST", "/api/v1/cases", body, idempotency_key))

    def cases(self, *, status: str | None = None, limit: int = 50, offset: int = 0) -> CasePageJson:
        params: dict[str, Any] = {"limit": limit, "offset": offset}
        if status is not None:
            params["status"] = status
        return cast(CasePageJson, self._call("GET", "/api/v1/cases", params=params))

    def case(self, case_id: int) -> CaseJson:
        return cast(CaseJson, self._call("GET", f"/api/v1/cases/{int(case_id)}"))

    def serve_notice(self, case_id: int, document_no: str, served_at: datetime | None = None, *,
                     idempotency_key: str | None = None) -> CaseJson:
        """Record service of the enforcement notice; ``served_at`` must carry a time zone."""
        body: dict[str, Any] = {"document_no": document_no}
        if served_at is not None:
            if served_at.tzinfo is None:
                raise ValueError("served_at needs a time zone")
            body["served_at"] = served_at.isoformat()
        return cast(CaseJson, self._call("POST", f"/api/v1/cases/{int(case_id)}/notice", body, idempotency_key))

    def events(self, case_id: int) -> list[EventJson]:
        return cast(list[EventJson], self._call("GET", f"/api/v1/cases/{int(case_id)}/events")["events"])

    def inspect(self, case_id: int, *, providers: list[str] | None = None,
                transactions: tuple[date | str, date | str] | None = None, document_no: str | None = None,
                idempotency_key: str | None = None) -> InspectionJson:
        """Ask every (or the named) provider about the case's debtor; ``transactions``: (from, to) days."""
        body: dict[str, Any] = {}
        if providers is not None:
            body["providers"] = list(providers)
        if transactions is not None:
            body["transactions"] = {"from": str(transactions[0]), "to": str(transactions[1])}
        if document_no is not None:
            body["document_no"] = document_no
        return cast(InspectionJson, self._call("POST", f"/api/v1/cases/{int(case_id)}/inspections", body,
                                               idempotency_key))

    def inspection(self, inspection_id: int) -> InspectionJson:
        return cast(InspectionJson, self._call("GET", f"/api/v1/inspections/{int(inspection_id)}"))

    def inspections(self, case_id: int) -> list[InspectionJson]:
        return cast(list[InspectionJson], self._call("GET", f"/api/v1/cases/{int(case_id)}/inspections")
                    ["inspections"])

    def freeze(self, case_id: int, document_no: str, *, mode: str = "amount", term_days: int | None = None,
               items: list[PlanItem] | None = None, dry_run: bool = False,
               idempotency_key: str | None = None) -> FreezeBatchJson:
        """Freeze for the case: planned from the latest inspection, or ``items``; ``dry_run`` only plans."""
        body: dict[str, Any] = {"document_no": document_no, "mode": mode, "dry_run": dry_run}
        if term_days is not None:
            body["term_days"] = term_days
        if items is not None:
            body["items"] = [item.as_json() for item in items]
        return cast(FreezeBatchJson, self._call("POST", f"/api/v1/cases/{int(case_id)}/freezes", body,
                                                idempotency_key))

    def plan_freezes(self, case_id: int, document_no: str, *, mode: str = "amount") -> PlanJson:
        """The plan a freeze would follow now, without freezing."""
        return self.freeze(case_id, document_no, mode=mode, dry_run=True)["plan"]

    def freezes(self, case_id: int, *, refresh: bool = False) -> list[FreezeJson]:
        params = {"refresh": "true"} if refresh else None
        return cast(list[FreezeJson], self._call("GET", f"/api/v1/cases/{int(case_id)}/freezes", params=params)
                    ["freezes"])

    def get_freeze(self, freeze_id: int, *, refresh: bool = False) -> FreezeJson:
        params = {"refresh": "true"} if refresh else None
        return cast(FreezeJson, self._call("GET", f"/api/v1/freezes/{int(freeze_id)}", params=params))

    def renew(self, freeze_id: int, document_no: str, *, end_date: date | str | None = None, days: int | None = None,
              idempotency_key: str | None = None) -> FreezeJson:
        """Renew before expiry: to ``end_date``, or ``days`` past the current end (exactly one of them)."""
        body: dict[str, Any] = {"document_no": document_no}
        if end_date is not None:
            body["end_date"] = str(end_date)
        if days is not None:
            body["days"] = days
        return cast(FreezeJson, self._call("POST", f"/api/v1/freezes/{int(freeze_id)}/renew", body,
                                           idempotency_key))

    def release(self, freeze_id: int, document_no: str, *, idempotency_key: str | None = None) -> FreezeJson:
        return cast(FreezeJson, self._call("POST", f"/api/v1/freezes/{int(freeze_id)}/release",
                                           {"document_no": document_no}, idempotency_key))

    def deduct(self, case_id: int, document_no: str, notice_no: str, *, freeze_id: int | None = None,
               amount: str | None = None, idempotency_key: str | None = None) -> DeductionBatchJson:
        """Deduct into the court's enforcement account: from one freeze, or across the case's freezes."""
        body: dict[str, Any] = {"document_no": document_no, "notice_no": notice_no}
        if freeze_id is not None:
            body["freeze_id"] = freeze_id
        if amount is not None:
            body["amount"] = amount
        return cast(DeductionBatchJson, self._call("POST", f"/api/v1/cases/{int(case_id)}/deductions", body,
                                                   idempotency_key))

    def record_payment(self, case_id: int, amount: str, document_no: str, *,
                       idempotency_key: str | None = None) -> CaseJson:
        """Record a payment the debtor made to the court directly (``amount`` in yuan); returns the case."""
        return cast(CaseJson, self._call("POST", f"/api/v1/cases/{int(case_id)}/payments",
                                         {"amount": amount, "document_no": document_no}, idempotency_key))

    def deductions(self, case_id: int) -> list[DeductionJson]:
        return cast(list[DeductionJson], self._call("GET", f"/api/v1/cases/{int(case_id)}/deductions")
                    ["deductions"])

    def restrict(self, case_id: int, document_no: str, *, categories: list[str] | None = None,
                 idempotency_key: str | None = None) -> RestrictionsJson:
        """List the debtor as dishonest and publish restriction orders to the providers."""
        body: dict[str, Any] = {"document_no": document_no}
        if categories is not None:
            body["categories"] = list(categories)
        return cast(RestrictionsJson, self._call("POST", f"/api/v1/cases/{int(case_id)}/restrictions", body,
                                                 idempotency_key))

    def restrictions(self, case_id: int) -> RestrictionsJson:
        return cast(RestrictionsJson, self._call("GET", f"/api/v1/cases/{int(case_id)}/restrictions"))

    def create_batch(self, kind: str, *, cases: list[dict[str, Any]] | None = None,
                     case_ids: list[int] | None = None, providers: list[str] | None = None,
                     document_no: str | None = None, notice_no: str | None = None, mode: str | None = None,
                     term_days: int | None = None, idempotency_key: str | None = None) -> BatchJson:
        """Start a batch: ``cases`` (case bodies) for kind filing, ``case_ids`` for the other kinds."""
        body: dict[str, Any] = {"kind": kind}
        for key, value in (("cases", cases), ("case_ids", case_ids), ("providers", providers),
                           ("document_no", document_no), ("notice_no", notice_no), ("mode", mode),
                           ("term_days", term_days)):
            if value is not None:
                body[key] = value
        return cast(BatchJson, self._call("POST", "/api/v1/batches", body, idempotency_key))

    def batch(self, batch_id: int) -> BatchJson:
        return cast(BatchJson, self._call("GET", f"/api/v1/batches/{int(batch_id)}"))

    def batches(self, *, limit: int = 50) -> list[BatchJson]:
        return cast(list[BatchJson], self._call("GET", "/api/v1/batches", params={"limit": limit})["batches"])

    def batch_items(self, batch_id: int, *, offset: int = 0, limit: int = 1000,
                    state: str | None = None) -> BatchItemsJson:
        """One page of the batch's items (only those in ``state``: pending, succeeded or failed, when given)."""
        params: dict[str, Any] = {"offset": offset, "limit": limit}
        if state is not None:
            params["state"] = state
        return cast(BatchItemsJson, self._call("GET", f"/api/v1/batches/{int(batch_id)}/items", params=params))

    def wait_batch(self, batch_id: int, on_progress: Callable[[BatchJson], None] | None = None, *,
                   timeout_s: float = 600.0, interval_s: float = 0.5) -> BatchJson:
        """Poll the batch until it is completed (``on_progress`` sees every reading); TimeoutError after
        ``timeout_s``."""
        deadline = time.monotonic() + timeout_s
        while True:
            progress = self.batch(batch_id)
            if on_progress is not None:
                on_progress(progress)
            if progress["state"] == "completed":
                return progress
            if time.monotonic() >= deadline:
                raise TimeoutError(f"batch {batch_id} not completed after {timeout_s:g}s "
                                   f"({progress['done']}/{progress['total']} done)")
            time.sleep(interval_s)

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None, idempotency_key: str | None = None,
              params: dict[str, Any] | None = None) -> Any:
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        if method == "POST":
            # chosen once, before the first attempt: a retry of a request that did arrive is answered, not redone
            headers["Idempotency-Key"] = idempotency_key or str(uuid.uuid4())
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self.session.request(method, self.base_url + path, json=body, params=params,
                                                headers=headers, timeout=self.timeout)
            except requests.RequestException as exc:
                if attempt <= self.retries:
                    self._pause(attempt)
                    continue
                raise CourtApiError(0, "CONNECTION_FAILED", f"{method} {path}: {exc}") from exc
            if response.status_code >= 500 and attempt <= self.retries:
                self._pause(attempt)
                continue
            return self._result(response)

    def _pause(self, attempt: int) -> None:
        time.sleep(self.backoff_s * 2 ** (attempt - 1) * random.uniform(0.5, 1.5))

    @staticmethod
    def _result(response: requests.Response) -> Any:
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if response.ok and payload is not None:
            return payload
        error = payload.get("error") if isinstance(payload, dict) else None
        if isinstance(error, dict):
            raise CourtApiError(response.status_code, str(error.get("code", "")), str(error.get("message", "")),
                                error.get("details") if isinstance(error.get("details"), dict) else None)
        raise CourtApiError(response.status_code, "UNEXPECTED_ANSWER", response.text[:200])
