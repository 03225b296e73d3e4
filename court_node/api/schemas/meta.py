"""Answers of /health and /api/v1/providers."""

from __future__ import annotations

from marshmallow import Schema, fields


class ProviderHealthSchema(Schema):
    name = fields.String()
    reachable = fields.Boolean()
    detail = fields.String()
    latency_ms = fields.Integer(allow_none=True)


class HealthSchema(Schema):
    status = fields.String(metadata={"description": "ok, or degraded when a provider does not answer"})
    version = fields.String()
    now = fields.String(metadata={"description": "the node's simulated clock, ISO 8601 UTC"})
    providers = fields.List(fields.Nested(ProviderHealthSchema))


class CapabilitiesSchema(Schema):
    asynchronous = fields.Boolean()
    capture_credits = fields.Boolean()
    online_deduction = fields.Boolean()
    whole_account_freeze = fields.Boolean()
    restrictions = fields.Boolean()
    batch = fields.Boolean()


class ProviderSchema(Schema):
    name = fields.String()
    adapter = fields.String()
    dialect = fields.String()
    base_url = fields.String()
    capabilities = fields.Nested(CapabilitiesSchema)
    health = fields.Nested(ProviderHealthSchema)


class ProviderListSchema(Schema):
    providers = fields.List(fields.Nested(ProviderSchema))
