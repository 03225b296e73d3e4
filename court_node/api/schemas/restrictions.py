"""Requests and answers of the restriction routes."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from court_node.api.schemas.fields import Instant
from court_node.api.schemas.freezes import document
from court_node.api.schemas.inspections import error_of
from court_node.services.restrictions import CATEGORIES


class RestrictSchema(Schema):
    """POST /api/v1/cases/<id>/restrictions."""

    document_no = document("the listing decision (纳入失信名单决定书) and restriction order")
    categories = fields.List(fields.String(validate=validate.OneOf(CATEGORIES)), load_default=None,
                             validate=validate.Length(min=1, max=len(CATEGORIES)),
                             metadata={"description": "default every restricted category (DOMAIN.md rule 12)"})


class ListingSchema(Schema):
    listed_at = Instant(allow_none=True)
    document_no = fields.String(allow_none=True)
    lifted_at = Instant(allow_none=True)


class RestrictionSchema(Schema):
    id = fields.Integer()
    provider = fields.String()
    request_no = fields.String()
    reference = fields.String(metadata={"description": "the provider's reference of the order"})
    status = fields.String(metadata={"description": "pending | active | failed | lifting | lifted"})
    document_no = fields.String()
    categories = fields.List(fields.String())
    error = fields.Function(error_of)
    created_at = Instant()
    updated_at = Instant()


class RestrictionsSchema(Schema):
    case_id = fields.Integer()
    listing = fields.Nested(ListingSchema, metadata={"description": "the dishonest-debtor listing (失信名单)"})
    orders = fields.List(fields.Nested(RestrictionSchema))
