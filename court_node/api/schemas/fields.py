"""Field types of the API: yuan strings over integer fen, instants over integer microseconds, case numbers."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from marshmallow import ValidationError, fields

from court_node.clock import iso, to_us
from court_node.domain.case_number import CaseNumberError, parse_case_number
from court_node.domain.money import MoneyError, fen_to_yuan, yuan_to_fen

YUAN_PATTERN = r"^(0|[1-9][0-9]{0,13})(\.[0-9]{1,2})?$"


class Yuan(fields.Field[int]):
    """A decimal yuan string (``"1234.56"``) on the wire, integer fen inside; never a float."""

    def __init__(self, *, allow_zero: bool = False, **kwargs: Any) -> None:
        metadata = {"type": "string", "pattern": YUAN_PATTERN, "example": "1234.56",
                    "description": "yuan, a decimal string with at most two decimals", **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)
        self.allow_zero = allow_zero

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any) -> int:
        try:
            return yuan_to_fen(value, allow_zero=self.allow_zero)
        except MoneyError as exc:
            raise ValidationError(str(exc)) from None

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else fen_to_yuan(int(value))


class Instant(fields.Field[int]):
    """An ISO 8601 instant with a zone on the wire, integer microseconds (UTC) inside."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {"type": "string", "format": "date-time", "example": "2026-03-01T08:00:00.000000Z",
                    **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any) -> int:
        if not isinstance(value, str) or len(value) > 64:
            raise ValidationError("an ISO 8601 instant with a zone is required, e.g. 2026-03-01T08:00:00+08:00")
        try:
            instant = datetime.fromisoformat(value)
        except ValueError:
            raise ValidationError(f"{value!r} is not an ISO 8601 instant") from None
        if instant.tzinfo is None:
            raise ValidationError(f"{value!r} has no zone; add Z or an offset such as +08:00")
        try:
            return to_us(instant)
        except OverflowError:
            raise ValidationError(f"{value!r} is out of range") from None

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return iso(None if value is None else int(value))


class CaseNumberField(fields.Field[str]):
    """An enforcement case number, normalised to full-width brackets: ``（2026）京0101执123号``."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {"type": "string", "example": "（2026）京0101执123号", **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any) -> str:
        try:
            return str(parse_case_number(value))
        except CaseNumberError as exc:
            raise ValidationError(str(exc)) from None

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else str(value)


def strict_bool(**kwargs: Any) -> fields.Boolean:
    """Only JSON true and false; ``"yes"`` or ``1`` are refused."""
    return fields.Boolean(truthy={True}, falsy={False}, **kwargs)
