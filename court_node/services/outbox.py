"""The outbox: every provider request is recorded, with its number, before it is sent (never lose or double it).

Life of a request (``provider_requests.state``): ``prepared`` (written with the records it will change, in the
caller's transaction) -> ``sent`` (an attempt is leaving) -> ``completed`` (answered, the answer may be a
refusal) | ``pending`` (an asynchronous provider will answer later) | ``failed`` (refused as a whole, or it
never reached the provider) | ``unknown`` (no answer: it may have taken effect). The request number is chosen
once and reused by every retry, so the provider applies it at most once. ``reconcile`` resolves the open states.
"""

from __future__ import annotations

import logging
import math
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from court_node.adapters.base import ProviderAdapter
from court_node.context import NodeContext
from court_node.services import outcomes
from court_node.services.parallel import GRACE_S, run_all
from court_node.services.payloads import (
    control_outcome,
    control_outcome_json,
    control_request,
    query_outcome_json,
    query_request,
)
from court_node.services.provider_calls import Delivery, ask, from_control, from_error, from_query, send
from court_node.store import outbox_repo
from court_node.store.outbox_repo import ProviderRequest
from court_node.store.users_repo import User

log = logging.getLogger(__name__)

_LETTERS = {"query": "Q", "freeze": "F", "renew": "N", "release": "R", "deduct": "D", "restrict": "S", "lift": "L",
            "status": "T"}


def new_request_no(operation: str, case_id: int) -> str:
    """A fresh request number: letters, digits and '-', at most 32 characters, so that every dialect takes it."""
    return f"{_LETTERS[operation]}{case_id}-{uuid.uuid4().hex}"[:32]


def prepare(ctx: NodeContext, conn: Connection, *, provider: str, kind: str, operation: str, case_id: int,
            payload: Mapping[str, Any], freeze_id: int | None = None) -> str:
    """Write a request to the outbox in the caller's transaction; its number is ``payload["request_no"]``."""
    request_no = str(payload["request_no"])
    outbox_repo.insert_request(conn, request_no=request_no, provider=provider, kind=kind, operation=operation,
                               case_id=case_id, payload=payload, now=ctx.clock.now_us(), freeze_id=freeze_id)
    return request_no


def deliver(ctx: NodeContext, request_no: str, user: User | None) -> Delivery:
    """Send a prepared request and record what came of it; a request answered already is not sent again."""
    with ctx.store.write() as conn:
        request = _request(conn, request_no)
        if not request.open or request.state == "pending":
            return stored_delivery(request)
        outbox_repo.mark_sent(conn, request_no, ctx.clock.now_us())
    adapter = ctx.adapters.get(request.provider)
    if adapter is None:
        return finish(ctx, request, _unconfigured(request), user)
    return finish(ctx, request, send(adapter, request), user)


def resolve(ctx: NodeContext, request_no: str, user: User | None = None) -> Delivery:
    """Ask the provider, by number, what became of an open request; one it never saw is sent again."""
    with ctx.store.read() as conn:
        request = _request(conn, request_no)
    if not request.open:
        return stored_delivery(request)
    adapter = ctx.adapters.get(request.provider)
    if adapter is None:
        return stored_delivery(request)  # its provider is no longer configured: leave it for when it is
    return finish(ctx, request, _resolved(ctx, adapter, request), user)


def _resolved(ctx: NodeContext, adapter: ProviderAdapter, request: ProviderRequest) -> Delivery:
    """The provider's answer about an open request, sending it again when the provider never saw it."""
    delivery = ask(adapter, request)
    if delivery.state == "not_found":
        with ctx.store.write() as conn:
            outbox_repo.mark_sent(conn, request.request_no, ctx.clock.now_us())
        delivery = send(adapter, request)
    return delivery


def finish(ctx: NodeContext, request: ProviderRequest, delivery: Delivery, user: User | None) -> Delivery:
    """Record ``delivery`` on the request and apply it to the records, in one transaction."""
    return finish_many(ctx, [(request, delivery)], user, strict=True)[request.request_no]


