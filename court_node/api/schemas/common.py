"""Schemas shared by several routes: the error shape, parties, courts, users."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from court_node.domain.identity import IdentityError, IdType, check_id


def not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("must not be blank")


class ErrorBodySchema(Schema):
    code = fields.String(required=True, metadata={"example": "INVALID_FIELD"})
    message = fields.String(required=True)
    details = fields.Dict(required=True, metadata={
        "description": "for bad input, fields: {dotted.field: [messages]}"})


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)


class PartySchema(Schema):
    """A creditor or debtor (申请执行人 / 被执行人): name and a checked ID number."""

    name = fields.String(required=True, validate=[validate.Length(min=1, max=200), not_blank])
    id_type = fields.String(required=True, validate=validate.OneOf([str(t) for t in IdType]),
                            metadata={"description": "resident_id (a person) or uscc (an organisation)"})
    id_number = fields.String(required=True, validate=validate.Length(max=64),
                              metadata={"example": "11010519491231002X"})

    @validates_schema
    def _id_checks(self, data: dict[str, Any], **kwargs: Any) -> None:
        try:
            check_id(data["id_type"], data["id_number"])
        except IdentityError as exc:
            raise ValidationError(str(exc), field_name="id_number") from None

    @post_load
    def _normalise(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        return {**data, "name": data["name"].strip(), "id_number": check_id(data["id_type"], data["id_number"])}


class CourtSchema(Schema):
    code = fields.String(metadata={"example": "京0101"})
    name = fields.String(metadata={"example": "北京市东城区人民法院"})


class UserRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    role = fields.String()
