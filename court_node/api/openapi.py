"""``GET /openapi.json``: the OpenAPI 3 document, generated with apispec from the marshmallow schemas."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint, Response, current_app
from marshmallow import Schema

from court_node import __version__
from court_node.api.http import reply
from court_node.api.schemas.admin import (
    ClockMoveSchema,
    ClockSchema,
    FreezeRowsSchema,
    InvariantsSchema,
    ReconcileReportSchema,
)
from court_node.api.schemas.batches import (
    BatchItemsQuerySchema,
    BatchItemsSchema,
    BatchListQuerySchema,
    BatchListSchema,
    BatchRequestSchema,
    BatchSchema,
)
from court_node.api.schemas.cases import (
    CasePageSchema,
    CaseQuerySchema,
    CaseSchema,
    EventListSchema,
    FileCaseSchema,
    NoticeSchema,
)
from court_node.api.schemas.common import ErrorSchema
from court_node.api.schemas.deductions import DeductionBatchSchema, DeductionListSchema, DeductSchema
from court_node.api.schemas.fields import CaseNumberField, Instant, Yuan
from court_node.api.schemas.freezes import (
    FreezeBatchSchema,
    FreezeListSchema,
    FreezeQuerySchema,
    FreezeRequestSchema,
    FreezeSchema,
    ReleaseSchema,
    RenewSchema,
)
from court_node.api.schemas.inspections import InspectionListSchema, InspectionSchema, InspectSchema
from court_node.api.schemas.meta import HealthSchema, ProviderListSchema
from court_node.api.schemas.payments import PaymentSchema
from court_node.api.schemas.restrictions import RestrictionsSchema, RestrictSchema

bp = Blueprint("openapi", __name__)

_CASE_ID = [{"name": "case_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}]
_FREEZE_ID = [{"name": "freeze_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}]
_INSPECTION_ID = [{"name": "inspection_id", "in": "path", "required": True,
                   "schema": {"type": "integer", "minimum": 1}}]
_BATCH_ID = [{"name": "batch_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}]
_IDEMPOTENCY = [{"name": "Idempotency-Key", "in": "header", "required": False, "schema": {"type": "string",
                 "maxLength": 255}, "description": "the first answer under this key is stored and replayed"}]
_ERRORS = {
    "400": "bad input (MALFORMED_JSON, INVALID_FIELD naming the fields); nothing was changed",
    "401": "no token, or an unknown one", "403": "the user's role may not do this",
    "404": "no such case at the user's court", "409": "the state does not allow this now",
    "413": "body too large", "415": "the body is not application/json", "422": "a rule refuses it",
    "502": "a provider failed (PROVIDER_FAILED); nothing took effect there",
    "504": "a provider did not answer in time (PROVIDER_TIMEOUT); reconciliation settles the outcome",
}
_POSTED = ("400", "401", "403", "404", "409", "413", "415", "422")


@dataclass(frozen=True)
class Route:
    path: str
    method: str
    summary: str
    answer: tuple[int, type[Schema], str]
    body: type[Schema] | None = None
    query: type[Schema] | None = None
    path_params: list[dict[str, Any]] = field(default_factory=list)
    security: str | None = "bearer"
    roles: str = "any role"
    errors: tuple[str, ...] = ("401", "403", "404")


ROUTES = (
    Route("/health", "get", "Liveness, version and which providers answer", (200, HealthSchema, "the node is up"),
          security=None, errors=()),
    Route("/api/v1/providers", "get", "Configured providers with dialect, capabilities and health",
          (200, ProviderListSchema, "the providers in the configured order"), errors=("401",)),
    Route("/api/v1/cases", "post", "File an enforcement case for the user's court",
          (201, CaseSchema, "the case as filed"), body=FileCaseSchema, roles="judge or clerk",
          errors=("400", "401", "403", "409", "413", "415", "422")),
    Route("/api/v1/cases", "get", "The user's court's cases, newest first",
          (200, CasePageSchema, "one page of cases"), query=CaseQuerySchema, errors=("400", "401")),
    Route("/api/v1/cases/{case_id}", "get", "One case with amount due, frozen and collected now",
          (200, CaseSchema, "the case"), path_params=_CASE_ID),
    Route("/api/v1/cases/{case_id}/notice", "post", "Record service of the enforcement notice",
          (200, CaseSchema, "the case with the notice recorded"), body=NoticeSchema, path_params=_CASE_ID,
          roles="judge or clerk", errors=("400", "401", "403", "404", "409", "413", "415", "422")),
    Route("/api/v1/cases/{case_id}/events", "get", "The case's timeline, oldest first",
          (200, EventListSchema, "every action on the case"), path_params=_CASE_ID),
    Route("/api/v1/cases/{case_id}/inspections", "post",
          "Ask every (or the named) provider about the debtor, in parallel",
          (201, InspectionSchema, "the inspection with each provider's result: completed, pending or failed"),
          body=InspectSchema, path_params=_CASE_ID, roles="judge or clerk", errors=_POSTED),
    Route("/api/v1/cases/{case_id}/inspections", "get", "The case's inspections, oldest first",
          (200, InspectionListSchema, "the inspections"), path_params=_CASE_ID),
    Route("/api/v1/inspections/{inspection_id}", "get", "One inspection; pending results are asked for again",
          (200, InspectionSchema, "the inspection"), path_params=_INSPECTION_ID),
    Route("/api/v1/cases/{case_id}/freezes", "post",
          "Freeze: planned from the latest inspection (or an explicit plan), never over the amount due",
          (201, FreezeBatchSchema, "the plan and the freezes placed (200 with the plan only for dry_run)"),
          body=FreezeRequestSchema, path_params=_CASE_ID, roles="judge", errors=_POSTED),
    Route("/api/v1/cases/{case_id}/freezes", "get", "The case's freezes, read from their providers when stale",
          (200, FreezeListSchema, "the freezes"), query=FreezeQuerySchema, path_params=_CASE_ID,
          errors=("400", "401", "404")),
    Route("/api/v1/freezes/{freeze_id}", "get", "One freeze, read from its provider when stale",
          (200, FreezeSchema, "the freeze with its requests"), query=FreezeQuerySchema, path_params=_FREEZE_ID,
          errors=("400", "401", "404")),
    Route("/api/v1/freezes/{freeze_id}/renew", "post", "Renew an active freeze before it expires",
          (200, FreezeSchema, "the freeze renewed (202 while the provider has the request)"), body=RenewSchema,
          path_params=_FREEZE_ID, roles="judge", errors=(*_POSTED, "502", "504")),
    Route("/api/v1/freezes/{freeze_id}/release", "post", "Release a freeze under an unfreeze ruling",
          (200, FreezeSchema, "the freeze released (202 while the provider has the request)"), body=ReleaseSchema,
          path_params=_FREEZE_ID, roles="judge", errors=(*_POSTED, "502", "504")),
    Route("/api/v1/cases/{case_id}/deductions", "post",
          "Deduct frozen money into the court's enforcement account",
          (201, DeductionBatchSchema, "the deductions and the case after them"), body=DeductSchema,
          path_params=_CASE_ID, roles="judge", errors=(*_POSTED, "502", "504")),
    Route("/api/v1/cases/{case_id}/payments", "post",
          "Record a payment the debtor made to the court directly; what the case no longer needs is released",
          (201, CaseSchema, "the case after the payment"), body=PaymentSchema, path_params=_CASE_ID,
          roles="judge, clerk", errors=("400", "401", "403", "404", "409", "422")),
    Route("/api/v1/cases/{case_id}/deductions", "get", "The case's deductions, oldest first",
          (200, DeductionListSchema, "the deductions"), path_params=_CASE_ID),
    Route("/api/v1/cases/{case_id}/restrictions", "post",
          "List the debtor as dishonest and publish restriction orders to the providers",
          (201, RestrictionsSchema, "the listing and the orders"), body=RestrictSchema, path_params=_CASE_ID,
          roles="judge", errors=_POSTED),
    Route("/api/v1/cases/{case_id}/restrictions", "get", "The debtor's listing and restriction orders for the case",
          (200, RestrictionsSchema, "the listing and the orders"), path_params=_CASE_ID),
    Route("/api/v1/batches", "post",
          "Start a batch: file, serve the notice, inspect, freeze (planned) or deduct for many cases",
          (202, BatchSchema, "the batch's progress; Location: /api/v1/batches/{id}"), body=BatchRequestSchema,
          roles="judge or clerk (freeze and deduction: judge)",
          errors=("400", "401", "403", "409", "413", "415", "422")),
    Route("/api/v1/batches", "get", "The court's batches, newest first",
          (200, BatchListSchema, "the batches' progress"), query=BatchListQuerySchema, errors=("400", "401")),
    Route("/api/v1/batches/{batch_id}", "get", "A batch's progress",
          (200, BatchSchema, "done, succeeded and failed of total"), path_params=_BATCH_ID),
    Route("/api/v1/batches/{batch_id}/items", "get", "One page of a batch's items, in order",
          (200, BatchItemsSchema, "each item's state, result or error"), query=BatchItemsQuerySchema,
          path_params=_BATCH_ID, errors=("400", "401", "404")),
    Route("/_admin/clock", "get", "The simulated clock (loopback, admin token)", (200, ClockSchema, "the clock"),
          security="admin", roles="admin", errors=("401", "403")),
    Route("/_admin/clock", "post", "Move the simulated clock: exactly one of set, advance, stop, resume, reset",
          (200, ClockSchema, "the clock after the move"), body=ClockMoveSchema, security="admin", roles="admin",
          errors=("400", "401", "403", "415")),
    Route("/_admin/invariants", "get", "PRODUCT.md's invariants 5 and 7 over the node's records",
          (200, InvariantsSchema, "ok, and every violation found"), security="admin", roles="admin",
          errors=("401", "403")),
    Route("/_admin/freezes", "get", "Every court's freezes, to compare with the providers' books (invariant 6)",
          (200, FreezeRowsSchema, "the freezes, oldest first"), security="admin", roles="admin",
          errors=("401", "403")),
    Route("/_admin/reconcile", "post", "Resolve open provider requests, read live freezes, release the excess",
          (200, ReconcileReportSchema, "what reconciliation did"), security="admin", roles="admin",
          errors=("401", "403")),
    Route("/openapi.json", "get", "This document", (200, Schema, "OpenAPI 3"), security=None, errors=()),
)


def _operation(route: Route) -> dict[str, Any]:
    status, schema, description = route.answer
    answers: dict[str, Any] = {str(status): {"description": description, "content": {
        "application/json": {"schema": schema if schema is not Schema else {"type": "object"}}}}}
    for code in route.errors:
        answers[code] = {"description": _ERRORS[code], "content": {"application/json": {"schema": ErrorSchema}}}
    operation: dict[str, Any] = {"summary": route.summary, "responses": answers,
                                 "parameters": list(route.path_params)}
    if route.security:
        operation["security"] = [{route.security: []}]
        operation["description"] = f"Allowed: {route.roles}."
    if route.query is not None:
        operation["parameters"].append({"in": "query", "schema": route.query})
    if route.body is not None:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": route.body}}}
    if route.method == "post" and route.security == "bearer":
        operation["parameters"].extend(_IDEMPOTENCY)
    return operation


def build_spec() -> dict[str, Any]:
    """The whole OpenAPI document as a dict."""
    plugin = MarshmallowPlugin()
    spec = APISpec(title="freezesim court node", version=__version__, openapi_version="3.0.3", plugins=[plugin],
                   info={"description": "The court's network inspection and control service (网络执行查控系统). "
                                        "Money is a decimal yuan string; errors are {error: {code, message, "
                                        "details}}; every POST takes an Idempotency-Key."})
    for custom in (Yuan, Instant, CaseNumberField):
        plugin.map_to_openapi_type(custom, "string", None)  # type: ignore[no-untyped-call]
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer",
                                               "description": "a user's token: one court, one role"})
    spec.components.security_scheme("admin", {"type": "http", "scheme": "bearer",
                                              "description": "the node's admin token; loopback only"})
    spec.components.schema("Error", schema=ErrorSchema)
    paths: dict[str, dict[str, Any]] = {}
    for route in ROUTES:
        paths.setdefault(route.path, {})[route.method] = _operation(route)
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


@bp.get("/openapi.json")
def openapi_json() -> Response:
    cached: dict[str, Any] | None = current_app.config.get("COURT_NODE_OPENAPI")
    if cached is None:
        cached = current_app.config["COURT_NODE_OPENAPI"] = build_spec()
    return reply(cached)
