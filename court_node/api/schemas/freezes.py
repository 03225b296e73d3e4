"""Requests and answers of the freeze routes."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from court_node.api.schemas.common import not_blank
from court_node.api.schemas.fields import Instant, Yuan, strict_bool
from court_node.api.schemas.inspections import error_of

MODES = ("amount", "account")
_DATE = {"example": "2026-12-31"}


def document(description: str) -> fields.String:
    return fields.String(required=True, validate=[validate.Length(min=1, max=100), not_blank],
                         metadata={"description": description})


class PlanItemSchema(Schema):
    """One freeze of an explicit plan."""

    provider = fields.String(required=True, validate=validate.Length(min=1, max=64))
    account_no = fields.String(required=True, validate=[validate.Length(min=1, max=64), not_blank])
    amount = Yuan(required=True, metadata={"description": "for a whole-account freeze: what is in it now"})
    mode = fields.String(load_default="amount", validate=validate.OneOf(MODES))


class FreezeRequestSchema(Schema):
    """POST /api/v1/cases/<id>/freezes."""

    document_no = document("the freeze ruling (冻结裁定)")
    mode = fields.String(load_default="amount", validate=validate.OneOf(MODES),
                         metadata={"description": "for a planned freeze: amount, or account (whole accounts)"})
    term_days = fields.Integer(strict=True, load_default=None, validate=validate.Range(min=1, max=365),
                               metadata={"description": "default the node's default_freeze_days"})
    items = fields.List(fields.Nested(PlanItemSchema), load_default=None, validate=validate.Length(min=1, max=50),
                        metadata={"description": "an explicit plan; default: planned from the latest inspection"})
    dry_run = strict_bool(load_default=False, metadata={"description": "answer the plan without freezing"})


class PlannedSchema(Schema):
    provider = fields.String()
    account_no = fields.String()
    amount = Yuan()
    mode = fields.String()
    expected_hold = Yuan(allow_zero=True, metadata={"description": "held at once; the rest waits or captures"})
    reason = fields.String()


class PlanSchema(Schema):
    target = Yuan(allow_zero=True, metadata={"description": "what the case may still freeze"})
    total = Yuan(allow_zero=True)
    allowance_left = Yuan(allow_zero=True, metadata={"description": "living allowance left to the debtor"})
    shortfall = Yuan(allow_zero=True, metadata={"description": "what no account could cover"})
    items = fields.List(fields.Nested(PlannedSchema))


class RequestRefSchema(Schema):
    """A request to the provider about this freeze (the outbox)."""

    request_no = fields.String()
    operation = fields.String(metadata={"description": "freeze | renew | release | deduct"})
    state = fields.String(metadata={"description": "prepared | sent | pending | completed | failed | unknown"})
    attempts = fields.Integer()
    error = fields.Function(lambda r: None if not r.last_error else {"message": r.last_error})
    created_at = Instant()
    updated_at = Instant()


class FreezeSchema(Schema):
    id = fields.Integer()
    case_id = fields.Integer()
    court = fields.String(attribute="court_code", metadata={"example": "京0101"})
    provider = fields.String()
    account_no = fields.String()
    mode = fields.String()
    amount = Yuan(allow_none=True, metadata={"description": "asked for (a whole-account freeze: what was in it)"})
    held = Yuan(allow_zero=True)
    unmet = Yuan(allow_zero=True, metadata={"description": "asked for but not held yet"})
    deducted = Yuan(allow_zero=True)
    status = fields.String(metadata={
        "description": "pending | active | waiting | expired | released | deducted | failed"})
    queue_position = fields.Integer(allow_none=True)
    start_date = fields.Date(allow_none=True, metadata=_DATE)
    end_date = fields.Date(allow_none=True, metadata=_DATE)
    provider_ref = fields.String()
    request_no = fields.String()
    document_no = fields.String()
    error = fields.Function(error_of)
    created_at = Instant()
    updated_at = Instant()
    synced_at = Instant(allow_none=True, metadata={"description": "when its provider was last asked"})
    requests = fields.List(fields.Nested(RequestRefSchema))


class FreezeBatchSchema(Schema):
    case_id = fields.Integer()
    dry_run = fields.Boolean()
    due = Yuan(allow_zero=True)
    secured = Yuan(allow_zero=True, metadata={"description": "what the case's live freezes hold or may take"})
    plan = fields.Nested(PlanSchema)
    freezes = fields.List(fields.Nested(FreezeSchema))


class FreezeListSchema(Schema):
    freezes = fields.List(fields.Nested(FreezeSchema))


class FreezeQuerySchema(Schema):
    refresh = fields.Boolean(load_default=False, truthy={"true", "1"}, falsy={"false", "0"},
                             metadata={"description": "ask the provider first, however recent the last answer"})


class RenewSchema(Schema):
    """POST /api/v1/freezes/<id>/renew: exactly one of end_date and days."""

    document_no = document("the renewal ruling (续冻裁定)")
    end_date = fields.Date(load_default=None, metadata=_DATE)
    days = fields.Integer(strict=True, load_default=None, validate=validate.Range(min=1, max=365),
                          metadata={"description": "days past the current end date"})

    @validates_schema
    def _one_of(self, data: dict[str, Any], **kwargs: Any) -> None:
        if (data.get("end_date") is None) == (data.get("days") is None):
            raise ValidationError("give exactly one of end_date and days", field_name="end_date")


class ReleaseSchema(Schema):
    document_no = document("the unfreeze ruling (解冻裁定)")

