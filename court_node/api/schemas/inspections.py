"""Requests and answers of the inspection routes."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from court_node.api.schemas.common import UserRefSchema, not_blank
from court_node.api.schemas.fields import Instant, Yuan

_DATE = {"example": "2026-01-15"}


def error_of(obj: Any) -> dict[str, str] | None:
    """``{code, message}`` of a record with ``error_code``/``error_message``, or None when it has none."""
    code = obj["error_code"] if isinstance(obj, dict) else obj.error_code
    message = obj["error_message"] if isinstance(obj, dict) else obj.error_message
    return {"code": code, "message": message} if code else None


class PeriodSchema(Schema):
    """Transaction records from ``from`` to ``to`` (Beijing days, both included)."""

    from_ = fields.Date(required=True, data_key="from", metadata=_DATE)
    to = fields.Date(required=True, metadata=_DATE)


class InspectSchema(Schema):
    """POST /api/v1/cases/<id>/inspections."""

    providers = fields.List(fields.String(validate=validate.Length(min=1, max=64)), load_default=None,
                            validate=validate.Length(min=1, max=50),
                            metadata={"description": "the providers to ask; default every configured one"})
    transactions = fields.Nested(PeriodSchema, load_default=None,
                                 metadata={"description": "also ask for transaction records in this period"})
    document_no = fields.String(load_default=None, validate=[validate.Length(min=1, max=100), not_blank],
                                metadata={"description": "the inspection document; default the case number"})


class MeasureSchema(Schema):
    """A judicial measure on an account: another authority's freeze, or this court's own."""

    authority_code = fields.String()
    authority_name = fields.String()
    document_no = fields.String()
    mode = fields.String(metadata={"description": "amount | account"})
    held = Yuan(allow_zero=True)
    unmet = Yuan(allow_zero=True)
    start_date = fields.String(allow_none=True, metadata={"format": "date", **_DATE})
    end_date = fields.String(allow_none=True, metadata={"format": "date", **_DATE})
    status = fields.String(metadata={"description": "active | waiting"})
    queue_position = fields.Integer(allow_none=True)


class TransactionSchema(Schema):
    on = fields.String(metadata={"format": "date", **_DATE})
    kind = fields.String(metadata={"description": "seed | credit | payment | deduction"})
    amount = Yuan()
    balance_after = Yuan(allow_zero=True)
    counterparty = fields.String()
    category = fields.String()


class AccountSchema(Schema):
    account_no = fields.String()
    balance = Yuan(allow_zero=True)
    available = Yuan(allow_zero=True, metadata={"description": "free of every freeze now"})
    currency = fields.String()
    whole_account_frozen = fields.Boolean()
    measures = fields.List(fields.Nested(MeasureSchema))
    transactions = fields.List(fields.Nested(TransactionSchema))


class ResultSchema(Schema):
    """One provider's answer."""

    provider = fields.String()
    request_no = fields.String()
    state = fields.String(metadata={"description": "pending | completed | failed"})
    accounts = fields.List(fields.Nested(AccountSchema))
    error = fields.Function(error_of, metadata={"description": "{code, message} when failed, else null"})
    updated_at = Instant()


class InspectionSchema(Schema):
    id = fields.Integer()
    case_id = fields.Integer()
    state = fields.String(metadata={"description": "pending while a provider has not answered, else completed"})
    requested_at = Instant()
    requested_by = fields.Nested(UserRefSchema)
    document_no = fields.String()
    providers = fields.List(fields.String())
    transactions = fields.Nested(PeriodSchema, allow_none=True)
    results = fields.List(fields.Nested(ResultSchema))


class InspectionListSchema(Schema):
    inspections = fields.List(fields.Nested(InspectionSchema))
