"""Schemas of the direct-payment route."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from court_node.api.schemas.common import not_blank
from court_node.api.schemas.fields import Yuan


class PaymentSchema(Schema):
    """POST /api/v1/cases/<id>/payments: the debtor paid the court directly."""

    amount = Yuan(required=True, metadata={"description": "what the debtor paid, at most the amount due"})
    document_no = fields.String(required=True, validate=[validate.Length(min=1, max=100), not_blank],
                                metadata={"description": "the receipt for the payment into the court's account"})
