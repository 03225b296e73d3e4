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
