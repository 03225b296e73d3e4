"""Identity numbers: resident ID (GB 11643) and unified social credit code (GB 32100), validated on filing."""

from __future__ import annotations

import re
from enum import StrEnum

_RID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# [0-9], not \d: \d also matches other scripts' digits (٠١٢, ０１２), which are not ID characters
_RID = re.compile(r"[1-9][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9X]")
_USCC = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}")


class IdType(StrEnum):
    RESIDENT_ID = "resident_id"  # 居民身份证: a natural person
    USCC = "uscc"  # 统一社会信用代码: a company or other organisation


class IdentityError(ValueError):
    """An ID number of the wrong shape or with a wrong check character."""


def check_id(id_type: str, number: object) -> str:
    """The normalised ID number, or IdentityError saying exactly what is wrong."""
    if not isinstance(number, str):
        raise IdentityError("the ID number must be a string")
    value = number.strip().upper()
    if id_type == IdType.RESIDENT_ID:
        if not _RID.fullmatch(value):
            raise IdentityError(f"{number!r} is not an 18-character resident ID number")
        total = sum(int(d) * w for d, w in zip(value[:17], _RID_WEIGHTS, strict=True))
        if "10X98765432"[total % 11] != value[17]:
            raise IdentityError(f"resident ID {number!r} has a wrong check character")
    elif id_type == IdType.USCC:
        if not _USCC.fullmatch(value):
            raise IdentityError(f"{number!r} is not an 18-character unified social credit code")
        total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(value[:17], _USCC_WEIGHTS, strict=True))
        if _USCC_ALPHABET[(31 - total % 31) % 31] != value[17]:
            raise IdentityError(f"unified social credit code {number!r} has a wrong check character")
    else:
        raise IdentityError(f"unknown ID type {id_type!r}: use 'resident_id' or 'uscc'")
    return value
