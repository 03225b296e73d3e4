"""Form fields read as the API's JSON bodies and checked with the API's own schemas, so the rules are the same.

An empty field counts as not given. A refusal names the field in the console's words.
"""

from __future__ import annotations

from typing import Any

from flask import request
from marshmallow import Schema

from court_node.api.errors import BadRequest
from court_node.api.http import load
from court_node.api.schemas.cases import FileCaseSchema, NoticeSchema
from court_node.api.schemas.deductions import DeductSchema
from court_node.api.schemas.freezes import FreezeRequestSchema, ReleaseSchema, RenewSchema
from court_node.api.schemas.inspections import InspectSchema
from court_node.api.schemas.restrictions import RestrictSchema
from court_node.console import labels

#: the form fields that are not the request's content
CONTROL_FIELDS = ("csrf_token", "idempotency_key")
_PLAIN = {"Missing data for required field.": "fill this in", "Not a valid integer.": "give a whole number",
          "Not a valid date.": "give a date as YYYY-MM-DD", "Field may not be null.": "fill this in"}
_MAX_DIGITS = 18


def given(*names: str) -> dict[str, Any]:
    """The named fields that were filled in, stripped."""
    return {name: request.form[name].strip() for name in names if request.form.get(name, "").strip()}


def _whole(data: dict[str, Any], *names: str) -> None:
    """Digits become integers (the API's schemas want JSON numbers); anything else is left for them to refuse."""
    for name in names:
        value = data.get(name)
        if isinstance(value, str) and value.isdigit() and len(value) <= _MAX_DIGITS:
            data[name] = int(value)


def checked(schema: Schema, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` loaded with the API's ``schema``; 400 naming the first bad field in plain words otherwise."""
    try:
        return load(schema, data)
    except BadRequest as exc:
        fields: dict[str, list[str]] = exc.details.get("fields", {})
        if not fields:
            raise
        name, messages = next(iter(fields.items()))
        text = _PLAIN.get(messages[0], messages[0])
        where = labels.FIELDS.get(name, name.replace("_", " ").capitalize())
        raise BadRequest(text[0].upper() + text[1:] if name == "_schema" else f"{where}: {text}", code=exc.code,
                         details=exc.details) from None


def freeze_id() -> int:
    """The freeze chosen in the form; 400 when none was."""
    value = request.form.get("freeze_id", "").strip()
    if not value.isdigit() or len(value) > _MAX_DIGITS:
        raise BadRequest("Freeze: choose one of the case's freezes", code="INVALID_FIELD")
    return int(value)


def inspection() -> dict[str, Any]:
    data = given("document_no")
    period = given("from", "to")
    if period:
        data["transactions"] = period
    return checked(InspectSchema(), data)


def freeze_plan() -> dict[str, Any]:
    data = given("document_no", "mode", "term_days")
    _whole(data, "term_days")
    return checked(FreezeRequestSchema(), data)


def renewal() -> dict[str, Any]:
    data = given("document_no", "days", "end_date")
    _whole(data, "days")
    return checked(RenewSchema(), data)


def release() -> dict[str, Any]:
    return checked(ReleaseSchema(), given("document_no"))


def deduction() -> dict[str, Any]:
    data = given("document_no", "notice_no", "amount", "freeze_id")
    if data.get("freeze_id") == "any":
        del data["freeze_id"]
    _whole(data, "freeze_id")
    return checked(DeductSchema(), data)


def restriction() -> dict[str, Any]:
    data: dict[str, Any] = given("document_no")
    data["categories"] = [c for c in request.form.getlist("categories") if c.strip()]
    if not data["categories"]:
        raise BadRequest("Categories: choose at least one", code="INVALID_FIELD")
    return checked(RestrictSchema(), data)


def notice() -> dict[str, Any]:
    return checked(NoticeSchema(), given("document_no"))


def filing() -> dict[str, Any]:
    data: dict[str, Any] = given("case_number", "principal", "costs", "judgment_date")
    for party in ("creditor", "debtor"):
        data[party] = {key: value for key in ("name", "id_type", "id_number")
                       if (value := request.form.get(f"{party}_{key}", "").strip())}
    data["delay_interest"] = request.form.get("delay_interest") == "yes"
    return checked(FileCaseSchema(), data)


def content() -> list[tuple[str, str]]:
    """What the form asks for, for the idempotency fingerprint (control fields left out), in a stable order."""
    return sorted((name, value) for name, values in request.form.lists() if name not in CONTROL_FIELDS
                  for value in values)