def finish_many(ctx: NodeContext, answers: Sequence[tuple[ProviderRequest, Delivery]], user: User | None, *,
                strict: bool = False) -> dict[str, Delivery]:
    """``finish`` for several requests in ONE write transaction, each recorded exactly as ``finish`` records it.

    Each answer is applied in its own savepoint. Unless ``strict``, an answer whose records cannot be updated (a
    defect, not the store failing) is logged and left out: its request stays open for the reconciler, and the
    delivery returned for it is ``unknown``.
    """
    if not answers:
        return {}
    recorded: dict[str, Delivery] = {}
    with ctx.store.write() as conn, ctx.audit.held(conn) as trail:
        currents = outbox_repo.requests_by_nos(conn, [r.request_no for r, _ in answers])
        now = ctx.clock.now_us()
        for request, delivery in answers:
            no = request.request_no
            current = currents.get(no)
            if current is None:
                raise LookupError(f"no provider request {no}")
            if not current.open:
                recorded[no] = stored_delivery(current)  # another thread or process recorded the answer first
                continue
            if delivery.state in ("unknown", "not_found") and current.state == "pending":
                recorded[no] = stored_delivery(current)  # accepted before: a lost poll says nothing new
                continue
            state = current.state if delivery.state == "not_found" else delivery.state
            outcome, error = _outcome_json(delivery), _error_text(delivery)
            mark = trail.mark()
            try:
                with conn.begin_nested():
                    outbox_repo.record(conn, no, state=state, now=now, outcome=outcome, error=error)
                    outcomes.apply(ctx, conn, current, delivery, user)
            except SQLAlchemyError:
                raise  # the store failed: nothing of this transaction is kept, every request stays open
            except Exception:
                trail.undo(mark)
                if strict:
                    raise
                log.exception("provider request %s: its answer could not be recorded", no)
                recorded[no] = Delivery(no, "unknown", error_code="INTERNAL_ERROR",
                                        error_message="the answer could not be recorded; it is asked for again")
                continue
            currents[no] = replace(current, state=state, outcome=outcome, last_error=error, updated_at=now)
            recorded[no] = delivery
    return recorded


def stored_delivery(request: ProviderRequest) -> Delivery:
    """The delivery an earlier attempt recorded."""
    data = request.outcome or {}
    control = data.get("control")
    state = request.state if request.state != "sent" else "unknown"
    return Delivery(request.request_no, state, control=None if control is None else control_outcome(
        request.request_no, control), reference=data.get("reference", ""), error_code=data.get("error_code", ""),
        error_message=data.get("error_message", ""))


def _request(conn: Connection, request_no: str) -> ProviderRequest:
    request = outbox_repo.request_by_no(conn, request_no)
    if request is None:
        raise LookupError(f"no provider request {request_no}")
    return request


def _unconfigured(request: ProviderRequest) -> Delivery:
    return Delivery(request.request_no, "failed", error_code="PROVIDER_NOT_CONFIGURED",
                    error_message=f"provider {request.provider!r} is not configured on this node")


def _outcome_json(delivery: Delivery) -> dict[str, Any]:
    data: dict[str, Any] = {"state": delivery.state, "error_code": delivery.error_code,
                            "error_message": delivery.error_message[:2000], "reference": delivery.reference}
    if delivery.control is not None:
        data["control"] = control_outcome_json(delivery.control)
    if delivery.query is not None:
        data["query"] = {k: v for k, v in query_outcome_json(delivery.query).items() if k != "accounts"}
    return data


def _error_text(delivery: Delivery) -> str:
    if not delivery.error_code:
        return ""
    return f"{delivery.error_code}: {delivery.error_message}"[:2000]


def deliver_all(ctx: NodeContext, requests: Mapping[str, str], user: User | None) -> dict[str, Delivery]:
    """Send several prepared requests (request number -> provider) in parallel, each within its own deadline.

    Queries and control requests to a provider whose adapter has batch forms go to it together, 500 a call;
    every other request is one call, ``provider_parallelism`` calls at once. The requests are read and marked
    sent in one transaction, and the answers that come back in time are recorded together in another
    (``finish_many``), each exactly as ``deliver`` records it. A request whose call is still running at its
    deadline is recorded as ``unknown`` for now; the call records the real answer if it ends later, and the
    reconciler asks otherwise.
    """
    if not requests:
        return {}
    settled: dict[str, Delivery] = {}
    to_send: list[ProviderRequest] = []
    with ctx.store.write() as conn:
        found = _requests(conn, requests)
        for request in found.values():
            if not request.open or request.state == "pending":
                settled[request.request_no] = stored_delivery(request)
            else:
                to_send.append(request)
        outbox_repo.mark_sent_many(conn, [r.request_no for r in to_send], ctx.clock.now_us())
    answered = _in_parallel(ctx, to_send, user, _send_one, _send_many)
    settled.update(answered)
    return {no: settled[no] for no in requests}


