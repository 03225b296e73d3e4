"""The fault form: its text fields as the JSON body ``PUT /_admin/faults`` takes, and back.

Text that does not look like a number is passed on as it is, so the control API's own schema refuses it
with its own words: the page and the API accept and refuse exactly the same settings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

INT_FIELDS = ("seed", "latency_ms", "latency_jitter_ms")
NUMBER_FIELDS = ("error_rate", "timeout_s", "refuse_for_s")
FIELDS = (*INT_FIELDS, *NUMBER_FIELDS, "error_kind", "paths")
_INT = re.compile(r"[+-]?[0-9]{1,19}")
_NUMBER = re.compile(r"[+-]?([0-9]{1,12}(\.[0-9]{0,12})?|\.[0-9]{1,12})")
_PATH_SEPARATORS = re.compile(r"[\s,]+")


def fault_body(form: Mapping[str, str]) -> dict[str, Any]:
    """The form as a fault configuration; a field left empty takes the API's default."""
    body: dict[str, Any] = {}
    for name in INT_FIELDS:
        text = form.get(name, "").strip()
        if text:
            body[name] = int(text) if _INT.fullmatch(text) else text
    for name in NUMBER_FIELDS:
        text = form.get(name, "").strip()
        if text:
            body[name] = float(text) if _NUMBER.fullmatch(text) else text
    kind = form.get("error_kind", "").strip()
    if kind:
        body["error_kind"] = kind
    paths = [p for p in _PATH_SEPARATORS.split(form.get("paths", "")) if p]
    if paths:
        body["paths"] = paths
    return body


def form_values(config: Mapping[str, Any] | None) -> dict[str, str]:
    """What the form shows for a configuration in force (empty fields when there is none)."""
    if config is None:
        return {name: "" for name in FIELDS} | {"error_kind": "error"}
    values = {name: _text(config.get(name)) for name in (*INT_FIELDS, *NUMBER_FIELDS, "error_kind")}
    values["paths"] = " ".join(str(p) for p in config.get("paths", ()))
    return values


def submitted_values(form: Mapping[str, str]) -> dict[str, str]:
    """The form as it was sent, to show again next to what was wrong with it."""
    return {name: form.get(name, "") for name in FIELDS}


def field_of(pointer: str | None) -> str:
    """The form field a JSON pointer such as ``/paths/0`` names."""
    return (pointer or "").strip("/").split("/", 1)[0]


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)
