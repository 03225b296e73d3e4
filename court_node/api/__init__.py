"""The court node's HTTP API: blueprints, request and response schemas, errors, idempotency, OpenAPI."""
