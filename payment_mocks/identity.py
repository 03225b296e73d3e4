"""Identity numbers of judgment debtors: resident ID (GB 11643) and unified social credit code (GB 32100)."""

from __future__ import annotations

import re
from enum import StrEnum

_RID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RID_CHECK = "10X98765432"
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_RID_SHAPE = re.compile(r"^[1-9][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9X]$")
_USCC_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")


class IdType(StrEnum):
    """Kinds of identity a judicial request names its subject by."""

    RESIDENT_ID = "resident_id"  # 居民身份证
    USCC = "uscc"  # 统一社会信用代码, for companies


class IdentityFormatError(ValueError):
    """An identity number whose format or check character is wrong."""


def resident_id_check(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _RID_WEIGHTS, strict=True))
    return _RID_CHECK[total % 11]


def uscc_check(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters."""
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def validate_id(id_type: str, id_number: object) -> str:
    """Return the normalised number, or raise IdentityFormatError saying what is wrong."""
    if id_type not in (IdType.RESIDENT_ID, IdType.USCC):
        raise IdentityFormatError(f"unknown ID type {id_type!r}; expected 'resident_id' or 'uscc'")
    if not isinstance(id_number, str):
        raise IdentityFormatError("ID number must be a string")
    number = id_number.strip().upper()
    if id_type == IdType.RESIDENT_ID:
        if not _RID_SHAPE.match(number):
            raise IdentityFormatError(f"{id_number!r} is not an 18-character resident ID number")
        if resident_id_check(number[:17]) != number[17]:
            raise IdentityFormatError(f"resident ID {id_number!r} has a wrong check character")
    else:
        if not _USCC_SHAPE.match(number):
            raise IdentityFormatError(f"{id_number!r} is not an 18-character unified social credit code")
        if uscc_check(number[:17]) != number[17]:
            raise IdentityFormatError(f"unified social credit code {id_number!r} has a wrong check character")
    return number


def is_natural_person(id_type: str) -> bool:
    """Natural persons (resident IDs) are left a living allowance; companies are not."""
    return id_type == IdType.RESIDENT_ID
