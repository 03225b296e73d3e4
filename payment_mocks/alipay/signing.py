"""Alipay's RSA2 request signature, and reading a response node's exact bytes back out of a body.

String to sign (open-platform gateway, v1): every parameter except ``sign`` — ``sign_type`` included —
with empty values dropped, sorted by name, joined as ``key=value`` with ``&``, values raw (not URL-encoded).
The response ``sign`` covers the exact bytes of the ``<method>_response`` node as it appears in the body.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from cryptography.hazmat.primitives.asymmetric import rsa

from payment_mocks.signing import rsa_sign, rsa_verify

_DECODER = json.JSONDecoder()
_SPACE = " \t\r\n"


class BodyFormatError(ValueError):
    """A response body that is not one JSON object of the gateway's shape."""


def sign_content(params: Mapping[str, str]) -> str:
    """The string Alipay signs: ``a=1&b=2`` over every non-empty parameter except ``sign``."""
    kept = sorted((k, v) for k, v in params.items() if k != "sign" and v is not None and v != "")
    return "&".join(f"{k}={v}" for k, v in kept)


def sign_params(params: Mapping[str, str], key: rsa.RSAPrivateKey) -> str:
    """base64(RSA PKCS#1 v1.5 over SHA-256) of the sign content, with the caller's private key."""
    return rsa_sign(key, sign_content(params).encode("utf-8"))


def verify_params(params: Mapping[str, str], key: rsa.RSAPublicKey) -> bool:
    return rsa_verify(key, sign_content(params).encode("utf-8"), params.get("sign", ""))


def raw_members(body: str) -> dict[str, str]:
    """The top-level members of a JSON object, each value as the exact text it has in ``body``.

    Reading the node's own characters (instead of re-serialising a parsed object) is what lets a
    signature over those bytes be checked at all: key order, spacing and escapes must not change.
    """
    members: dict[str, str] = {}
    i = _skip(body, 0)
    if i >= len(body) or body[i] != "{":
        raise BodyFormatError("the body is not a JSON object")
    i = _skip(body, i + 1)
    if i < len(body) and body[i] == "}":
        return _end(body, i + 1, members)
    while True:
        if i >= len(body) or body[i] != '"':
            raise BodyFormatError(f"a member name was expected at offset {i}")
        try:
            name, i = _DECODER.raw_decode(body, i)
            i = _skip(body, i)
            if i >= len(body) or body[i] != ":":
                raise BodyFormatError(f"':' was expected at offset {i}")
            start = _skip(body, i + 1)
            _, i = _DECODER.raw_decode(body, start)
        except json.JSONDecodeError as exc:
            raise BodyFormatError(f"invalid JSON: {exc}") from None
        if name in members:
            raise BodyFormatError(f"member {name!r} appears twice")
        members[str(name)] = body[start:i]
        i = _skip(body, i)
        if i < len(body) and body[i] == ",":
            i = _skip(body, i + 1)
            continue
        if i < len(body) and body[i] == "}":
            return _end(body, i + 1, members)
        raise BodyFormatError(f"',' or '}}' was expected at offset {i}")


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in _SPACE:
        i += 1
    return i


def _end(body: str, i: int, members: dict[str, str]) -> dict[str, str]:
    if _skip(body, i) != len(body):
        raise BodyFormatError("text follows the JSON object")
    return members