def resolve_all(ctx: NodeContext, requests: Mapping[str, str], user: User | None = None) -> dict[str, Delivery]:
    """``resolve`` several open requests (request number -> provider) in parallel, batched as ``deliver_all``."""
    if not requests:
        return {}
    with ctx.store.read() as conn:
        found = _requests(conn, requests)
    # a closed request keeps its answer; one whose provider is no longer configured is left for when it is
    settled = {no: stored_delivery(r) for no, r in found.items() if not r.open or r.provider not in ctx.adapters}
    asking = [r for r in found.values() if r.request_no not in settled]
    settled.update(_in_parallel(ctx, asking, user, _resolve_one, _resolve_many))
    return {no: settled[no] for no in requests}


def _requests(conn: Connection, requests: Mapping[str, str]) -> dict[str, ProviderRequest]:
    found = outbox_repo.requests_by_nos(conn, list(requests))
    missing = [no for no in requests if no not in found]
    if missing:
        raise LookupError(f"no provider request {missing[0]}")
    return found


#: what a provider's batch forms carry; restriction orders always go one by one
_BATCHED_KINDS = ("query", "control")
#: one request's call: its answer, not recorded yet
Single = Callable[[NodeContext, ProviderAdapter, ProviderRequest], Delivery]
#: the calls for requests of one kind to one provider through its batch forms: their answers, in order
Batched = Callable[[NodeContext, ProviderAdapter, str, list[ProviderRequest]], list[Delivery]]
Answers = list[tuple[ProviderRequest, Delivery]]


