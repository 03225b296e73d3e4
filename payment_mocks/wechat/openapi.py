"""The OpenAPI 3.0 document of the WeChat-wallet-like mock (GET /openapi.json)."""

from __future__ import annotations

from typing import Any

from payment_mocks.control.openapi import control_openapi_paths
from payment_mocks.ledger.categories import ALL_CATEGORIES, RESTRICTED_CATEGORIES
from payment_mocks.wechat.schemas import MAX_TOTAL_FEN

JSON = "application/json"
OUT_NO_PATTERN = r"^[0-9A-Za-z_\-|*]{6,32}$"
SIGNED: list[dict[str, list[str]]] = [{"WechatPay2": []}]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _text(max_len: int, description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": max_len}
    if description:
        schema["description"] = description
    return schema


def _out_no(description: str) -> dict[str, Any]:
    return {"type": "string", "pattern": OUT_NO_PATTERN, "description": description}


def _object(required: list[str], properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "additionalProperties": False, "required": required,
                              "properties": properties}
    if description:
        schema["description"] = description
    return schema


def _errors(*statuses: int) -> dict[str, Any]:
    texts = {400: "PARAM_ERROR or INVALID_REQUEST", 401: "SIGN_ERROR", 403: "NO_AUTH, NOT_ENOUGH or RULE_LIMIT",
             404: "RESOURCE_NOT_EXISTS", 415: "PARAM_ERROR (Content-Type)", 429: "FREQUENCY_LIMITED",
             500: "SYSTEM_ERROR: retry with the same parameters"}
    return {str(s): {"description": texts[s], "content": {JSON: {"schema": _ref("Error")}}}
            for s in (*statuses, 401, 500)}


def _post(summary: str, body: str, ok: str | None, *errors: int, params: list[Any] | None = None) -> dict[str, Any]:
    responses: dict[str, Any] = (
        {"204": {"description": "done; no body (still signed)"}} if ok is None
        else {"200": {"description": "OK", "content": {JSON: {"schema": _ref(ok)}}}}
    )
    responses.update(_errors(400, 415, *errors))
    operation: dict[str, Any] = {
        "summary": summary,
        "requestBody": {"required": True, "content": {JSON: {"schema": _ref(body)}}},
        "responses": responses,
        "security": SIGNED,
    }
    if params:
        operation["parameters"] = params
    return {"post": operation}


def _get(summary: str, ok: str, params: list[Any]) -> dict[str, Any]:
    responses = {"200": {"description": "OK", "content": {JSON: {"schema": _ref(ok)}}}}
    responses.update(_errors(400, 403, 404))
    return {"get": {"summary": summary, "parameters": params, "responses": responses, "security": SIGNED}}


def _path_param(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema}


COURT_CODE_QUERY = {"name": "court_code", "in": "query", "required": True, "schema": _text(32)}
OUT_FREEZE_NO = _path_param("out_freeze_no", {"type": "string", "pattern": OUT_NO_PATTERN})


def _paths() -> dict[str, Any]:
    return {
        "/v3/judicial/account-queries": _post(
            "Query a debtor's wallets: balance, available, measures, transaction records", "AccountQueryRequest",
            "AccountQueryResult", 403),
        "/v3/judicial/freezes": _post("Freeze an amount or a whole wallet (waits in line behind earlier freezes)",
                                      "FreezeRequest", "Freeze", 403, 404),
        "/v3/judicial/freezes/out-freeze-no/{out_freeze_no}": _get(
            "A court's own freeze by its out_freeze_no", "Freeze", [OUT_FREEZE_NO, COURT_CODE_QUERY]),
        "/v3/judicial/freezes/out-freeze-no/{out_freeze_no}/renew": _post(
            "Renew a freeze before it ends (new end date at most 365 days past the current one)", "RenewRequest",
            "Freeze", 403, 404, params=[OUT_FREEZE_NO]),
        "/v3/judicial/freezes/out-freeze-no/{out_freeze_no}/release": _post(
            "Release a freeze; the next waiting freeze takes effect", "ReleaseRequest", None, 403, 404,
            params=[OUT_FREEZE_NO]),
        "/v3/judicial/deductions": _post("Deduct frozen money into the court's enforcement account",
                                         "DeductionRequest", "Deduction", 403, 404),
        "/v3/judicial/deductions/out-deduction-no/{out_deduction_no}": _get(
            "A deduction by its out_deduction_no", "Deduction",
            [_path_param("out_deduction_no", {"type": "string", "pattern": OUT_NO_PATTERN}), COURT_CODE_QUERY]),
        "/v3/judicial/restrictions": _post("Publish a consumption restriction order for a subject",
                                           "RestrictionRequest", "Restriction", 403),
        "/v3/judicial/restrictions/{restriction_id}/lift": _post(
            "Lift a consumption restriction order (only the issuing court)", "LiftRequest", "Restriction", 403, 404,
            params=[_path_param("restriction_id", {"type": "string", "pattern": "^WXR[0-9]{10}$"})]),
        "/v3/wallet/payments": _post("The debtor pays a merchant from the wallet balance", "PaymentRequest",
                                     "Payment", 403, 404),
        "/v3/wallet/transfers-in": _post("Money comes into the wallet", "TransferInRequest", "TransferIn", 404),
        "/v3/wallet/balances/{openid}": _get(
            "A wallet's balance and available balance", "Balance",
            [_path_param("openid", {"type": "string", "pattern": r"^[0-9A-Za-z_\-]{6,40}$"})]),
    }


def _schemas() -> dict[str, Any]:
    amount = _object(["total"], {
        "total": {"type": "integer", "minimum": 1, "maximum": MAX_TOTAL_FEN, "description": "integer fen (分)"},
        "currency": {"type": "string", "enum": ["CNY"], "default": "CNY"},
    }, "money in integer fen")
    court = _object(["code", "name"], {"code": _text(32, "court code such as 京0101"), "name": _text(100)})
    subject = _object(["name", "id_type", "id_number"], {
        "name": _text(100), "id_type": {"type": "string", "enum": ["IDCARD", "USCC"]},
        "id_number": {"type": "string", "description": "18 characters with a valid check character"},
    })
    court_request = {"court": _ref("Court"), "judge": _text(50), "case_no": _text(64), "document_no": _text(100),
                     "subject": _ref("Subject")}
    money_out = {"type": "object", "properties": {"total": {"type": "integer"}, "currency": {"type": "string"}}}
    measure = {"type": "object", "properties": {
        "freeze_id": {"type": "string"}, "court": _ref("Court"), "document_no": {"type": "string"},
        "case_no": {"type": "string"}, "mode": {"type": "string", "enum": ["AMOUNT", "ACCOUNT"]},
        "status": {"type": "string", "enum": ["FROZEN", "WAITING"]}, "amount": money_out,
        "frozen_amount": money_out, "start_date": {"type": "string", "format": "date"},
        "end_date": {"type": "string", "format": "date"}, "queue_position": {"type": "integer"}}}
    freeze = {"type": "object", "properties": {
        "out_freeze_no": {"type": "string"}, "freeze_id": {"type": "string"}, "openid": {"type": "string"},
        "court": _ref("Court"), "case_no": {"type": "string"}, "document_no": {"type": "string"},
        "mode": {"type": "string", "enum": ["AMOUNT", "ACCOUNT"]},
        "status": {"type": "string", "enum": ["FROZEN", "WAITING", "EXPIRED", "RELEASED", "DEDUCTED"]},
        "amount": money_out, "frozen_amount": money_out, "unfrozen_amount": money_out, "deducted_amount": money_out,
        "captures_credits": {"type": "boolean"}, "queue_position": {"type": "integer"},
        "term_days": {"type": "integer"}, "start_date": {"type": "string", "format": "date"},
        "end_date": {"type": "string", "format": "date"}, "renewals": {"type": "integer"},
        "measures": {"type": "array", "items": _ref("Measure")}}}
    balance_fields: dict[str, Any] = {
        "openid": {"type": "string"}, "balance": money_out, "available": money_out,
        "freeze_state": {"type": "string", "enum": ["NOT_FROZEN", "AMOUNT_FROZEN", "ACCOUNT_FROZEN"]}}
    balance = {"type": "object", "properties": balance_fields}
    restriction = {"type": "object", "properties": {
        "out_restriction_no": {"type": "string"}, "restriction_id": {"type": "string"}, "court": _ref("Court"),
        "case_no": {"type": "string"}, "document_no": {"type": "string"},
        "categories": {"type": "array", "items": {"type": "string"}},
        "status": {"type": "string", "enum": ["ACTIVE", "LIFTED"]}, "issued_time": {"type": "string"},
        "lifted_time": {"type": "string"}}}
    account = {"type": "object", "properties": {
        **balance_fields, "holder_name": {"type": "string"},
        "measures": {"type": "array", "items": _ref("Measure")},
        "transactions": {"type": "array", "items": {"type": "object"}}}}
    return {
        "Amount": amount, "Court": court, "Subject": subject, "Measure": measure, "Freeze": freeze,
        "Balance": balance, "Restriction": restriction, "Account": account,
        "Error": {"type": "object", "required": ["code", "message"], "properties": {
            "code": {"type": "string"}, "message": {"type": "string"},
            "detail": {"type": "object", "properties": {
                "field": {"type": "string"}, "value": {}, "issue": {"type": "string"},
                "location": {"type": "string", "enum": ["body", "query", "path", "header"]}}}}},
        "AccountQueryRequest": _object(["out_query_no", *court_request], {
            "out_query_no": _out_no("idempotency key"), **court_request,
            "transactions": _object(["start_date", "end_date"], {
                "start_date": {"type": "string", "format": "date"}, "end_date": {"type": "string", "format": "date"}},
                "transaction records for these Beijing dates, both included")}),
        "AccountQueryResult": {"type": "object", "properties": {
            "out_query_no": {"type": "string"}, "accounts": {"type": "array", "items": _ref("Account")},
            "restrictions": {"type": "array", "items": _ref("Restriction")}}},
        "FreezeRequest": _object(["out_freeze_no", *court_request, "openid", "mode", "end_date"], {
            "out_freeze_no": _out_no("idempotency key; addresses the freeze afterwards"), **court_request,
            "openid": {"type": "string"}, "mode": {"type": "string", "enum": ["AMOUNT", "ACCOUNT"]},
            "amount": _ref("Amount"), "end_date": {"type": "string", "format": "date"}}),
        "RenewRequest": _object(["out_renew_no", "court_code", "end_date"], {
            "out_renew_no": _out_no("idempotency key"), "court_code": _text(32),
            "end_date": {"type": "string", "format": "date"}, "document_no": _text(100), "judge": _text(50)}),
        "ReleaseRequest": _object(["out_release_no", "court_code", "document_no"], {
            "out_release_no": _out_no("idempotency key"), "court_code": _text(32), "document_no": _text(100),
            "judge": _text(50)}),
        "DeductionRequest": _object(
            ["out_deduction_no", "court_code", "out_freeze_no", "amount", "document_no", "enforcement_account"], {
                "out_deduction_no": _out_no("idempotency key"), "court_code": _text(32),
                "out_freeze_no": _out_no("the freeze to deduct from"), "amount": _ref("Amount"),
                "document_no": _text(100), "enforcement_account": _text(64), "judge": _text(50)}),
        "Deduction": {"type": "object", "properties": {
            "out_deduction_no": {"type": "string"}, "deduction_id": {"type": "string"},
            "out_freeze_no": {"type": "string"}, "freeze_id": {"type": "string"}, "court_code": {"type": "string"},
            "document_no": {"type": "string"}, "enforcement_account": {"type": "string"}, "amount": money_out,
            "remaining_frozen": money_out, "status": {"type": "string", "enum": ["SUCCESS"]},
            "success_time": {"type": "string"}}},
        "RestrictionRequest": _object(["out_restriction_no", *court_request], {
            "out_restriction_no": _out_no("idempotency key"), **court_request,
            "categories": {"type": "array", "minItems": 1,
                           "items": {"type": "string", "enum": sorted(RESTRICTED_CATEGORIES)}}}),
        "LiftRequest": _object(["out_lift_no", "court_code"], {
            "out_lift_no": _out_no("idempotency key"), "court_code": _text(32), "document_no": _text(100)}),
        "PaymentRequest": _object(["out_trade_no", "openid", "amount", "description", "merchant_category"], {
            "out_trade_no": _out_no("idempotency key"), "openid": {"type": "string"}, "amount": _ref("Amount"),
            "description": _text(127), "merchant_category": {"type": "string", "enum": sorted(ALL_CATEGORIES)}}),
        "Payment": {"type": "object", "properties": {
            "transaction_id": {"type": "string"}, "out_trade_no": {"type": "string"}, "mchid": {"type": "string"},
            "openid": {"type": "string"}, "trade_state": {"type": "string", "enum": ["SUCCESS"]},
            "amount": {"type": "object"}, "success_time": {"type": "string"}}},
        "TransferInRequest": _object(["out_bill_no", "openid", "amount"], {
            "out_bill_no": _out_no("idempotency key"), "openid": {"type": "string"}, "amount": _ref("Amount"),
            "remark": _text(32)}),
        "TransferIn": {"type": "object", "properties": {
            "out_bill_no": {"type": "string"}, "transfer_bill_no": {"type": "string"}, "openid": {"type": "string"},
            "state": {"type": "string", "enum": ["SUCCESS"]}, "amount": money_out,
            "captured_by_freezes": money_out, "balance": money_out, "available": money_out,
            "create_time": {"type": "string"}}},
    }


def openapi_document() -> dict[str, Any]:
    """The whole document: the v3 dialect's paths and the shared control API's."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "freezesim WeChat-wallet-like mock (v3 style)",
            "version": "1.0.0",
            "description": (
                "Every /v3 request carries Authorization: WECHATPAY2-SHA256-RSA2048 mchid=...,nonce_str=...,"
                "timestamp=...,serial_no=...,signature=... over METHOD\\nURL\\nTIMESTAMP\\nNONCE\\nBODY\\n; every "
                "response carries Wechatpay-Timestamp, -Nonce, -Signature, -Serial and -Signature-Type over "
                "TIMESTAMP\\nNONCE\\nBODY\\n. Amounts are integer fen."
            ),
        },
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {"WechatPay2": {
                "type": "apiKey", "in": "header", "name": "Authorization",
                "description": "WECHATPAY2-SHA256-RSA2048 merchant signature"}},
        },
        "paths": {**_paths(), **control_openapi_paths()},
    }
