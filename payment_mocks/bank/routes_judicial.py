"""``/judicial/v1``: queries and control requests accepted first and answered later; restriction orders."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response
from marshmallow import Schema

from payment_mocks.bank import feedback, store
from payment_mocks.bank.auth import authenticate, current_node
from payment_mocks.bank.dialect import BankRefusal, error_body, from_ledger, json_bytes, json_response
from payment_mocks.bank.processing import delay_us, processing_delay
from payment_mocks.bank.schemas import ControlSchema, LiftSchema, QuerySchema, RestrictionSchema, load
from payment_mocks.bank.wire import note_request_no, read_json, replay
from payment_mocks.ledger import LedgerError, Restriction, fingerprint
from payment_mocks.ledger.errors import NotFreezeOwner, SubjectNotFound
from payment_mocks.runtime import current_provider

judicial = Blueprint("bank_judicial", __name__, url_prefix="/judicial/v1")
judicial.before_request(authenticate)


def request_scope(node_id: str) -> str:
    """Request numbers are unique per node, across queries, control requests and restriction orders."""
    return "bank:" + node_id


@judicial.post("/queries")
def submit_query() -> Response:
    return _accept("query", QuerySchema())


@judicial.post("/controls")
def submit_control() -> Response:
    return _accept("control", ControlSchema())


def _accept(kind: str, schema: Schema) -> Response:
    """Validate everything now, store the request with its 202 answer, process it when it falls due."""
    node = current_node()
    data = load(schema, read_json())
    note_request_no(data["request_no"])
    callback_url = data.pop("callback_url", None)  # where to deliver, not what to do: outside the fingerprint
    provider = current_provider()
    scope, print_ = request_scope(node), fingerprint(kind, data)
    delay = delay_us(processing_delay(provider))
    with provider.ledger.transaction() as tx:
        stored = tx.stored_reply(scope, data["request_no"], print_)
        if stored is not None:
            return replay(stored)
        request = store.insert(tx, node_id=node, kind=kind, body=data, callback_url=callback_url,
                               due_at=tx.now_us + delay)
        body = json_bytes(feedback.accepted(request))
        tx.save_reply(scope, data["request_no"], print_, 202, body)
    return Response(body, status=202, mimetype="application/json")


@judicial.get("/requests/<request_no>/feedback")
def get_feedback(request_no: str) -> Response:
    node = current_node()
    note_request_no(request_no)
    with current_provider().ledger.transaction() as tx:  # settles first: a request due by now is answered
        found = store.find(tx, node, request_no)
    if found is None:
        raise BankRefusal(404, "REQUEST_NOT_FOUND", f"no request {request_no!r} from node {node}", "/request_no")
    return json_response(200, feedback.feedback(found))


def restriction_view(restriction: Restriction) -> dict[str, Any]:
    return {
        "restriction_id": restriction.id,
        "court_code": restriction.authority_code,
        "court_name": restriction.authority_name,
        "case_no": restriction.case_no,
        "document_no": restriction.document_no,
        "categories": sorted(restriction.categories),
        "status": "in_force" if restriction.lifted_at is None else "lifted",
        "issued_at": feedback.instant(restriction.issued_at),
        "lifted_at": feedback.instant(restriction.lifted_at),
    }


@judicial.post("/restrictions")
def publish_restriction() -> Response:
    """A consumption restriction order (限制消费令), in force at once: synchronous, idempotent by request_no."""
    node = current_node()
    data = load(RestrictionSchema(), read_json())
    note_request_no(data["request_no"])
    provider = current_provider()
    scope, print_ = request_scope(node), fingerprint("restriction", data)
    with provider.ledger.transaction() as tx:
        stored = tx.stored_reply(scope, data["request_no"], print_)
        if stored is not None:
            return replay(stored)
        subject = data["subject"]
        try:
            with tx.savepoint():
                holder = tx.check_identity(subject["name"], subject["id_type"], subject["id_number"])
                order = tx.restrict(
                    holder, authority_code=data["court"]["code"], authority_name=data["court"]["name"],
                    document_no=data["document_no"], case_no=data["case_no"],
                    categories=frozenset(data["categories"]) if data.get("categories") else None,
                )
        except LedgerError as exc:
            if exc.kind != "refused":
                raise
            refusal = from_ledger(exc)
            status, body = refusal.status, json_bytes(error_body(refusal.code, refusal.message, refusal.field))
        else:
            status, body = 201, json_bytes({"request_no": data["request_no"], **restriction_view(order)})
        tx.save_reply(scope, data["request_no"], print_, status, body)
    return Response(body, status=status, mimetype="application/json")


@judicial.post("/restrictions/<int:restriction_id>/lift")
def lift_restriction(restriction_id: int) -> Response:
    """Lift an order; only the court that issued it may. Lifting twice answers the same."""
    data = load(LiftSchema(), read_json())
    with current_provider().ledger.transaction() as tx:
        try:
            order = tx.lift_restriction(restriction_id, data["court"]["code"])
        except SubjectNotFound:
            raise BankRefusal(404, "RESTRICTION_NOT_FOUND", f"no restriction order {restriction_id}") from None
        except NotFreezeOwner:
            raise BankRefusal(403, "NOT_RESTRICTION_OWNER", "this order was issued by another court",
                            "/court/code") from None
    return json_response(200, restriction_view(order))
