"""``GET /openapi.json``: the bank dialect's routes as an OpenAPI 3.0 document, plus the shared control API."""

from __future__ import annotations

import importlib
from typing import Any

from flask import Blueprint, Response

from payment_mocks.bank.dialect import json_response

docs = Blueprint("bank_openapi", __name__)

_SIGNED: list[dict[str, list[str]]] = [{"NodeId": [], "Timestamp": [], "Nonce": [], "Signature": []}]
_JSON = "application/json"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _body(schema: str) -> dict[str, Any]:
    return {"required": True, "content": {_JSON: {"schema": _ref(schema)}}}


def _answer(description: str, schema: str) -> dict[str, Any]:
    return {"description": description, "content": {_JSON: {"schema": _ref(schema)}}}


_ERRORS = {
    "400": _answer("FIELD_INVALID or MALFORMED_JSON; nothing was changed", "Error"),
    "401": _answer("HEADER_MISSING, HEADER_INVALID, UNKNOWN_NODE, TIMESTAMP_EXPIRED, SIGNATURE_INVALID, "
                   "NONCE_REPLAYED (unsigned)", "Error"),
    "415": _answer("the body is not application/json", "Error"),
    "503": _answer("SERVICE_UNAVAILABLE (an injected fault); retry with the same request_no", "Error"),
}


def _op(summary: str, answers: dict[str, Any], body: str | None = None, signed: bool = True,
        **extra: Any) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": summary, "responses": {**answers, **_ERRORS}}
    if body:
        op["requestBody"] = _body(body)
    if signed:
        op["security"] = _SIGNED
    op.update(extra)
    return op


def _path_param(name: str, kind: str = "string") -> list[dict[str, Any]]:
    return [{"name": name, "in": "path", "required": True, "schema": {"type": kind}}]


_S = {"type": "string"}
_YUAN = {"type": "string", "pattern": r"^(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$", "example": "1234.56"}
_DATE = {"type": "string", "format": "date", "example": "2026-03-01"}
_NULL_S = {"type": "string", "nullable": True}

