"""The outbox: every provider request is recorded, with its number, before it is sent (never lose or double it).

Life of a request (``provider_requests.state``): ``prepared`` (written with the records it will change, in the
caller's transaction) -> ``sent`` (an attempt is leaving) -> ``completed`` (answered, the answer may be a
refusal) | ``pending`` (an asynchronous provider will answer later) | ``failed`` (refused as a whole, or it
never reached the provider) | ``unknown`` (no answer: it may have taken effect). The request number is chosen
once and reused by every retry, so the provider applies it at most once. ``reconcile`` resolves the open states.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from typing import Any

from sqlalchemy import Connection

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
    delivery = ask(adapter, request)
    if delivery.state == "not_found":
        with ctx.store.write() as conn:
            outbox_repo.mark_sent(conn, request_no, ctx.clock.now_us())
        delivery = send(adapter, request)
    return finish(ctx, request, delivery, user)


def finish(ctx: NodeContext, request: ProviderRequest, delivery: Delivery, user: User | None) -> Delivery:
    """Record ``delivery`` on the request and apply it to the records, in one transaction."""
    with ctx.store.write() as conn:
        current = _request(conn, request.request_no)
        if not current.open:
            return stored_delivery(current)  # another thread or process recorded the answer first
        if delivery.state in ("unknown", "not_found") and current.state == "pending":
            return stored_delivery(current)  # accepted before: a lost poll says nothing new
        state = current.state if delivery.state == "not_found" else delivery.state
        outbox_repo.record(conn, request.request_no, state=state, now=ctx.clock.now_us(),
                           outcome=_outcome_json(delivery), error=_error_text(delivery))
        outcomes.apply(ctx, conn, current, delivery, user)
    return delivery


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
    every other request is one call, ``provider_parallelism`` calls at once. Each request's outcome is recorded
    exactly as ``deliver`` records it. A request whose call is still running at its deadline is recorded as
    ``unknown`` for now; the call records the real answer if it ends later, and the reconciler asks otherwise.
    """
    return _in_parallel(ctx, requests, user, deliver, _deliver_batch)


def resolve_all(ctx: NodeContext, requests: Mapping[str, str], user: User | None = None) -> dict[str, Delivery]:
    """``resolve`` several open requests (request number -> provider) in parallel, batched as ``deliver_all``."""
    return _in_parallel(ctx, requests, user, resolve, _resolve_batch)


#: what a provider's batch forms carry; restriction orders always go one by one
_BATCHED_KINDS = ("query", "control")
Single = Callable[[NodeContext, str, User | None], Delivery]
Batched = Callable[[NodeContext, ProviderAdapter, str, list[str], User | None], dict[str, Delivery]]


def _in_parallel(ctx: NodeContext, requests: Mapping[str, str], user: User | None, single: Single,
                 batched: Batched) -> dict[str, Delivery]:
    jobs: dict[str, Callable[[], dict[str, Delivery]]] = {}
    members: dict[str, list[str]] = {}
    deadlines: dict[str, float] = {}
    groups = _batch_groups(ctx, requests)
    grouped = {no for nos in groups.values() for no in nos}
    for no, provider in requests.items():
        if no not in grouped:
            jobs[no] = partial(_one, single, ctx, no, user)
            members[no], deadlines[no] = [no], _deadline(ctx, provider)
    for (provider, kind), nos in groups.items():
        key = f"{provider}/{kind}"
        jobs[key] = partial(batched, ctx, ctx.adapters[provider], kind, nos, user)
        members[key], deadlines[key] = nos, _deadline(ctx, provider, calls=math.ceil(len(nos) / _BATCH_SIZE))
    deliveries: dict[str, Delivery] = {}
    finished = run_all(jobs, deadlines, name="provider-request", max_workers=ctx.settings.provider_parallelism)
    for key, result in finished.items():
        deliveries.update(result.value or {})
        reason = "no answer in time" if result.timed_out else f"the call failed: {result.error}"
        for no in members[key]:
            if no in deliveries:
                continue
            with ctx.store.read() as conn:
                request = _request(conn, no)
            deliveries[no] = finish(ctx, request, Delivery(no, "unknown", error_code="PROVIDER_TIMEOUT",
                                                           error_message=reason), user)
    return {no: deliveries[no] for no in requests}


#: requests in one batch call (the adapter cuts larger groups itself; this only sizes the deadline)
_BATCH_SIZE = 500


def _one(step: Single, ctx: NodeContext, request_no: str, user: User | None) -> dict[str, Delivery]:
    return {request_no: step(ctx, request_no, user)}


def _batch_groups(ctx: NodeContext, requests: Mapping[str, str]) -> dict[tuple[str, str], list[str]]:
    """(provider, kind) -> request numbers, for the queries and control requests of adapters with batch forms."""
    batching = {name for name in set(requests.values())
                if (adapter := ctx.adapters.get(name)) is not None and adapter.capabilities().batch}
    if not batching:
        return {}
    groups: dict[tuple[str, str], list[str]] = {}
    with ctx.store.read() as conn:
        for no, provider in requests.items():
            request = outbox_repo.request_by_no(conn, no) if provider in batching else None
            if request is not None and request.kind in _BATCHED_KINDS:
                groups.setdefault((provider, request.kind), []).append(no)
    return groups


def _deliver_batch(ctx: NodeContext, adapter: ProviderAdapter, kind: str, request_nos: list[str],
                   user: User | None) -> dict[str, Delivery]:
    """``deliver`` for requests of one kind to one provider, sent through its batch form."""
    deliveries: dict[str, Delivery] = {}
    to_send: list[ProviderRequest] = []
    with ctx.store.write() as conn:
        for no in request_nos:
            request = _request(conn, no)
            if not request.open or request.state == "pending":
                deliveries[no] = stored_delivery(request)
                continue
            outbox_repo.mark_sent(conn, no, ctx.clock.now_us())
            to_send.append(request)
    for request, delivery in zip(to_send, _send_many(adapter, kind, to_send), strict=True):
        deliveries[request.request_no] = finish(ctx, request, delivery, user)
    return deliveries


def _resolve_batch(ctx: NodeContext, adapter: ProviderAdapter, kind: str, request_nos: list[str],
                   user: User | None) -> dict[str, Delivery]:
    """``resolve`` for requests of one kind to one provider: their results read, and the unseen ones resent,
    through its batch forms."""
    with ctx.store.read() as conn:
        requests = [_request(conn, no) for no in request_nos]
    deliveries = {r.request_no: stored_delivery(r) for r in requests if not r.open}
    asking = [r for r in requests if r.open]
    asked = _ask_many(adapter, kind, asking)
    unseen = [r for r, d in zip(asking, asked, strict=True) if d.state == "not_found"]
    resent: dict[str, Delivery] = {}
    if unseen:
        with ctx.store.write() as conn:
            for request in unseen:
                outbox_repo.mark_sent(conn, request.request_no, ctx.clock.now_us())
        resent = {r.request_no: d for r, d in zip(unseen, _send_many(adapter, kind, unseen), strict=True)}
    for request, delivery in zip(asking, asked, strict=True):
        deliveries[request.request_no] = finish(ctx, request, resent.get(request.request_no, delivery), user)
    return deliveries


def _send_many(adapter: ProviderAdapter, kind: str, requests: Sequence[ProviderRequest]) -> list[Delivery]:
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
