"""Requests and answers of the deduction routes."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from court_node.api.schemas.cases import CaseSchema
from court_node.api.schemas.fields import Instant, Yuan
from court_node.api.schemas.freezes import document
from court_node.api.schemas.inspections import error_of


class DeductSchema(Schema):
    """POST /api/v1/cases/<id>/deductions."""

    freeze_id = fields.Integer(strict=True, load_default=None, validate=validate.Range(min=1, max=2**63 - 1),
                               metadata={"description": "one freeze; default the case's freezes in provider order"})
    amount = Yuan(load_default=None, metadata={"description": "default: what is due, as far as the freezes hold"})
    document_no = document("the deduction ruling (扣划裁定)")
    notice_no = document("the assistance notice (协助执行通知书)")


class DeductionSchema(Schema):
    id = fields.Integer()
    case_id = fields.Integer()
    freeze_id = fields.Integer()
    provider = fields.String()
    amount = Yuan()
    status = fields.String(metadata={"description": "pending | completed | failed | unknown"})
    request_no = fields.String()
    document_no = fields.String()
    notice_no = fields.String()
    error = fields.Function(error_of)
    created_at = Instant()
    updated_at = Instant()


class DeductionBatchSchema(Schema):
    deductions = fields.List(fields.Nested(DeductionSchema))
    case = fields.Nested(CaseSchema, metadata={"description": "the case after the deductions"})


class DeductionListSchema(Schema):
    deductions = fields.List(fields.Nested(DeductionSchema))
