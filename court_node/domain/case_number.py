"""Enforcement case numbers (案号): ``（2026）京0101执123号``."""

from __future__ import annotations

import re
from dataclasses import dataclass

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
# [0-9], not \d: \d also matches full-width and other scripts' digits, which would make a court code such as
# 京０１０１ that names no court
_CASE = re.compile(
    rf"[（(](?P<year>(19|20)[0-9]{{2}})[）)](?P<court>[{PROVINCES}][0-9]{{2,4}})(?P<type>执恢|执保|执异|执复|执)"
    r"(?P<serial>[1-9][0-9]{0,6})号"
)

#: type codes an enforcement case may carry: 执 enforcement, 执恢 resumed, 执保 preservation, 执异/执复 objections
CASE_TYPES = ("执", "执恢", "执保", "执异", "执复")


class CaseNumberError(ValueError):
    """A case number that does not follow the national format."""


@dataclass(frozen=True)
class CaseNumber:
    year: int
    court_code: str
    type_code: str
    serial: int

    def __str__(self) -> str:
        return f"（{self.year}）{self.court_code}{self.type_code}{self.serial}号"


def parse_case_number(text: object) -> CaseNumber:
    """Parse a case number; ASCII brackets are accepted and normalised to full-width."""
    if not isinstance(text, str):
        raise CaseNumberError("the case number must be a string")
    match = _CASE.fullmatch(text.strip())
    if match is None:
        raise CaseNumberError(
            f"{text!r} is not an enforcement case number like （2026）京0101执123号 "
            "(year in brackets, court code, 执/执恢/执保, serial number, 号)"
        )
    return CaseNumber(int(match["year"]), match["court"], match["type"], int(match["serial"]))
