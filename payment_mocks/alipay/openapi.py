"""``GET /openapi.json``: the gateway as an OpenAPI 3.0 document, each method's biz_content derived from its
marshmallow schema so the document cannot drift from what the gateway accepts; plus the shared control API."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify
from marshmallow import Schema, fields, validate

from payment_mocks.alipay.dialect import GATEWAY_PATH
from payment_mocks.alipay.errors import MESSAGES
from payment_mocks.alipay.methods import METHODS
from payment_mocks.alipay.schemas import Day, Yuan
from payment_mocks.control.openapi import control_openapi_paths

docs = Blueprint("alipay_openapi", __name__)

FORM = "application/x-www-form-urlencoded"
_COMMON = [
    ("app_id", True, "The app's id, e.g. 2021000000000001"),
    ("method", True, "The method, e.g. alipay.judicial.fund.freeze (see the list above)"),
    ("format", False, "JSON (the only format)"),
    ("charset", False, "utf-8 (the only charset)"),
    ("sign_type", True, "RSA2"),
    ("sign", True, "base64(RSA PKCS#1 v1.5 over SHA-256) of the sorted parameters except sign"),
    ("timestamp", True, "yyyy-MM-dd HH:mm:ss, Beijing time, within 15 minutes of the gateway's clock"),
    ("version", True, "1.0"),
    ("notify_url", False, "accepted and signed; no notification is sent"),
    ("app_auth_token", False, "accepted and signed; not used"),
]


def field_schema(field: fields.Field[Any]) -> dict[str, Any]:
    """An OpenAPI schema for one marshmallow field, from its type and validators."""
    if isinstance(field, fields.Nested):
        nested = field.nested
        return object_schema(nested() if isinstance(nested, type) else nested)  # type: ignore[arg-type]
    if isinstance(field, fields.List):
        out: dict[str, Any] = {"type": "array", "items": field_schema(field.inner)}
    elif isinstance(field, Yuan):
        out = {"type": "string", "pattern": r"^\d+(\.\d{1,2})?$", "description": "yuan, 0.01 to 100000000.00"}
    elif isinstance(field, Day):
        out = {"type": "string", "format": "date", "description": "yyyy-MM-dd"}
    else:
        out = {"type": "string"}
    for check in field.validators:
        if isinstance(check, validate.Length):
            low, high = ("minLength", "maxLength") if out["type"] == "string" else ("minItems", "maxItems")
            if check.min is not None:
                out[low] = check.min
            if check.max is not None:
                out[high] = check.max
        elif isinstance(check, validate.Regexp):
            out["pattern"] = check.regex.pattern
        elif isinstance(check, validate.OneOf):
            out["enum"] = list(check.choices)
        elif isinstance(check, validate.Equal):
            out["enum"] = [check.comparable]
    return out


def object_schema(schema: Schema) -> dict[str, Any]:
    declared = schema.fields
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [name for name, f in declared.items() if f.required],
        "properties": {name: field_schema(f) for name, f in declared.items()},
    }


def _component(method: str) -> str:
    return "biz." + method


def _parameters(*, biz_in_query: bool) -> list[dict[str, Any]]:
    params = [{"name": name, "in": "query", "required": required, "description": text, "schema": {"type": "string"}}
              for name, required, text in _COMMON]
    if biz_in_query:
        params.append({"name": "biz_content", "in": "query", "required": True, "schema": {"type": "string"},
                       "description": "the method's business fields as a JSON object string"})
    return params


def _gateway_path() -> dict[str, Any]:
    listing = "\n".join(f"- `{name}`: {spec.summary} (biz_content: `#/components/schemas/{_component(name)}`)"
                        for name, spec in METHODS.items())
    description = (
        "One endpoint; the method is chosen by the `method` parameter. The official SDKs POST a form with the "
        "common parameters in the query string and `biz_content` in the body; a GET with everything in the query "
        "string works too. Every answer is HTTP 200: `{\"<method with dots as underscores>_response\": {code, msg,"
        " ...}, \"sign\": \"...\"}`; the sign covers the exact bytes of that node.\n\nMethods:\n" + listing
    )
    ok = {"200": {"description": "Always 200; the outcome is the node's code",
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Envelope"}}}}}
    form_body = {"type": "object", "required": ["biz_content"],
                 "properties": {"biz_content": {"type": "string", "description": "JSON object string"}}}
    return {
        "get": {"summary": "Call a method (everything in the query string)", "description": description,
                "parameters": _parameters(biz_in_query=True), "responses": ok},
        "post": {"summary": "Call a method (the SDK way: biz_content in a form body)", "description": description,
                 "parameters": _parameters(biz_in_query=False),
                 "requestBody": {"required": True, "content": {FORM: {"schema": form_body}}}, "responses": ok},
    }


def _components() -> dict[str, Any]:
    codes = ", ".join(f"{code} {msg}" for code, msg in MESSAGES.items())
    schemas: dict[str, Any] = {
        "ResponseNode": {
            "type": "object", "required": ["code", "msg"],
            "properties": {"code": {"type": "string", "description": codes}, "msg": {"type": "string"},
                           "sub_code": {"type": "string"}, "sub_msg": {"type": "string"}},
            "additionalProperties": True,
        },
        "Envelope": {
            "type": "object",
            "description": "one member <method>_response (or error_response) holding a ResponseNode, and sign",
            "properties": {"sign": {"type": "string"}},
            "additionalProperties": {"$ref": "#/components/schemas/ResponseNode"},
        },
    }
    for name, spec in METHODS.items():
        schemas[_component(name)] = object_schema(spec.schema())
    return {"schemas": schemas}


def openapi_document() -> dict[str, Any]:
    paths: dict[str, Any] = {GATEWAY_PATH: _gateway_path(),
                             "/openapi.json": {"get": {"summary": "This document",
                                                       "responses": {"200": {"description": "OpenAPI 3.0"}}}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "freezesim Alipay-like gateway", "version": "1.0",
                 "description": "Alipay open-platform gateway dialect with judicial methods (ours) on a freeze ledger"},
        "paths": {**control_openapi_paths(), **paths},
        "components": _components(),
    }


@docs.get("/openapi.json")
def openapi_json() -> Response:
    return jsonify(openapi_document())
