"""OpenAPI 3 path items of the control API and ``/health``, which each dialect merges into its own document."""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]

TAG = "control"
_AUTH_NOTE = ("Requires `Authorization: Bearer <admin token>` (the token is in `<data-dir>/admin-token`) and, "
              "unless the provider allows remote admin, a loopback caller.")

YUAN: Json = {"type": "string", "pattern": r"^(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$", "example": "1234.56",
              "description": "yuan as a decimal string with at most two decimals; never a JSON number"}
INSTANT: Json = {"type": "string", "format": "date-time", "example": "2026-03-01T00:00:00Z",
                 "description": "ISO 8601 with a zone (Z or an offset such as +08:00)"}
OBJECT: Json = {"type": "object"}
ERROR: Json = {
    "type": "object",
    "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string", "example": "INVALID_REQUEST"},
        "message": {"type": "string"},
        "field": {"type": "string", "nullable": True, "description": "JSON pointer or name of the wrong field"},
    }}},
}
CLOCK: Json = {"type": "object", "properties": {
    "now": INSTANT, "now_beijing": INSTANT, "offset_seconds": {"type": "number"}, "stopped": {"type": "boolean"}}}
SEED: Json = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "subjects": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["name", "id_type", "id_number"],
            "properties": {
                "name": {"type": "string", "example": "李明"},
                "id_type": {"type": "string", "enum": ["resident_id", "uscc"]},
                "id_number": {"type": "string", "example": "11010519491231002X"},
                "accounts": {"type": "array", "items": {
                    "type": "object", "additionalProperties": False, "required": ["account_no", "balance"],
                    "properties": {"account_no": {"type": "string", "maxLength": 40}, "balance": YUAN}}},
            }}},
        "callers": {"type": "array", "items": {"$comment": "as POST /_admin/callers", "type": "object"}},
    },
}
GENERATE: Json = {
    "type": "object", "additionalProperties": False, "required": ["subjects"],
    "properties": {
        "subjects": {"type": "integer", "minimum": 1, "maximum": 2_000_000, "example": 1_000_000,
                     "description": "how many synthetic debtors (resident IDs with valid check characters)"},
        "seed": {"type": "integer", "minimum": 0, "default": 1, "description": "the same seed gives the same data"},
        "accounts_per_subject": {"type": "integer", "minimum": 1, "maximum": 10, "default": 1},
        "balance_fen": {"type": "integer", "minimum": 0, "maximum": 10**15,
                        "description": "every account's opening balance in fen; default a seeded random one"},
    },
}
GENERATED: Json = {"type": "object", "properties": {
    "seed": {"type": "integer"}, "subjects": {"type": "integer"}, "accounts": {"type": "integer"},
    "accounts_per_subject": {"type": "integer"}, "seeded": YUAN, "seeded_fen": {"type": "integer"},
    "first_subject_id": {"type": "integer"}, "last_subject_id": {"type": "integer"},
    "first_subject": {"type": "object"}, "seconds": {"type": "number"}}}
CALLER: Json = {
    "type": "object", "additionalProperties": False, "required": ["kind", "caller_id"],
    "properties": {
        "kind": {"type": "string", "enum": ["bank_node", "alipay_app", "wechat_mch"]},
        "caller_id": {"type": "string", "maxLength": 64},
        "name": {"type": "string"},
        "secret": {"type": "string", "description": "bank_node: HMAC shared secret, at least 16 characters"},
        "public_key_pem": {"type": "string", "description": "alipay_app, wechat_mch: the caller's RSA public key"},
        "serial": {"type": "string", "description": "wechat_mch: the serial number of the caller's key"},
    },
}
FAULTS: Json = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "seed": {"type": "integer", "default": 0},
        "latency_ms": {"type": "integer", "minimum": 0, "default": 0},
        "latency_jitter_ms": {"type": "integer", "minimum": 0, "default": 0},
        "error_rate": {"type": "number", "minimum": 0, "maximum": 1, "default": 0},
        "error_kind": {"type": "string", "enum": ["error", "timeout", "drop"], "default": "error"},
        "timeout_s": {"type": "number", "minimum": 0, "maximum": 600, "default": 10},
        "refuse_for_s": {"type": "number", "minimum": 0, "default": 0},
        "paths": {"type": "array", "items": {"type": "string", "pattern": "^/"},
                  "description": "path prefixes the faults cover; empty: every dialect path"},
    },
}
CLOCK_MOVE: Json = {
    "type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": False,
    "properties": {"set": INSTANT, "advance": {"type": "string", "example": "30d", "description": "y, d, h, m, s, ms"},
                   "stop": {"type": "boolean", "enum": [True]}, "resume": {"type": "boolean", "enum": [True]},
                   "reset": {"type": "boolean", "enum": [True]}},
}
CREDIT: Json = {"type": "object", "additionalProperties": False, "required": ["amount"], "properties": {
    "amount": YUAN, "counterparty": {"type": "string"}, "memo": {"type": "string"}, "reference": {"type": "string"}}}
