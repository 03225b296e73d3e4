"""Request bodies the bank accepts, validated up front: a bad request is refused whole and changes nothing.

Loaded data is plain JSON: money as integer fen, dates as ``yyyy-MM-dd`` strings, ID numbers normalised.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, overload
from urllib.parse import urlsplit

from marshmallow import RAISE, Schema, ValidationError, fields, post_load, validate, validates_schema

from payment_mocks.bank.dialect import BankRefusal
from payment_mocks.identity import IdentityFormatError, IdType, validate_id
from payment_mocks.ledger.categories import ALL_CATEGORIES, RESTRICTED_CATEGORIES
from payment_mocks.money import MoneyFormatError, parse_yuan
from payment_mocks.terms import TermError, parse_date, term_days

REQUEST_NO_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$"
OPERATIONS = ("01", "02", "04", "06")  # freeze, renew, unfreeze, deduct
CALLBACK_HOSTS = frozenset({"127.0.0.1", "localhost"})
MAX_ITEMS = 100


def _printable(value: str) -> None:
    if not value.strip() or not value.isprintable():
        raise ValidationError("must not be blank or contain control characters")


def text(max_len: int, *, required: bool = True) -> fields.String:
    """A non-blank printable string of at most ``max_len`` characters."""
    return fields.String(required=required, allow_none=not required,
                         validate=[validate.Length(min=1, max=max_len), _printable])


class WholeRegexp(validate.Regexp):
    """``validate.Regexp`` over the whole value: match would let ``$`` accept a trailing newline."""

    @overload
    def __call__(self, value: str) -> str: ...

    @overload
    def __call__(self, value: bytes) -> bytes: ...

    def __call__(self, value: str | bytes) -> str | bytes:
        pattern: re.Pattern[Any] = self.regex
        if not isinstance(value, str) or pattern.fullmatch(value) is None:
            raise ValidationError(self._format_error(value))
        return value


def request_no(*, required: bool = True) -> fields.String:
    return fields.String(required=required, allow_none=not required, validate=WholeRegexp(
        REQUEST_NO_PATTERN, error="must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"))


class Yuan(fields.Field[int]):
    """A yuan amount as a decimal string (``"1234.56"``), loaded as integer fen; numbers are refused."""

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any) -> int:
        try:
            return parse_yuan(value)
        except MoneyFormatError as exc:
            raise ValidationError(str(exc)) from None


class DateText(fields.Field[str]):
    """A calendar date ``yyyy-MM-dd`` (Beijing), loaded as the same string once checked."""

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any) -> str:
        try:
            return parse_date(value, attr or "date").isoformat()
        except TermError as exc:
            raise ValidationError(str(exc)) from None


class CallbackUrl(fields.Field[str]):
    """Where the feedback is posted: a loopback http(s) URL only, so the mock never calls out."""

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any) -> str:
        if not isinstance(value, str) or not 1 <= len(value) <= 500:
            raise ValidationError("must be a URL string of at most 500 characters")
        try:
            parts = urlsplit(value)
            port_ok = parts.port is None or parts.port > 0  # reading .port raises ValueError when out of range
        except ValueError:
            raise ValidationError("is not a valid URL") from None
        if not port_ok or parts.scheme not in ("http", "https") or parts.hostname not in CALLBACK_HOSTS \
                or parts.username:
            raise ValidationError("must be an http:// URL on 127.0.0.1 or localhost")
        return value


class StrictSchema(Schema):
    class Meta:
        unknown = RAISE

    @post_load
    def _drop_nulls(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        # An optional field sent as null means the same as leaving it out, also for the request's fingerprint.
        return {k: v for k, v in data.items() if v is not None}


class CourtSchema(StrictSchema):
    code = text(32)
    name = text(100)


class SubjectSchema(StrictSchema):
    name = text(100)
    id_type = fields.String(required=True, validate=validate.OneOf([t.value for t in IdType]))
    id_number = fields.String(required=True)

    @validates_schema
    def _check_id(self, data: dict[str, Any], **kwargs: Any) -> None:
        try:
            validate_id(data["id_type"], data["id_number"])
        except IdentityFormatError as exc:
            raise ValidationError(str(exc), "id_number") from None

    @post_load
    def _normalise(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        data["id_number"] = validate_id(data["id_type"], data["id_number"])
        return data


class TransactionsSchema(StrictSchema):
    since = DateText(required=True, data_key="from")
    until = DateText(required=True, data_key="to")

    @validates_schema
    def _ordered(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["since"] > data["until"]:
            raise ValidationError("must not be before 'from'", "to")


# Which optional item fields each operation requires and which it accepts at all.
_REQUIRED = {
    "01": ("content", "start_date", "end_date"),
    "02": ("original_request_no", "end_date"),
    "04": ("original_request_no",),
    "06": ("original_request_no", "amount", "enforcement_account"),
}
_ALLOWED = {
    "01": {"content", "currency", "amount", "start_date", "end_date"},
    "02": {"content", "currency", "start_date", "end_date", "original_request_no"},
    "04": {"content", "currency", "original_request_no"},
    "06": {"content", "currency", "amount", "original_request_no", "enforcement_account"},
}
_OPTIONAL_ITEM_FIELDS = ("content", "amount", "start_date", "end_date", "original_request_no", "enforcement_account")


class ItemSchema(StrictSchema):
    seq = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=9999))
    operation = fields.String(required=True, validate=validate.OneOf(OPERATIONS))
    account_no = text(40)
    content = fields.String(allow_none=True, validate=validate.OneOf(["1", "2"]))
    currency = fields.String(load_default="156", validate=validate.Equal("156", error="must be \"156\" (CNY)"))
    amount = Yuan(allow_none=True)
    start_date = DateText(allow_none=True)
    end_date = DateText(allow_none=True)
    original_request_no = request_no(required=False)
    enforcement_account = text(64, required=False)

    @validates_schema
    def _fits_operation(self, data: dict[str, Any], **kwargs: Any) -> None:
        op = data["operation"]
        for name in _OPTIONAL_ITEM_FIELDS:
            present = data.get(name) is not None
            if not present and name in _REQUIRED[op]:
                raise ValidationError(f"is required for operation {op}", name)
            if present and name not in _ALLOWED[op]:
                raise ValidationError(f"is not used by operation {op}", name)
        if op == "01":
            if data["content"] == "1" and data.get("amount") is None:
                raise ValidationError("is required to freeze an amount (content 1)", "amount")
            if data["content"] == "2" and data.get("amount") is not None:
                raise ValidationError("a whole-account freeze (content 2) takes no amount", "amount")
            try:
                term_days(parse_date(data["start_date"]), parse_date(data["end_date"]))
            except TermError as exc:
                raise ValidationError(str(exc), "end_date") from None


class JudicialRequestSchema(StrictSchema):
    """What every judicial request carries: who asks, under which case and ruling, about whom."""

    request_no = request_no()
    court = fields.Nested(CourtSchema, required=True)
    judge = text(50)
    case_no = text(100)
    document_no = text(100)
    subject = fields.Nested(SubjectSchema, required=True)
    callback_url = CallbackUrl(allow_none=True)


class QuerySchema(JudicialRequestSchema):
    transactions = fields.Nested(TransactionsSchema, allow_none=True)


class ControlSchema(JudicialRequestSchema):
    items = fields.List(fields.Nested(ItemSchema), required=True, validate=validate.Length(min=1, max=MAX_ITEMS))

    @validates_schema
    def _unique_seq(self, data: dict[str, Any], **kwargs: Any) -> None:
        seen: set[int] = set()
        for index, item in enumerate(data["items"]):
            if item["seq"] in seen:
                raise ValidationError({"items": {index: {"seq": ["repeats an earlier item's seq"]}}})
            seen.add(item["seq"])


class RestrictionSchema(StrictSchema):
    request_no = request_no()
    court = fields.Nested(CourtSchema, required=True)
    judge = text(50, required=False)
    case_no = text(100)
    document_no = text(100)
    subject = fields.Nested(SubjectSchema, required=True)
    categories = fields.List(fields.String(validate=validate.OneOf(sorted(RESTRICTED_CATEGORIES))),
                             allow_none=True, validate=validate.Length(min=1))


class LiftSchema(StrictSchema):
    court = fields.Nested(CourtSchema, required=True)
    request_no = request_no(required=False)
    document_no = text(100, required=False)


class DebitSchema(StrictSchema):
    request_no = request_no()
    amount = Yuan(required=True)
    merchant = text(100)
    category = fields.String(required=True, validate=validate.OneOf(sorted(ALL_CATEGORIES)))


class CreditSchema(StrictSchema):
    request_no = request_no()
    amount = Yuan(required=True)
    counterparty = text(100)


def first_error(messages: Any, path: str = "") -> tuple[str, str]:
    """The first problem marshmallow found, as (JSON pointer, message)."""
    if isinstance(messages, dict) and messages:
        key, inner = next(iter(messages.items()))
        return first_error(inner, path if key == "_schema" else f"{path}/{key}")
    if isinstance(messages, list) and messages:
        head = messages[0]
        if isinstance(head, str):
            return path, head
        return first_error(head, path)
    return path, str(messages)


def load(schema: Schema, body: Any) -> dict[str, Any]:
    """Validate ``body``; a problem is a 400 FIELD_INVALID naming the field as a JSON pointer."""
    try:
        data: dict[str, Any] = schema.load(body)
    except ValidationError as exc:
        field, message = first_error(exc.messages)
        raise BankRefusal(400, "FIELD_INVALID", f"{field or 'body'}: {message}", field or None) from None
    return data
