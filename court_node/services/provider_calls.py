"""One call to a provider for an outbox request, classified as a ``Delivery``; nothing is written here.

Adapters report a lost answer as ``AdapterError(outcome_unknown=True)`` or ``OutcomeState.UNKNOWN``; both
become ``unknown`` here, and so does an answer whose signature failed (it may have taken effect). Any other
``AdapterError`` from sending means the request did not reach the provider: ``failed``; from asking what became
of a request it means only that the question went unanswered: ``unknown``, the request stays open.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from court_node.adapters.base import AdapterError, ProviderAdapter
from court_node.adapters.types import ControlOutcome, Court, OutcomeState, QueryOutcome, Subject
from court_node.services.payloads import control_request, query_request
from court_node.store.outbox_repo import ProviderRequest

log = logging.getLogger(__name__)
_STATES = {OutcomeState.COMPLETED: "completed", OutcomeState.REJECTED: "failed", OutcomeState.PENDING: "pending",
           OutcomeState.UNKNOWN: "unknown", OutcomeState.NOT_FOUND: "not_found"}
#: an answer that cannot be trusted says nothing about whether the request took effect
_UNTRUSTED = ("PROVIDER_SIGNATURE_INVALID",)


@dataclass(frozen=True)
class Delivery:
    """What became of a request: ``completed`` (answered; the outcome may be a refusal), ``pending``, ``failed``,
    ``unknown`` (ask again by number) or ``not_found`` (the provider never saw it)."""

    request_no: str
    state: str
    control: ControlOutcome | None = None
    query: QueryOutcome | None = None
    reference: str = ""  # a restriction order's reference at the provider
    error_code: str = ""
    error_message: str = ""

    @property
    def succeeded(self) -> bool:
        """The provider answered and the operation took effect."""
        if self.state != "completed":
            return False
        return self.control.succeeded if self.control is not None else True


def from_control(outcome: ControlOutcome) -> Delivery:
    return Delivery(outcome.request_no, _STATES[outcome.state], control=outcome, error_code=outcome.error_code,
                    error_message=outcome.error_message)


def from_query(outcome: QueryOutcome) -> Delivery:
    return Delivery(outcome.request_no, _STATES[outcome.state], query=outcome, error_code=outcome.error_code,
                    error_message=outcome.error_message)


def from_error(request_no: str, exc: Exception) -> Delivery:
    if isinstance(exc, AdapterError):
        unknown = exc.outcome_unknown or exc.code in _UNTRUSTED
        return Delivery(request_no, "unknown" if unknown else "failed", error_code=exc.code, error_message=str(exc))
    # an adapter defect after the request may have left: treat the outcome as unknown, never as a refusal
    log.exception("adapter failed unexpectedly on %s", request_no)
    return Delivery(request_no, "unknown", error_code="PROVIDER_ERROR", error_message=f"adapter error: {exc}")


def send(adapter: ProviderAdapter, request: ProviderRequest) -> Delivery:
    """Send (or send again, under the same number) one outbox request."""
    payload = request.payload
    try:
        if request.kind == "query":
            return from_query(adapter.query(query_request(payload)))
        if request.kind == "control":
            return from_control(adapter.control(control_request(payload)))
        court = Court(**payload["court"])
        if request.operation == "restrict":
            reference = adapter.restrict(request.request_no, court, payload["case_no"], payload["document_no"],
                                         Subject(**payload["subject"]), judge=payload.get("judge", ""),
                                         categories=payload.get("categories") or ())
            return Delivery(request.request_no, "completed", reference=reference)
        adapter.lift_restriction(request.request_no, court, payload["reference"])
        return Delivery(request.request_no, "completed", reference=payload["reference"])
    except Exception as exc:  # every failure of a provider call is an outcome to record
        return from_error(request.request_no, exc)


def ask(adapter: ProviderAdapter, request: ProviderRequest) -> Delivery:
    """Ask the provider what became of a request, by its number."""
    try:
        if request.kind == "query":
            return from_query(adapter.query_result(request.request_no))
        if request.kind == "control":
            return from_control(adapter.control_result(control_request(request.payload)))
    except Exception as exc:
        # the question failed, not the request: a bank that accepted a deduction and then went down before
        # its answer could be read has still paid it out. Only an answer may settle a request.
        return replace(from_error(request.request_no, exc), state="unknown")
    # restriction orders have no lookup; providers take them once per number, so asking is sending again
    return send(adapter, request)