PAY: Json = {"type": "object", "additionalProperties": False, "required": ["amount", "merchant", "category"],
             "properties": {"amount": YUAN, "merchant": {"type": "string"},
                            "category": {"type": "string", "example": "grocery"}, "reference": {"type": "string"}}}


def _json(schema: Json, description: str = "OK") -> Json:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _query(name: str, description: str, schema: Json | None = None) -> Json:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or {"type": "string"}}


def _path(name: str) -> Json:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def _idempotency_key() -> Json:
    return {"name": "Idempotency-Key", "in": "header", "required": False, "schema": {
        "type": "string", "minLength": 1, "maxLength": 64},
        "description": "chosen before the first attempt: a retry under the same key gets the first answer and moves "
                       "nothing more; the same key with another body is refused (409)"}


def _op(op_id: str, summary: str, *, ok: str = "200", schema: Json = OBJECT, body: Json | None = None,
        params: list[Json] | None = None, errors: tuple[str, ...] = ()) -> Json:
    responses: Json = {ok: _json(schema)}
    for status in ("400", *errors) if body is not None else errors:
        responses[status] = _json(ERROR, "refused")
    responses["401"] = _json(ERROR, "missing or wrong admin token")
    responses["403"] = _json(ERROR, "not a loopback caller")
    operation: Json = {"operationId": op_id, "summary": summary, "description": _AUTH_NOTE, "tags": [TAG],
                       "responses": responses}
    if params:
        operation["parameters"] = params
    if body is not None:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    return operation


