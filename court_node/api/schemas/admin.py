"""The simulated clock's control route (/_admin/clock), the same shape as the mock providers'."""

from __future__ import annotations

from marshmallow import Schema, fields


class ClockSchema(Schema):
    now = fields.String(metadata={"example": "2026-03-01T00:00:00.000000Z"})
    now_beijing = fields.String(metadata={"example": "2026-03-01T08:00:00.000000+08:00"})
    offset_seconds = fields.Float()
    stopped = fields.Boolean()


class ClockMoveSchema(Schema):
    """Exactly one of the fields."""

    set = fields.String(metadata={"description": "an ISO 8601 instant with a zone"})
    advance = fields.String(metadata={"description": "a duration: 30d, 12h, 90m, 45s, 1y, 250ms"})
    stop = fields.Boolean(metadata={"description": "true"})
    resume = fields.Boolean(metadata={"description": "true"})
    reset = fields.Boolean(metadata={"description": "true"})


class NodeViolationSchema(Schema):
    rule = fields.Integer(metadata={"description": "the invariant's number in PRODUCT.md"})
    case_id = fields.Integer()
    message = fields.String()


class InvariantsSchema(Schema):
    ok = fields.Boolean()
    violations = fields.List(fields.Nested(NodeViolationSchema))


class FreezeRowSchema(Schema):
    id = fields.Integer()
    case_id = fields.Integer()
    court_code = fields.String()
    provider = fields.String()
    account_no = fields.String()
    mode = fields.String()
    status = fields.String()
    amount = fields.String(allow_none=True)
    held = fields.String()
    unmet = fields.String()
    deducted = fields.String()
    queue_position = fields.Integer(allow_none=True)
    provider_ref = fields.String()
    request_no = fields.String()
    busy = fields.Boolean(metadata={"description": "a request about the freeze still waits for its answer"})


class FreezeRowsSchema(Schema):
    freezes = fields.List(fields.Nested(FreezeRowSchema))


class ReconcileReportSchema(Schema):
    checked = fields.Integer()
    resolved = fields.Integer()
    resent = fields.Integer()
    still_open = fields.Integer()
    freezes_synced = fields.Integer()
    releases = fields.Integer()
