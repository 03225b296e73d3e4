"""Requests and answers of the batch routes."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from court_node.api.schemas.common import not_blank
from court_node.api.schemas.fields import Instant
from court_node.domain.planning import PlanMode
from court_node.store.tables.batches import BATCH_KINDS

ITEM_STATES = ("pending", "succeeded", "failed")
MAX_ITEMS_PAGE = 1000
MAX_BATCHES_PAGE = 200


def _document(description: str) -> fields.String:
    return fields.String(load_default=None, validate=[validate.Length(min=1, max=100), not_blank],
                         metadata={"description": description})


class BatchRequestSchema(Schema):
    """POST /api/v1/batches: 1..batch_max_items items of one kind; one malformed item refuses the whole batch."""

    kind = fields.String(required=True, validate=validate.OneOf(BATCH_KINDS))
    cases = fields.List(fields.Raw(), load_default=None, metadata={
        "description": "kind filing: the cases, each exactly the body POST /api/v1/cases takes",
        "items": {"type": "object"}})
    case_ids = fields.List(fields.Raw(), load_default=None, metadata={
        "description": "every other kind: the cases (ids of the user's court)", "items": {"type": "integer"}})
    providers = fields.List(fields.String(validate=validate.Length(min=1, max=64)), load_default=None,
                            validate=validate.Length(min=1, max=50), metadata={
                                "description": "inspection: the providers to ask; freeze: place only these "
                                               "providers' part of each plan; default every configured one"})
    document_no = _document("notice: the notice (default <case number>通知书); inspection, freeze, deduction: "
                            "the document (default the case number)")
    notice_no = _document("deduction: the assistance notice (default the document number)")
    mode = fields.String(load_default=None, validate=validate.OneOf([str(m) for m in PlanMode]),
                         metadata={"description": "freeze: amount (default) or account"})
    term_days = fields.Integer(strict=True, load_default=None, validate=validate.Range(min=1, max=365),
                               metadata={"description": "freeze: the term; default the node's default_freeze_days"})


class BatchSchema(Schema):
    """A batch's progress."""

    id = fields.Integer()
    kind = fields.String(validate=validate.OneOf(BATCH_KINDS))
    state = fields.String(metadata={"description": "running | completed"})
    total = fields.Integer()
    done = fields.Integer()
    succeeded = fields.Integer()
    failed = fields.Integer()
    created_at = Instant()
    finished_at = Instant(allow_none=True)
    elapsed_ms = fields.Integer(metadata={"description": "real milliseconds since it was created (until finished)"})


class BatchListSchema(Schema):
    batches = fields.List(fields.Nested(BatchSchema))


class BatchListQuerySchema(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=MAX_BATCHES_PAGE))


class ItemErrorSchema(Schema):
    code = fields.String()
    message = fields.String()


class BatchItemSchema(Schema):
    index = fields.Integer()
    case_id = fields.Integer(allow_none=True, metadata={"description": "null for a filing that failed"})
    state = fields.String(validate=validate.OneOf(ITEM_STATES))
    result = fields.Dict(allow_none=True, metadata={
        "description": "filing {case_id, case_number}; inspection {inspection_id, state}; freeze {freeze_ids}; "
                       "deduction {deduction_ids, amount}; notice {}"})
    error = fields.Nested(ItemErrorSchema, allow_none=True, metadata={
        "description": "the error the single route would have answered"})


class BatchItemsSchema(Schema):
    total = fields.Integer()
    items = fields.List(fields.Nested(BatchItemSchema))


class BatchItemsQuerySchema(Schema):
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**62))
    limit = fields.Integer(load_default=MAX_ITEMS_PAGE, validate=validate.Range(min=1, max=MAX_ITEMS_PAGE))
    state = fields.String(load_default=None, validate=validate.OneOf(ITEM_STATES))