def control_openapi_paths() -> dict[str, Any]:
    """Path items for every control route under ``/_admin`` and for ``GET /health``."""
    a = "/_admin"
    journal_params = [
        _query("limit", "at most this many entries (1-1000, default 50)", {"type": "integer"}),
        _query("method", "HTTP method"), _query("path_prefix", "paths starting with this"),
        _query("status", "HTTP status answered", {"type": "integer"}), _query("request_no", "request number"),
        _query("since_id", "entries after this id", {"type": "integer"}),
    ]
    return {
        "/health": {"get": {"operationId": "health", "summary": "Liveness, version, profile and simulated now",
                            "tags": [TAG], "responses": {"200": _json(OBJECT)}}},
        f"{a}/info": {"get": _op("adminInfo", "Provider, profile, capabilities, clock, counts, key serial")},
        f"{a}/seed": {"post": _op("adminSeed", "Add subjects, accounts and callers, all or nothing", ok="201",
                                  body=SEED, errors=("409",))},
        f"{a}/seed/generate": {"post": _op(
            "adminSeedGenerate", "Generate many synthetic subjects with accounts, all or nothing", ok="201",
            schema=GENERATED, body=GENERATE, errors=("409",))},
        f"{a}/reset": {"post": _op("adminReset", "Empty the books, faults and journal; clock back to real time")},
        f"{a}/snapshots": {
            "get": _op("adminListSnapshots", "Snapshots in the data folder"),
            "post": _op("adminSnapshot", "Copy the whole database into a named snapshot", ok="201", body={
                "type": "object", "required": ["name"], "additionalProperties": False,
                "properties": {"name": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}}}),
        },
        f"{a}/snapshots/{{name}}/restore": {"post": _op(
            "adminRestore", "Replace the whole database with a snapshot", params=[_path("name")],
            errors=("400", "404"))},
        f"{a}/journal": {"get": _op("adminJournal", "Dialect requests, newest first", params=journal_params,
                                    errors=("400",))},
        f"{a}/faults": {
            "get": _op("adminGetFaults", "The fault configuration and the requests counted since it was set"),
            "put": _op("adminPutFaults", "Set seeded faults (replaces the previous ones)", body=FAULTS),
            "delete": _op("adminClearFaults", "Remove every fault"),
        },
        f"{a}/clock": {
            "get": _op("adminGetClock", "The simulated clock", schema=CLOCK),
            "post": _op("adminMoveClock", "Set, advance, stop, resume or reset the clock; due expiries lapse",
                        schema=CLOCK, body=CLOCK_MOVE),
        },
        f"{a}/profile": {
            "get": _op("adminGetProfile", "The capability profile and the ones available"),
            "put": _op("adminPutProfile", "Switch capability profile", body={
                "type": "object", "required": ["profile"], "additionalProperties": False,
                "properties": {"profile": {"type": "string", "example": "2019"}}}),
        },
        f"{a}/invariants": {"get": _op("adminInvariants", "Check the money invariants of the ledger")},
        f"{a}/callers": {
            "get": _op("adminListCallers", "Registered callers (secrets never shown)"),
            "post": _op("adminRegisterCaller", "Register or replace a caller", ok="201", body=CALLER),
        },
        f"{a}/callers/{{kind}}/{{caller_id}}": {"delete": _op(
            "adminRemoveCaller", "Remove a caller", params=[_path("kind"), _path("caller_id")],
            errors=("400", "404"))},
        f"{a}/keys": {"get": _op("adminKeys", "The platform's public key and its serial")},
        f"{a}/subjects": {"get": _op("adminSubjects", "Every subject with its account numbers")},
        f"{a}/accounts": {"get": _op("adminAccounts", "Accounts with balances and measures", params=[
            _query("id_number", "only this subject's accounts")], errors=("404",))},
        f"{a}/accounts/{{account_no}}": {"get": _op(
            "adminAccount", "One account: balance, available, freezes in force and waiting (queue positions)",
            params=[_path("account_no")], errors=("404",))},
        f"{a}/accounts/{{account_no}}/movements": {"get": _op(
            "adminMovements", "Transaction records in [since, until)", params=[
                _path("account_no"), _query("since", "from this instant", INSTANT),
                _query("until", "before this instant", INSTANT)], errors=("400", "404"))},
        f"{a}/accounts/{{account_no}}/credit": {"post": _op(
            "adminCredit", "Money in (salary, a transfer); unmet capturing freezes take it first", ok="201",
            body=CREDIT, params=[_path("account_no"), _idempotency_key()], errors=("404", "409"))},
        f"{a}/accounts/{{account_no}}/pay": {"post": _op(
            "adminPay", "The debtor pays a merchant; refused by freezes and restriction orders", ok="201",
            body=PAY, params=[_path("account_no"), _idempotency_key()], errors=("404", "409", "422"))},
        f"{a}/freezes": {"get": _op("adminFreezes", "Freezes, in arrival order", params=[
            _query("account_no", "on this account"), _query("authority_code", "placed by this authority"),
            _query("status", "active, waiting, expired, released or deducted"),
            _query("limit", "at most this many (default 1000)", {"type": "integer"})], errors=("400",))},
        f"{a}/payouts": {"get": _op("adminPayouts", "Money deducted into courts' enforcement accounts", params=[
            _query("authority_code", "deducted by this authority")])},
        f"{a}/totals": {"get": _op("adminTotals", "The terms of money conservation, read at one instant")},
        f"{a}/restrictions": {"get": _op("adminRestrictions", "Consumption restriction orders", params=[
            _query("id_number", "for this subject")], errors=("404",))},
    }
