"""The ``biz_content`` of every method, validated with marshmallow into typed orders.

Unknown fields are refused. A missing field answers 40001 ``isv.missing-<field>``; any other problem
40002 ``isv.invalid-parameter`` naming the field (``subject.cert_no``, ``categories[0]``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, overload

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from payment_mocks.alipay.errors import GatewayError, invalid_parameter, missing
from payment_mocks.identity import IdentityFormatError, IdType, validate_id
from payment_mocks.ledger.categories import ALL_CATEGORIES, RESTRICTED_CATEGORIES
from payment_mocks.ledger.model import FreezeMode
from payment_mocks.money import MoneyFormatError, parse_yuan
from payment_mocks.terms import TermError, parse_date

MISSING_MESSAGE = str(fields.Field.default_error_messages["required"])
UNKNOWN_FIELD = "unknown field"

#: Alipay's certificate types -> the ledger's identity types
CERT_TYPES = {"IDENTITY_CARD": IdType.RESIDENT_ID, "UNIFIED_SOCIAL_CREDIT_CODE": IdType.USCC}
FREEZE_TYPES = {"AMOUNT": FreezeMode.AMOUNT, "ACCOUNT": FreezeMode.ACCOUNT}

# [0-9], not \d (which also matches other scripts' digits); every pattern is used with fullmatch, since match
# would let $ accept a trailing newline
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# （2026）京0101执123号: year, court (province + 2-4 digits), type (执, 执恢, 执保...), serial, 号
_CASE_NO = re.compile(r"^[（(][0-9]{4}[）)][\u4e00-\u9fff][0-9]{2,4}[\u4e00-\u9fff]{1,3}[0-9]{1,8}号$")
_OUT_NO = re.compile(r"^[0-9A-Za-z_\-]+$")
_USER_ID = re.compile(r"^2088[0-9]{12}$")


class WholeRegexp(validate.Regexp):
    """``validate.Regexp`` over the whole value (still a Regexp, so the OpenAPI document keeps its pattern)."""

    @overload
    def __call__(self, value: str) -> str: ...

    @overload
    def __call__(self, value: bytes) -> bytes: ...

    def __call__(self, value: str | bytes) -> str | bytes:
        pattern: re.Pattern[Any] = self.regex
        if not isinstance(value, str) or pattern.fullmatch(value) is None:
            raise ValidationError(self._format_error(value))
        return value


# ---- fields ------------------------------------------------------------------------------------------------
class Yuan(fields.Field[int]):
    """A yuan string such as ``"12.50"`` -> integer fen, in [0.01, 100000000.00]; a JSON number is refused."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        try:
            return parse_yuan(value)
        except MoneyFormatError as exc:
            raise ValidationError(str(exc)) from None


