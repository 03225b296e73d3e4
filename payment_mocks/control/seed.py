"""Seeding a provider: subjects with their accounts and opening balances, and the callers it accepts.

A seed is validated whole before anything is written; subjects and accounts go in one ledger transaction
(all or nothing), then the callers, which were checked beforehand by the same rules the registry applies.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from payment_mocks.control.callers import Caller, CallerKind, CallerRegistry
from payment_mocks.control.routes_common import first_error
from payment_mocks.identity import IdentityFormatError, IdType, validate_id
from payment_mocks.ledger import AccountView, Ledger, LedgerError, Subject
from payment_mocks.money import MAX_FEN, MoneyFormatError, parse_yuan
from payment_mocks.signing import load_public_pem

#: the ledger's own ceiling for one balance, in fen
MAX_SEED_FEN = 10**15


class SeedError(ValueError):
    """A seed that cannot be applied; ``field`` is a JSON pointer into the seed."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.message = message
        self.field = field


class Yuan(fields.Field[int]):
    """An amount as a decimal yuan string (``"1234.56"``), loaded as integer fen; JSON numbers are refused."""

    def __init__(self, *, allow_zero: bool = False, max_fen: int = MAX_FEN, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.allow_zero = allow_zero
        self.max_fen = max_fen

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any) -> int:
        try:
            return parse_yuan(value, allow_zero=self.allow_zero, max_fen=self.max_fen)
        except MoneyFormatError as exc:
            raise ValidationError(str(exc)) from None


@dataclass(frozen=True)
class AccountSeed:
    account_no: str
    balance_fen: int


@dataclass(frozen=True)
class SubjectSeed:
    name: str
    id_type: str
    id_number: str
    accounts: list[AccountSeed] = field(default_factory=list)


@dataclass(frozen=True)
class SeedData:
    subjects: list[SubjectSeed] = field(default_factory=list)
    callers: list[Caller] = field(default_factory=list)


@dataclass(frozen=True)
class SeedResult:
    subjects: list[Subject]
    accounts: list[AccountView]
    callers: list[Caller]


class AccountSchema(Schema):
    account_no = fields.String(required=True, validate=validate.Length(1, 40))
    balance = Yuan(required=True, allow_zero=True, max_fen=MAX_SEED_FEN)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> AccountSeed:
        return AccountSeed(data["account_no"], data["balance"])


class SubjectSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(1, 100))
    id_type = fields.String(required=True, validate=validate.OneOf([t.value for t in IdType]))
    id_number = fields.String(required=True, validate=validate.Length(1, 40))
    accounts = fields.List(fields.Nested(AccountSchema), load_default=list, validate=validate.Length(max=1000))

    @validates_schema
    def _check_id(self, data: dict[str, Any], **kwargs: Any) -> None:
        try:
            validate_id(data["id_type"], data["id_number"])
        except IdentityFormatError as exc:
            raise ValidationError(str(exc), field_name="id_number") from None

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> SubjectSeed:
        number = validate_id(data["id_type"], data["id_number"])
        return SubjectSeed(data["name"], data["id_type"], number, list(data["accounts"]))


class CallerSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in CallerKind]))
    caller_id = fields.String(required=True, validate=validate.Length(1, 64))
    name = fields.String(load_default="", validate=validate.Length(max=100))
    secret = fields.String(load_default="", validate=validate.Length(max=512))
    public_key_pem = fields.String(load_default="", validate=validate.Length(max=10_000))
    serial = fields.String(load_default="", validate=validate.Length(max=100))

    @validates_schema
    def _check_caller(self, data: dict[str, Any], **kwargs: Any) -> None:
        check_caller(_caller(data))

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> Caller:
        return _caller(data)


class SeedSchema(Schema):
    subjects = fields.List(fields.Nested(SubjectSchema), load_default=list, validate=validate.Length(max=10_000))
    callers = fields.List(fields.Nested(CallerSchema), load_default=list, validate=validate.Length(max=1000))

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> SeedData:
        return SeedData(list(data["subjects"]), list(data["callers"]))


def _caller(data: Mapping[str, Any]) -> Caller:
    return Caller(CallerKind(data["kind"]), data["caller_id"], data.get("name", ""), data.get("secret", ""),
                  data.get("public_key_pem", ""), data.get("serial", ""))


def check_caller(caller: Caller) -> None:
    """The registry's rules, checked before anything is written (ValidationError naming the field)."""
    if caller.kind is CallerKind.BANK_NODE:
        if len(caller.secret) < 16:
            raise ValidationError("a bank node needs a shared secret of at least 16 characters", field_name="secret")
        return
    try:
        load_public_pem(caller.public_key_pem)
    except Exception:  # cryptography raises ValueError or UnsupportedAlgorithm for a key it cannot use
        raise ValidationError("not a PEM-encoded RSA public key", field_name="public_key_pem") from None
    if caller.kind is CallerKind.WECHAT_MCH and not caller.serial:
        raise ValidationError("a WeChat merchant needs the serial number of its key", field_name="serial")


def apply_seed(ledger: Ledger, callers: CallerRegistry, seed: SeedData, *, only_if_empty: bool = False
               ) -> SeedResult | None:
    """Write a validated seed; with ``only_if_empty``, do nothing (None) when the ledger already has subjects."""
    subjects: list[Subject] = []
    accounts: list[AccountView] = []
    with ledger.transaction() as tx:
        if only_if_empty and tx.conn.execute("SELECT 1 FROM subjects LIMIT 1").fetchone():
            return None
        for i, subject in enumerate(seed.subjects):
            try:
                subjects.append(tx.add_subject(subject.name, subject.id_type, subject.id_number))
            except LedgerError as exc:
                exc.field = f"/subjects/{i}/{exc.field or 'id_number'}"
                raise
            for j, account in enumerate(subject.accounts):
                try:
                    accounts.append(tx.open_account(account.account_no, subject.id_number, account.balance_fen))
                except LedgerError as exc:
                    exc.field = f"/subjects/{i}/accounts/{j}/{exc.field or 'account_no'}"
                    raise
    registered = [callers.register(caller) for caller in seed.callers]
    return SeedResult(subjects, accounts, registered)


def parse_seed(data: Any) -> SeedData:
    """Validate a seed document; SeedError names the first wrong field as a JSON pointer."""
    if not isinstance(data, dict):
        raise SeedError("a seed must be a JSON object with 'subjects' and optionally 'callers'")
    try:
        seed: SeedData = SeedSchema().load(data)
    except ValidationError as exc:
        pointer, message = first_error(exc.messages)
        raise SeedError(message, pointer) from None
    return seed


def load_seed_file(path: Path | str) -> SeedData:
    """Read and validate a JSON seed file (the CLI's ``--seed-file``)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SeedError(f"cannot read seed file {path}: {exc.strerror or exc}") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise SeedError(f"seed file {path} is not valid JSON: {exc}") from None
    return parse_seed(data)


def sample_seed_path(provider: str) -> Path:
    """The bundled sample seed of a provider (``bank``, ``alipay`` or ``wechat``)."""
    return Path(__file__).resolve().parent.parent / "samples" / f"{provider}.json"
