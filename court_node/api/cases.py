"""Case routes: file, list, read, serve the notice, the timeline."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response

from court_node.api.http import json_body, load, load_query, node_context, reply
from court_node.api.idempotency import idempotent
from court_node.api.schemas.cases import (
    CasePageSchema,
    CaseQuerySchema,
    CaseSchema,
    EventListSchema,
    FileCaseSchema,
    NoticeSchema,
)
from court_node.audit.chain import AuditEvent
from court_node.auth import current_user, requires
from court_node.services import cases as service
from court_node.services import sync

bp = Blueprint("cases", __name__, url_prefix="/api/v1/cases")

_case = CaseSchema()


@bp.post("")
@requires("judge", "clerk")
@idempotent
def file_case() -> Response:
    data = load(FileCaseSchema(), json_body())
    filing = service.Filing(
        case_number=data["case_number"], creditor=service.Party(**data["creditor"]),
        debtor=service.Party(**data["debtor"]), principal=data["principal"], costs=data["costs"],
        delay_interest=data["delay_interest"], judgment_date=data["judgment_date"],
        interest_from=data["interest_from"])
    view = service.file_case(node_context(), current_user(), filing)
    response = reply(_case.dump(view), 201)
    response.headers["Location"] = f"/api/v1/cases/{view.id}"
    return response


@bp.get("")
@requires()
def list_cases() -> Response:
    query = load_query(CaseQuerySchema())
    views, total = service.list_cases(node_context(), current_user(), **query)
    return reply(CasePageSchema().dump({"cases": views, "total": total, "limit": query["limit"],
                                        "offset": query["offset"]}))


@bp.get("/<int:case_id>")
@requires()
def get_case(case_id: int) -> Response:
    ctx, user = node_context(), current_user()
    sync.refresh_stale(ctx, user, case_id)  # what its freezes hold now, when last read a while ago
    return reply(_case.dump(service.get_case(ctx, user, case_id)))


@bp.post("/<int:case_id>/notice")
@requires("judge", "clerk")
@idempotent
def serve_notice(case_id: int) -> Response:
    data = load(NoticeSchema(), json_body())
    view = service.serve_notice(node_context(), current_user(), case_id, document_no=data["document_no"],
                                served_at=data["served_at"])
    return reply(_case.dump(view))


def event_json(event: AuditEvent) -> dict[str, Any]:
    user = None if event.user_id is None else {"id": event.user_id, "name": event.user_name,
                                                "role": event.user_role}
    return {"id": event.id, "at": event.at, "action": event.action, "user": user, "court": event.court_code,
            "document_no": event.document_no, "detail": event.detail}


@bp.get("/<int:case_id>/events")
@requires()
def case_events(case_id: int) -> Response:
    events = service.case_events(node_context(), current_user(), case_id)
    return reply(EventListSchema().dump({"events": [event_json(e) for e in events]}))