class _Handover:
    """Answers the calls hand over for recording together, until the caller stops waiting.

    A call that ends after that records its own answer (it was left behind at its deadline)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.answers: dict[str, tuple[ProviderRequest, Delivery]] = {}
        self.closed = False

    def take(self) -> dict[str, tuple[ProviderRequest, Delivery]]:
        with self.lock:
            self.closed = True
            return dict(self.answers)


def _handed_over(ctx: NodeContext, handover: _Handover, user: User | None, call: Callable[[], Answers]) -> None:
    answers = call()
    with handover.lock:
        if not handover.closed:
            handover.answers.update((r.request_no, (r, d)) for r, d in answers)
            return
    finish_many(ctx, answers, user)  # left behind: the caller recorded these as unknown for now


def _in_parallel(ctx: NodeContext, requests: Sequence[ProviderRequest], user: User | None, single: Single,
                 batched: Batched) -> dict[str, Delivery]:
    jobs: dict[str, Callable[[], None]] = {}
    members: dict[str, list[ProviderRequest]] = {}
    deadlines: dict[str, float] = {}
    answers: dict[str, tuple[ProviderRequest, Delivery]] = {}
    handover = _Handover()
    groups = _batch_groups(ctx, requests)
    grouped = {r.request_no for rs in groups.values() for r in rs}
    for request in requests:
        if request.request_no in grouped:
            continue
        adapter = ctx.adapters.get(request.provider)
        if adapter is None:
            answers[request.request_no] = (request, _unconfigured(request))
            continue
        no = request.request_no
        jobs[no] = partial(_handed_over, ctx, handover, user, partial(_one, single, ctx, adapter, request))
        members[no], deadlines[no] = [request], _deadline(ctx, request.provider)
    for (provider, kind), batch in groups.items():
        key = f"{provider}/{kind}"
        jobs[key] = partial(_handed_over, ctx, handover, user, partial(
            _many, batched, ctx, ctx.adapters[provider], kind, batch))
        members[key], deadlines[key] = batch, _deadline(ctx, provider, calls=math.ceil(len(batch) / _BATCH_SIZE))
    finished = run_all(jobs, deadlines, name="provider-request", max_workers=ctx.settings.provider_parallelism)
    answers.update(handover.take())
    for key, result in finished.items():
        reason = "no answer in time" if result.timed_out else f"the call failed: {result.error}"
        for request in members[key]:
            if request.request_no not in answers:
                answers[request.request_no] = (request, Delivery(request.request_no, "unknown",
                                                                 error_code="PROVIDER_TIMEOUT", error_message=reason))
    return finish_many(ctx, list(answers.values()), user)


#: requests in one batch call (the adapter cuts larger groups itself; this only sizes the deadline)
_BATCH_SIZE = 500


def _one(single: Single, ctx: NodeContext, adapter: ProviderAdapter, request: ProviderRequest) -> Answers:
    return [(request, single(ctx, adapter, request))]


def _many(batched: Batched, ctx: NodeContext, adapter: ProviderAdapter, kind: str,
          requests: list[ProviderRequest]) -> Answers:
    return list(zip(requests, batched(ctx, adapter, kind, requests), strict=True))


def _send_one(ctx: NodeContext, adapter: ProviderAdapter, request: ProviderRequest) -> Delivery:
    return send(adapter, request)


def _resolve_one(ctx: NodeContext, adapter: ProviderAdapter, request: ProviderRequest) -> Delivery:
    return _resolved(ctx, adapter, request)


def _batch_groups(ctx: NodeContext, requests: Sequence[ProviderRequest]) -> dict[tuple[str, str],
                                                                               list[ProviderRequest]]:
    """(provider, kind) -> requests, for the queries and control requests of adapters with batch forms."""
    groups: dict[tuple[str, str], list[ProviderRequest]] = {}
    for request in requests:
        adapter = ctx.adapters.get(request.provider)
        if adapter is not None and request.kind in _BATCHED_KINDS and adapter.capabilities().batch:
            groups.setdefault((request.provider, request.kind), []).append(request)
    return groups


def _resolve_many(ctx: NodeContext, adapter: ProviderAdapter, kind: str,
                  requests: list[ProviderRequest]) -> list[Delivery]:
    """``resolve``'s calls for requests of one kind to one provider: their results read, and the unseen ones
    resent, through its batch forms."""
    asked = _ask_many(adapter, kind, requests)
    unseen = [r for r, d in zip(requests, asked, strict=True) if d.state == "not_found"]
    if not unseen:
        return asked
    with ctx.store.write() as conn:
        outbox_repo.mark_sent_many(conn, [r.request_no for r in unseen], ctx.clock.now_us())
    resent = {r.request_no: d for r, d in zip(unseen, _send_many(ctx, adapter, kind, unseen), strict=True)}
    return [resent.get(r.request_no, d) for r, d in zip(requests, asked, strict=True)]


def _send_many(ctx: NodeContext, adapter: ProviderAdapter, kind: str,
               requests: Sequence[ProviderRequest]) -> list[Delivery]:
    """``send`` for each request, in one batch form call per 500."""
    built: dict[str, Any] = {}
    failed: dict[str, Delivery] = {}
    for request in requests:
        try:
            built[request.request_no] = (query_request if kind == "query" else control_request)(request.payload)
        except Exception as exc:  # a stored payload the adapter cannot read fails as its single send would
            failed[request.request_no] = from_error(request.request_no, exc)
    numbers = list(built)
    if kind == "query":
        answers = [_delivered(no, a, from_query) for no, a in zip(numbers, adapter.query_many(
            list(built.values())), strict=True)]
    else:
        answers = [_delivered(no, a, from_control) for no, a in zip(numbers, adapter.control_many(
            list(built.values())), strict=True)]
    sent = dict(zip(numbers, answers, strict=True))
    return [failed.get(r.request_no) or sent[r.request_no] for r in requests]


def _ask_many(adapter: ProviderAdapter, kind: str, requests: Sequence[ProviderRequest]) -> list[Delivery]:
    """``ask`` for each request, in one batch read per 500."""
    if not requests:
        return []
    numbers = [r.request_no for r in requests]
    try:
        if kind == "query":
            return [_asked(no, a, from_query) for no, a in zip(numbers, adapter.query_results(numbers), strict=True)]
        controls = [control_request(r.payload) for r in requests]
        return [_asked(no, a, from_control) for no, a in zip(numbers, adapter.control_results(controls),
                                                             strict=True)]
    except Exception as exc:
        return [_asked(no, exc, from_control) for no in numbers]


def _delivered(request_no: str, answer: Any, convert: Callable[[Any], Delivery]) -> Delivery:
    if isinstance(answer, Exception):
        return from_error(request_no, answer)
    return convert(answer)


def _asked(request_no: str, answer: Any, convert: Callable[[Any], Delivery]) -> Delivery:
    """As ``ask``: a failed question leaves the request unknown; only an answer may settle it."""
    if isinstance(answer, Exception):
        return replace(from_error(request_no, answer), state="unknown")
    return convert(answer)


def _deadline(ctx: NodeContext, provider: str, calls: int = 1) -> float:
    adapter = ctx.adapters.get(provider)
    return (adapter.config.timeout_s * calls if adapter is not None else 0.0) + GRACE_S