class Day(fields.Field[date]):
    """A calendar date ``yyyy-MM-dd``."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date:
        if not isinstance(value, str) or not _DAY.fullmatch(value):
            raise ValidationError("must be a date yyyy-MM-dd")
        try:
            return parse_date(value, attr or "date")
        except TermError as exc:
            raise ValidationError(str(exc)) from None


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("must not be blank")


def text(max_len: int, *, required: bool = True, pattern: re.Pattern[str] | None = None) -> fields.String:
    checks: list[Any] = [validate.Length(min=1, max=max_len), _not_blank]
    if pattern is not None:
        checks.append(WholeRegexp(pattern, error="has an invalid format"))
    return fields.String(required=required, validate=checks)


def out_no() -> fields.String:
    """Caller-chosen numbers (idempotency keys): letters, digits, ``_`` and ``-``, at most 64."""
    return text(64, pattern=_OUT_NO)


def user_id(*, required: bool = True) -> fields.String:
    return fields.String(required=required, validate=WholeRegexp(_USER_ID, error="must be 2088 + 12 digits"))


def one_of(choices: Any) -> fields.String:
    return fields.String(required=True, validate=validate.OneOf(sorted(choices)))


class Strict(Schema):
    """Unknown fields are refused, in every nested object too."""

    error_messages = {"unknown": UNKNOWN_FIELD}  # noqa: RUF012 (marshmallow reads it from the class)


# ---- typed orders ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CourtOrder:
    """What every judicial request carries: the idempotency key and who orders it, in which case."""

    out_request_no: str
    court_code: str
    court_name: str
    judge_name: str
    case_no: str
    document_no: str


@dataclass(frozen=True)
class SubjectRef:
    name: str
    id_type: IdType
    cert_type: str
    cert_no: str


@dataclass(frozen=True)
class AccountQuery:
    court: CourtOrder
    subject: SubjectRef
    trans_start_date: date | None
    trans_end_date: date | None


@dataclass(frozen=True)
class FundFreeze:
    court: CourtOrder
    subject: SubjectRef
    user_id: str
    mode: FreezeMode
    amount: int | None
    end_date: date


@dataclass(frozen=True)
class FreezeRenew:
    court: CourtOrder
    freeze_no: str
    new_end_date: date


@dataclass(frozen=True)
class FreezeRelease:
    court: CourtOrder
    freeze_no: str


@dataclass(frozen=True)
class FundDeduct:
    court: CourtOrder
    freeze_no: str
    amount: int
    enforcement_account: str


@dataclass(frozen=True)
class OrderQuery:
    out_request_no: str


@dataclass(frozen=True)
class FreezeQuery:
    court_code: str
    freeze_no: str


@dataclass(frozen=True)
class RestrictionCreate:
    court: CourtOrder
    subject: SubjectRef
    categories: frozenset[str] | None


@dataclass(frozen=True)
class RestrictionCancel:
    court: CourtOrder
    restriction_no: str


@dataclass(frozen=True)
class TradePay:
    out_trade_no: str
    buyer_id: str
    amount: int
    subject: str
    category: str


@dataclass(frozen=True)
class Transfer:
    out_biz_no: str
    amount: int
    payee_id: str
    payee_name: str | None
    order_title: str
    remark: str


# ---- schemas -----------------------------------------------------------------------------------------------
class SubjectSchema(Strict):
    name = text(100)
    cert_type = one_of(CERT_TYPES)
    cert_no = text(18)

    @validates_schema
    def _check_cert_no(self, data: dict[str, Any], **kwargs: Any) -> None:
        try:
            validate_id(CERT_TYPES[data["cert_type"]], data["cert_no"])
        except IdentityFormatError as exc:
            raise ValidationError(str(exc), field_name="cert_no") from None

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> SubjectRef:
        id_type = CERT_TYPES[data["cert_type"]]
        return SubjectRef(data["name"], id_type, data["cert_type"], validate_id(id_type, data["cert_no"]))


class JudicialSchema(Strict):
    """The fields every judicial request carries."""

    out_request_no = out_no()
    court_code = text(32)
    court_name = text(100)
    judge_name = text(50)
    case_no = text(100, pattern=_CASE_NO)
    document_no = text(100)

    @staticmethod
    def court(data: dict[str, Any]) -> CourtOrder:
        return CourtOrder(data["out_request_no"], data["court_code"], data["court_name"], data.get("judge_name", ""),
                          data.get("case_no", ""), data.get("document_no", ""))


class AccountQuerySchema(JudicialSchema):
    subject = fields.Nested(SubjectSchema, required=True)
    trans_start_date = Day()
    trans_end_date = Day()

    @validates_schema
    def _check_range(self, data: dict[str, Any], **kwargs: Any) -> None:
        start, end = data.get("trans_start_date"), data.get("trans_end_date")
        if start is not None and end is not None and start > end:
            raise ValidationError("must not be before trans_start_date", field_name="trans_end_date")

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> AccountQuery:
        return AccountQuery(self.court(data), data["subject"], data.get("trans_start_date"),
                            data.get("trans_end_date"))


class FundFreezeSchema(JudicialSchema):
    subject = fields.Nested(SubjectSchema, required=True)
    user_id = user_id()
    freeze_type = one_of(FREEZE_TYPES)
    freeze_amount = Yuan()
    freeze_end_date = Day(required=True)

    @validates_schema
    def _check_amount(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["freeze_type"] == "AMOUNT" and "freeze_amount" not in data:
            raise ValidationError(MISSING_MESSAGE, field_name="freeze_amount")
        if data["freeze_type"] == "ACCOUNT" and "freeze_amount" in data:
            raise ValidationError("must be absent when freeze_type is ACCOUNT", field_name="freeze_amount")

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> FundFreeze:
        return FundFreeze(self.court(data), data["subject"], data["user_id"], FREEZE_TYPES[data["freeze_type"]],
                          data.get("freeze_amount"), data["freeze_end_date"])


class FreezeRenewSchema(JudicialSchema):
    freeze_no = text(64)
    new_end_date = Day(required=True)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> FreezeRenew:
        return FreezeRenew(self.court(data), data["freeze_no"], data["new_end_date"])


class FreezeReleaseSchema(JudicialSchema):
    freeze_no = text(64)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> FreezeRelease:
        return FreezeRelease(self.court(data), data["freeze_no"])


class FundDeductSchema(JudicialSchema):
    freeze_no = text(64)
    amount = Yuan(required=True)
    enforcement_account = text(64)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> FundDeduct:
        return FundDeduct(self.court(data), data["freeze_no"], data["amount"], data["enforcement_account"])


class OrderQuerySchema(Strict):
    out_request_no = out_no()

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> OrderQuery:
        return OrderQuery(data["out_request_no"])


class FreezeQuerySchema(Strict):
    court_code = text(32)
    freeze_no = text(64)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> FreezeQuery:
        return FreezeQuery(data["court_code"], data["freeze_no"])


class RestrictionCreateSchema(JudicialSchema):
    judge_name = text(50, required=False)  # a restriction order names the court and its document; a judge is optional
    subject = fields.Nested(SubjectSchema, required=True)
    categories = fields.List(fields.String(validate=validate.OneOf(sorted(RESTRICTED_CATEGORIES))),
                             validate=validate.Length(min=1))

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> RestrictionCreate:
        chosen = data.get("categories")
        return RestrictionCreate(self.court(data), data["subject"], None if chosen is None else frozenset(chosen))


class RestrictionCancelSchema(JudicialSchema):
    # Lifting needs only the issuing court (the ledger checks it); the case, document and judge are optional.
    judge_name = text(50, required=False)
    case_no = text(100, required=False, pattern=_CASE_NO)
    document_no = text(100, required=False)
    restriction_no = text(64)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> RestrictionCancel:
        return RestrictionCancel(self.court(data), data["restriction_no"])


class TradePaySchema(Strict):
    out_trade_no = out_no()
    buyer_id = user_id()
    total_amount = Yuan(required=True)
    subject = text(256)
    merchant_category = one_of(ALL_CATEGORIES)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> TradePay:
        return TradePay(data["out_trade_no"], data["buyer_id"], data["total_amount"], data["subject"],
                        data["merchant_category"])


class PayeeSchema(Strict):
    identity = user_id()
    identity_type = fields.String(required=True, validate=validate.Equal(
        "ALIPAY_USER_ID", error="only ALIPAY_USER_ID is supported"))
    name = text(100, required=False)


class TransferSchema(Strict):
    out_biz_no = out_no()
    trans_amount = Yuan(required=True)
    payee_info = fields.Nested(PayeeSchema, required=True)
    product_code = fields.String(validate=validate.Equal("TRANS_ACCOUNT_NO_PWD"))
    biz_scene = fields.String(validate=validate.Equal("DIRECT_TRANSFER"))
    order_title = text(128, required=False)
    remark = text(200, required=False)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> Transfer:
        payee = data["payee_info"]
        return Transfer(data["out_biz_no"], data["trans_amount"], payee["identity"], payee.get("name"),
                        data.get("order_title", ""), data.get("remark", ""))


# ---- loading -----------------------------------------------------------------------------------------------
def parse_biz_content(raw: str | None) -> dict[str, Any]:
    """``biz_content`` as a JSON object; numbers with a fraction stay Decimal (never a float near money)."""
    if raw is None or raw == "":
        raise missing("biz_content")
    try:
        data = json.loads(raw, parse_float=Decimal)
    except ValueError as exc:
        raise invalid_parameter("biz_content", f"not valid JSON ({exc})") from None
    except RecursionError:
        raise invalid_parameter("biz_content", "nested too deeply") from None
    if not isinstance(data, dict):
        raise invalid_parameter("biz_content", "must be a JSON object")
    try:
        json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")
    except UnicodeEncodeError:
        raise invalid_parameter("biz_content", "contains a lone surrogate escape (not UTF-8 text)") from None
    return data


def load(schema: type[Schema], data: dict[str, Any]) -> Any:
    """A typed order, or the GatewayError that names the first missing, else the first invalid field."""
    try:
        return schema().load(data)
    except ValidationError as exc:
        raise _as_gateway_error(exc) from None


def _as_gateway_error(exc: ValidationError) -> GatewayError:
    problems = sorted(_flatten(exc.messages, ""))
    for path, message in problems:
        if message == MISSING_MESSAGE:
            return missing(path)
    path, message = problems[0] if problems else ("biz_content", "invalid")
    return invalid_parameter(path or "biz_content", message)


def _flatten(messages: Any, path: str) -> list[tuple[str, str]]:
    if isinstance(messages, dict):
        found: list[tuple[str, str]] = []
        for key, inner in messages.items():
            if key == "_schema":
                sub = path
            elif isinstance(key, int):
                sub = f"{path}[{key}]"
            else:
                sub = f"{path}.{key}" if path else str(key)
            found.extend(_flatten(inner, sub))
        return found
    if isinstance(messages, list):
        return [item for m in messages for item in _flatten(m, path)]
    return [(path, str(messages))]
