"""The outbox: every provider request is recorded, with its number, before it is sent (never lose or double it).

Life of a request (``provider_requests.state``): ``prepared`` (written with the records it will change, in the
caller's transaction) -> ``sent`` (an attempt is leaving) -> ``completed`` (answered, the answer may be a
refusal) | ``pending`` (an asynchronous provider will answer later) | ``failed`` (refused as a whole, or it
never reached the provider) | ``unknown`` (no answer: it may have taken effect). The request number is chosen
once and reused by every retry, so the provider applies it at most once. ``reconcile`` resolves the open states.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from sqlalchemy import Connection

from court_node.context import NodeContext
from court_node.services import outcomes
from court_node.services.parallel import GRACE_S, run_all
from court_node.services.payloads import control_outcome, control_outcome_json, query_outcome_json
from court_node.services.provider_calls import Delivery, ask, send
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

    A request whose call is still running at its deadline is recorded as ``unknown`` for now; the call records
    the real answer if it ends later, and the reconciler asks otherwise.
    """
    return _in_parallel(ctx, deliver, requests, user)


def resolve_all(ctx: NodeContext, requests: Mapping[str, str], user: User | None = None) -> dict[str, Delivery]:
    """``resolve`` several open requests (request number -> provider) in parallel."""
    return _in_parallel(ctx, resolve, requests, user)


def _in_parallel(ctx: NodeContext, step: Callable[[NodeContext, str, User | None], Delivery],
                 requests: Mapping[str, str], user: User | None) -> dict[str, Delivery]:
    calls = {no: partial(step, ctx, no, user) for no in requests}
    deadlines = {no: _deadline(ctx, provider) for no, provider in requests.items()}
    deliveries: dict[str, Delivery] = {}
    for no, result in run_all(calls, deadlines, name="provider-request").items():
        if result.value is not None:
            deliveries[no] = result.value
            continue
        reason = "no answer in time" if result.timed_out else f"the call failed: {result.error}"
        with ctx.store.read() as conn:
            request = _request(conn, no)
        deliveries[no] = finish(ctx, request, Delivery(no, "unknown", error_code="PROVIDER_TIMEOUT",
                                                       error_message=reason), user)
    return deliveries


def _deadline(ctx: NodeContext, provider: str) -> float:
    adapter = ctx.adapters.get(provider)
    return (adapter.config.timeout_s if adapter is not None else 0.0) + GRACE_S
