"""Request bodies of the v3 endpoints (marshmallow): unknown fields, floats and bad identifiers are refused."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from payment_mocks.identity import IdentityFormatError, validate_id
from payment_mocks.ledger.categories import ALL_CATEGORIES, RESTRICTED_CATEGORIES
from payment_mocks.terms import TermError, parse_date

#: 100 000 000.00 yuan, the largest amount one request may carry
MAX_TOTAL_FEN = 10_000_000_000
# used with fullmatch: match would let $ accept a trailing newline
OUT_NO = re.compile(r"^[0-9A-Za-z_\-|*]{6,32}$")
OPENID = re.compile(r"^[0-9A-Za-z_\-]{6,40}$")
#: v3 spellings of the ID types -> the ledger's
ID_TYPES = {"IDCARD": "resident_id", "USCC": "uscc"}
MODES = ("AMOUNT", "ACCOUNT")


class Text(fields.String):
    """A non-blank string of at most ``max_len`` characters."""

    def __init__(self, max_len: int, **kwargs: Any) -> None:
        super().__init__(validate=validate.Length(min=1, max=max_len), **kwargs)
        self.max_len = max_len

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not text.strip():
            raise ValidationError(f"must be a non-blank string of at most {self.max_len} characters")
        return text


class OutNo(fields.String):
    """A caller-chosen request number: 6 to 32 characters of [0-9A-Za-z_-|*], the idempotency key."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not OUT_NO.fullmatch(text):
            raise ValidationError("must be 6 to 32 characters of digits, letters and _-|*")
        return text


class Openid(fields.String):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not OPENID.fullmatch(text):
            raise ValidationError("must be an openid: 6 to 40 characters of digits, letters, _ and -")
        return text


class Fen(fields.Field[int]):
    """An amount in integer fen (分): positive, at most 100 000 000.00 yuan; never a float, string or bool."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError("must be an integer number of fen (分), such as 12345 for 123.45 yuan")
        if value <= 0:
            raise ValidationError("must be a positive number of fen")
        if value > MAX_TOTAL_FEN:
            raise ValidationError(f"must be at most {MAX_TOTAL_FEN} fen (100000000.00 yuan)")
        return value


class Day(fields.Field[date]):
    """A calendar date ``yyyy-MM-dd`` (Beijing)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date:
        try:
            return parse_date(value, attr or "date")
        except TermError:
            raise ValidationError("must be a date yyyy-MM-dd") from None


class AmountSchema(Schema):
    total = Fen(required=True)
    currency = fields.String(load_default="CNY", validate=validate.Equal("CNY", error="must be CNY"))


class CourtSchema(Schema):
    code = Text(32, required=True)
    name = Text(100, required=True)


class SubjectSchema(Schema):
    name = Text(100, required=True)
    id_type = fields.String(required=True, validate=validate.OneOf(list(ID_TYPES)))
    id_number = fields.String(required=True)

    @validates_schema
    def _check_number(self, data: dict[str, Any], **kwargs: Any) -> None:
        try:
            data["id_number"] = validate_id(ID_TYPES[data["id_type"]], data["id_number"])
        except IdentityFormatError as exc:
            raise ValidationError(str(exc), field_name="id_number") from None


class DateRangeSchema(Schema):
    start_date = Day(required=True)
    end_date = Day(required=True)

    @validates_schema
    def _ordered(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["start_date"] > data["end_date"]:
            raise ValidationError("must not be before start_date", field_name="end_date")


class _CourtRequest(Schema):
    court = fields.Nested(CourtSchema, required=True)
    judge = Text(50, required=True)
    case_no = Text(64, required=True)
    document_no = Text(100, required=True)
    subject = fields.Nested(SubjectSchema, required=True)


class AccountQuerySchema(_CourtRequest):
    out_query_no = OutNo(required=True)
    transactions = fields.Nested(DateRangeSchema)


class FreezeSchema(_CourtRequest):
    out_freeze_no = OutNo(required=True)
    openid = Openid(required=True)
    mode = fields.String(required=True, validate=validate.OneOf(MODES))
    amount = fields.Nested(AmountSchema)
    end_date = Day(required=True)

    @validates_schema
    def _amount_by_mode(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["mode"] == "AMOUNT" and "amount" not in data:
            raise ValidationError("an AMOUNT freeze needs amount {total, currency}", field_name="amount")
        if data["mode"] == "ACCOUNT" and "amount" in data:
            raise ValidationError("an ACCOUNT freeze freezes the whole account: leave amount out", field_name="amount")


class RenewSchema(Schema):
    out_renew_no = OutNo(required=True)
    court_code = Text(32, required=True)
    end_date = Day(required=True)
    document_no = Text(100)
    judge = Text(50)


class ReleaseSchema(Schema):
    out_release_no = OutNo(required=True)
    court_code = Text(32, required=True)
    document_no = Text(100, required=True)
    judge = Text(50)


class DeductionSchema(Schema):
    out_deduction_no = OutNo(required=True)
    court_code = Text(32, required=True)
    out_freeze_no = OutNo(required=True)
    amount = fields.Nested(AmountSchema, required=True)
    document_no = Text(100, required=True)
    enforcement_account = Text(64, required=True)
    judge = Text(50)


class RestrictionSchema(_CourtRequest):
    out_restriction_no = OutNo(required=True)
    categories = fields.List(
        fields.String(validate=validate.OneOf(sorted(RESTRICTED_CATEGORIES))), validate=validate.Length(min=1)
    )


class LiftSchema(Schema):
    out_lift_no = OutNo(required=True)
    court_code = Text(32, required=True)
    document_no = Text(100)


class PaymentSchema(Schema):
    out_trade_no = OutNo(required=True)
    openid = Openid(required=True)
    amount = fields.Nested(AmountSchema, required=True)
    description = Text(127, required=True)
    merchant_category = fields.String(required=True, validate=validate.OneOf(sorted(ALL_CATEGORIES)))


class TransferInSchema(Schema):
    out_bill_no = OutNo(required=True)
    openid = Openid(required=True)
    amount = fields.Nested(AmountSchema, required=True)
    remark = Text(32)


class CourtCodeQuery(Schema):
    """The query string of a GET that a court sends: ``?court_code=...``."""

    court_code = Text(32, required=True)