SCHEMAS: dict[str, Any] = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["code", "message"],
        "properties": {"code": _S, "message": _S, "field": {**_NULL_S, "description": "JSON pointer"}}}}},
    "Court": {"type": "object", "required": ["code", "name"], "additionalProperties": False,
              "properties": {"code": {"type": "string", "example": "京0101"}, "name": _S}},
    "Subject": {"type": "object", "required": ["name", "id_type", "id_number"], "additionalProperties": False,
                "properties": {"name": _S, "id_type": {"type": "string", "enum": ["resident_id", "uscc"]},
                               "id_number": {"type": "string", "example": "11010519491231002X"}}},
    "QueryRequest": {"type": "object", "additionalProperties": False,
                     "required": ["request_no", "court", "judge", "case_no", "document_no", "subject"],
                     "properties": {
                         "request_no": _S, "court": _ref("Court"), "judge": _S, "case_no": _S, "document_no": _S,
                         "subject": _ref("Subject"),
                         "transactions": {"type": "object", "required": ["from", "to"], "additionalProperties": False,
                                          "properties": {"from": _DATE, "to": _DATE}},
                         "callback_url": {"type": "string", "example": "http://127.0.0.1:8700/bank/feedback"}}},
    "ControlItem": {"type": "object", "required": ["seq", "operation", "account_no"], "additionalProperties": False,
                    "properties": {
                        "seq": {"type": "integer", "minimum": 1},
                        "operation": {"type": "string", "enum": ["01", "02", "04", "06"],
                                      "description": "01 freeze, 02 renew, 04 unfreeze, 06 deduct"},
                        "account_no": _S,
                        "content": {"type": "string", "enum": ["1", "2"], "description": "1 amount, 2 whole account"},
                        "currency": {"type": "string", "enum": ["156"]},
                        "amount": _YUAN, "start_date": _DATE, "end_date": _DATE,
                        "original_request_no": _S, "enforcement_account": _S}},
    "ControlRequest": {"type": "object", "additionalProperties": False,
                       "required": ["request_no", "court", "judge", "case_no", "document_no", "subject", "items"],
                       "properties": {
                           "request_no": _S, "court": _ref("Court"), "judge": _S, "case_no": _S, "document_no": _S,
                           "subject": _ref("Subject"), "callback_url": _S,
                           "items": {"type": "array", "minItems": 1, "maxItems": 100, "items": _ref("ControlItem")}}},
    "Accepted": {"type": "object", "properties": {
        "request_no": _S, "status": {"type": "string", "enum": ["accepted"]},
        "accepted_at": {"type": "string", "format": "date-time"}}},
    "Measure": {"type": "object", "properties": {
        "freeze_no": _S, "authority_code": _S, "authority_name": _S, "document_no": _S,
        "mode": {"type": "string", "enum": ["amount", "account"]}, "amount": {**_YUAN, "nullable": True},
        "amount_frozen": _YUAN, "amount_unfrozen": _YUAN, "start_date": {**_DATE, "nullable": True},
        "end_date": {**_DATE, "nullable": True}, "status": {
            "type": "string", "enum": ["active", "waiting", "released", "expired", "deducted"],
            "description": "active or waiting in measures; released, expired or deducted in ended_measures"},
        "queue_position": {"type": "integer", "nullable": True},
        "request_no": {"type": "string", "description": "only on the asking court's own measures"},
        "ended_date": {**_DATE, "description": "only in ended_measures: the Beijing date the measure ended"}}},
    "Feedback": {"type": "object", "properties": {
        "request_no": _S, "kind": {"type": "string", "enum": ["query", "control"]},
        "status": {"type": "string", "enum": ["accepted", "completed", "rejected"]},
        "reason_code": _NULL_S, "reason": _NULL_S, "accepted_at": _S, "completed_at": _NULL_S,
        "accounts": {"type": "array", "items": {"type": "object"}, "description": "query feedback"},
        "items": {"type": "array", "items": {"type": "object"}, "description": "control feedback"}}},
    "RestrictionRequest": {"type": "object", "additionalProperties": False,
                           "required": ["request_no", "court", "case_no", "document_no", "subject"],
                           "properties": {"request_no": _S, "court": _ref("Court"), "judge": _S, "case_no": _S,
                                          "document_no": _S, "subject": _ref("Subject"),
                                          "categories": {"type": "array", "items": _S}}},
    "Lift": {"type": "object", "required": ["court"], "additionalProperties": False,
             "properties": {"court": _ref("Court"), "request_no": _S, "document_no": _S}},
    "Restriction": {"type": "object", "properties": {
        "restriction_id": {"type": "integer"}, "court_code": _S, "court_name": _S, "case_no": _S, "document_no": _S,
        "categories": {"type": "array", "items": _S}, "status": {"type": "string", "enum": ["in_force", "lifted"]},
        "issued_at": _S, "lifted_at": _NULL_S}},
    "Balance": {"type": "object", "properties": {
        "account_no": _S, "currency": _S, "balance": _YUAN, "available_balance": _YUAN,
        "whole_account_frozen": {"type": "boolean"}}},
    "Debit": {"type": "object", "required": ["request_no", "amount", "merchant", "category"],
              "additionalProperties": False,
              "properties": {"request_no": _S, "amount": _YUAN, "merchant": _S, "category": _S}},
    "Credit": {"type": "object", "required": ["request_no", "amount", "counterparty"], "additionalProperties": False,
               "properties": {"request_no": _S, "amount": _YUAN, "counterparty": _S}},
    "MovementAnswer": {"allOf": [_ref("Balance"), {"type": "object", "properties": {
        "request_no": _S, "movement": {"type": "object"}}}]},
    "Delay": {"type": "object", "properties": {"delay": {"type": "string", "example": "2h"},
                                                "delay_seconds": {"type": "integer"}}},
    "QueryBatch": {"type": "object", "required": ["batch_no", "requests"], "additionalProperties": False,
                   "properties": {"batch_no": _S, "requests": {
                       "type": "array", "minItems": 1, "maxItems": 500, "items": _ref("QueryRequest")}}},
    "ControlBatch": {"type": "object", "required": ["batch_no", "requests"], "additionalProperties": False,
                     "properties": {"batch_no": _S, "requests": {
                         "type": "array", "minItems": 1, "maxItems": 500, "items": _ref("ControlRequest")}}},
    "BatchItem": {"type": "object", "required": ["request_no"], "properties": {
        "request_no": _NULL_S, "status": {"type": "string", "enum": ["accepted"]},
        "error": {"type": "object", "required": ["code", "message"], "properties": {
            "code": _S, "message": _S, "field": {**_NULL_S, "description": "JSON pointer into the batch"}}}},
        "description": "accepted, or refused with the error the single form would give"},
    "BatchAccepted": {"type": "object", "required": ["batch_no", "accepted_at", "items"], "properties": {
        "batch_no": _S, "accepted_at": {"type": "string", "format": "date-time"},
        "items": {"type": "array", "items": _ref("BatchItem")}}},
    "FeedbackQuery": {"type": "object", "required": ["request_nos"], "additionalProperties": False,
                      "properties": {"request_nos": {"type": "array", "minItems": 1, "maxItems": 500,
                                                     "items": _S}}},
    "Feedbacks": {"type": "object", "required": ["feedbacks"], "properties": {"feedbacks": {
        "type": "array", "items": {"type": "object", "required": ["request_no"], "properties": {
            "request_no": _S, "error": {"type": "object"}},
            "description": "a Feedback, or {request_no, error: REQUEST_NOT_FOUND}"}}}},
}


