"""Requests and answers of the case routes."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from court_node.api.schemas.common import CourtSchema, PartySchema, UserRefSchema, not_blank
from court_node.api.schemas.fields import CaseNumberField, Instant, Yuan, strict_bool
from court_node.store.tables.cases import CASE_STATUSES

MAX_PAGE = 200
_DATE = {"example": "2026-01-15"}


class FileCaseSchema(Schema):
    """POST /api/v1/cases: file an enforcement case (立案)."""

    case_number = CaseNumberField(required=True)
    creditor = fields.Nested(PartySchema, required=True)
    debtor = fields.Nested(PartySchema, required=True)
    principal = Yuan(required=True)
    costs = Yuan(required=True, allow_zero=True, metadata={"description": "enforcement costs (执行费), yuan"})
    delay_interest = strict_bool(load_default=False, metadata={
        "description": "charge the doubled interest for late performance, 0.0175 % a day on unpaid principal"})
    judgment_date = fields.Date(required=True, metadata=_DATE)
    interest_from = fields.Date(load_default=None, metadata={
        "description": "first day delay interest runs; default the day after the judgment date", **_DATE})


class NoticeSchema(Schema):
    """POST /api/v1/cases/<id>/notice: service of the enforcement notice (执行通知书)."""

    document_no = fields.String(required=True, validate=[validate.Length(min=1, max=100), not_blank],
                                metadata={"example": "（2026）京0101执123号通知书"})
    served_at = Instant(load_default=None, metadata={"description": "when it was served; default now"})


class CaseQuerySchema(Schema):
    """GET /api/v1/cases query string."""

    status = fields.String(load_default=None, validate=validate.OneOf(CASE_STATUSES))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=MAX_PAGE))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**62))


class AmountDueSchema(Schema):
    costs_unpaid = Yuan(allow_zero=True)
    principal_unpaid = Yuan(allow_zero=True)
    interest_accrued = Yuan(allow_zero=True)
    interest_unpaid = Yuan(allow_zero=True)


class CaseSchema(Schema):
    """A case with what is due, frozen and collected now."""

    id = fields.Integer()
    case_number = CaseNumberField()
    court = fields.Nested(CourtSchema)
    creditor = fields.Nested(PartySchema)
    debtor = fields.Nested(PartySchema)
    principal = Yuan()
    costs = Yuan(allow_zero=True)
    delay_interest = fields.Boolean()
    judgment_date = fields.Date(metadata=_DATE)
    interest_from = fields.Date(metadata=_DATE)
    status = fields.String(validate=validate.OneOf(CASE_STATUSES))
    amount_due = Yuan(allow_zero=True, metadata={"description": "owed now: costs, principal, delay interest"})
    amount_due_detail = fields.Nested(AmountDueSchema)
    as_of = fields.Date(metadata={"description": "the Beijing day the amounts are computed for", **_DATE})
    frozen = Yuan(allow_zero=True, metadata={"description": "held by this case's active freezes"})
    collected = Yuan(allow_zero=True)
    filed_at = Instant()
    filed_by = fields.Nested(UserRefSchema)
    notice_served_at = Instant(allow_none=True)
    notice_document_no = fields.String(allow_none=True)
    deductions_allowed_from = fields.Date(allow_none=True, metadata={
        "description": "the notice's Beijing day plus the grace period; null until the notice is served"})
    closed_at = Instant(allow_none=True)


class CasePageSchema(Schema):
    cases = fields.List(fields.Nested(CaseSchema))
    total = fields.Integer()
    limit = fields.Integer()
    offset = fields.Integer()


class EventSchema(Schema):
    """One entry of a case's timeline."""

    id = fields.Integer()
    at = Instant()
    action = fields.String(metadata={"example": "case.filed"})
    user = fields.Nested(UserRefSchema, allow_none=True)
    court = fields.String(metadata={"example": "京0101"})
    document_no = fields.String()
    detail = fields.Dict()


class EventListSchema(Schema):
    events = fields.List(fields.Nested(EventSchema))