def bank_paths() -> dict[str, Any]:
    refused = _answer("refused by a freeze or a restriction order (BALANCE_NOT_ENOUGH, ACCOUNT_FROZEN, "
                      "CONSUMPTION_RESTRICTED); replayed for the same request_no", "Error")
    conflict = _answer("REQUEST_NO_CONFLICT: the request number came before with another body", "Error")
    return {
        "/judicial/v1/queries": {"post": _op(
            "Submit a query request (accepted now, answered after the processing delay)",
            {"202": _answer("accepted", "Accepted"), "409": conflict}, "QueryRequest")},
        "/judicial/v1/controls": {"post": _op(
            "Submit a control request: freeze 01, renew 02, unfreeze 04, deduct 06",
            {"202": _answer("accepted", "Accepted"), "409": conflict}, "ControlRequest")},
        "/judicial/v1/query-batches": {"post": _op(
            "Submit up to 500 query requests at once; each item answered as its single submission would be",
            {"202": _answer("the batch taken; each item accepted or refused", "BatchAccepted"),
             "409": _answer("REQUEST_NO_CONFLICT: the batch number came before with another body", "Error")},
            "QueryBatch")},
        "/judicial/v1/control-batches": {"post": _op(
            "Submit up to 500 control requests at once; each item answered as its single submission would be",
            {"202": _answer("the batch taken; each item accepted or refused", "BatchAccepted"),
             "409": _answer("REQUEST_NO_CONFLICT: the batch number came before with another body", "Error")},
            "ControlBatch")},
        "/judicial/v1/feedback-queries": {"post": _op(
            "Read up to 500 requests' feedback in one call",
            {"200": _answer("each feedback in the order asked", "Feedbacks")}, "FeedbackQuery")},
        "/judicial/v1/requests/{request_no}/feedback": {"get": _op(
            "A request's feedback (回执)",
            {"200": _answer("accepted, completed or rejected", "Feedback"),
             "404": _answer("REQUEST_NOT_FOUND", "Error")},
            parameters=_path_param("request_no"))},
        "/judicial/v1/restrictions": {"post": _op(
            "Publish a consumption restriction order (synchronous)",
            {"201": _answer("in force", "Restriction"), "409": conflict,
             "422": _answer("IDENTITY_NOT_MATCH", "Error")}, "RestrictionRequest")},
        "/judicial/v1/restrictions/{restriction_id}/lift": {"post": _op(
            "Lift a restriction order (only the issuing court)",
            {"200": _answer("lifted", "Restriction"), "403": _answer("NOT_RESTRICTION_OWNER", "Error"),
             "404": _answer("RESTRICTION_NOT_FOUND", "Error")}, "Lift",
            parameters=_path_param("restriction_id", "integer"))},
        "/retail/v1/accounts/{account_no}": {"get": _op(
            "Balance and available balance",
            {"200": _answer("the account", "Balance"), "404": _answer("ACCOUNT_NOT_EXIST", "Error")},
            parameters=_path_param("account_no"))},
        "/retail/v1/accounts/{account_no}/debits": {"post": _op(
            "The debtor pays a merchant",
            {"201": _answer("paid", "MovementAnswer"), "409": conflict, "422": refused,
             "404": _answer("ACCOUNT_NOT_EXIST", "Error")}, "Debit", parameters=_path_param("account_no"))},
        "/retail/v1/accounts/{account_no}/credits": {"post": _op(
            "Money in (salary); unmet freezes capture it first",
            {"201": _answer("credited", "MovementAnswer"), "409": conflict,
             "404": _answer("ACCOUNT_NOT_EXIST", "Error")}, "Credit", parameters=_path_param("account_no"))},
        "/_admin/bank/processing": {
            "get": _op("The processing delay", {"200": _answer("the delay", "Delay")}, signed=False,
                       security=[{"AdminToken": []}]),
            "put": _op("Change the processing delay (applies to requests accepted from now)",
                       {"200": _answer("the delay", "Delay")}, "Delay", signed=False,
                       security=[{"AdminToken": []}]),
        },
        "/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3.0"}}}},
    }


def _header_scheme(name: str, description: str) -> dict[str, str]:
    return {"type": "apiKey", "in": "header", "name": name, "description": description}


def _control_paths() -> dict[str, Any]:
    """The shared control API's paths, when that module is installed."""
    try:
        module = importlib.import_module("payment_mocks.control.openapi")
        paths: dict[str, Any] = dict(module.control_openapi_paths())
    except (ImportError, AttributeError):
        return {}
    return paths


def document() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "freezesim bank: asynchronous judicial assistance gateway", "version": "1.0.0",
                 "description": "Requests are accepted first (202) and answered later through their feedback. "
                                "Every request and every answer to a node is signed with HMAC-SHA256; see "
                                "docs/dialect-bank.md."},
        "paths": {**_control_paths(), **bank_paths()},
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "NodeId": _header_scheme("X-Node-Id", "the court node's id"),
                "Timestamp": _header_scheme("X-Timestamp", "Unix seconds, within 300 s of the bank's clock"),
                "Nonce": _header_scheme("X-Nonce", "8 to 64 characters, not reused within 300 s"),
                "Signature": _header_scheme("X-Signature", "base64(HMAC-SHA256(secret, METHOD\\nPATH?QUERY\\n"
                                            "TIMESTAMP\\nNONCE\\nhex(SHA-256(body))\\n))"),
                "AdminToken": {"type": "http", "scheme": "bearer"},
            },
        },
    }


@docs.get("/openapi.json")
def openapi_json() -> Response:
    return json_response(200, document())
