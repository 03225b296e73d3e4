"""Alipay's RSA2 both ways: the sorted sign string of a request, and the response sign over the node's exact bytes.

Request (open-platform gateway v1): every parameter except ``sign`` — ``sign_type`` included — with empty values
dropped, sorted by name, joined as ``key=value`` with ``&``, values raw; signed with the app's private key.
Response: ``sign`` covers the characters of the ``<method>_response`` node exactly as they stand in the body,
verified with the platform's public key. Re-serialising a parsed node would change spacing, order or escapes.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

_DECODER = json.JSONDecoder()
_SPACE = " \t\r\n"


class EnvelopeError(ValueError):
    """A body that is not one JSON object whose members can be read back as text."""


def load_private_key(pem: str) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("the app's private key must be an RSA key")
    return key


def load_public_key(pem: str) -> rsa.RSAPublicKey:
    key = serialization.load_pem_public_key(pem.encode("ascii"))
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("the platform's public key must be an RSA key")
    return key


def sign_content(params: Mapping[str, str]) -> str:
    """``a=1&b=2`` over every non-empty parameter except ``sign``, sorted by name."""
    kept = sorted((k, v) for k, v in params.items() if k != "sign" and v)
    return "&".join(f"{k}={v}" for k, v in kept)


def sign_params(params: Mapping[str, str], key: rsa.RSAPrivateKey) -> str:
    """base64(RSA PKCS#1 v1.5 over SHA-256) of the sign content."""
    signature = key.sign(sign_content(params).encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode("ascii")


def verify(key: rsa.RSAPublicKey, message: bytes, sign: str) -> bool:
    """Whether ``sign`` (base64) is the platform's RSA2 signature of ``message``; malformed base64 is False."""
    try:
        signature = base64.b64decode(sign, validate=True)
        key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def raw_members(body: str) -> dict[str, str]:
    """The top-level members of a JSON object, each value as the exact text it has in ``body``."""
    members: dict[str, str] = {}
    i = _skip(body, 0)
    if i >= len(body) or body[i] != "{":
        raise EnvelopeError("the body is not a JSON object")
    i = _skip(body, i + 1)
    if i < len(body) and body[i] == "}":
        return _end(body, i + 1, members)
    while True:
        if i >= len(body) or body[i] != '"':
            raise EnvelopeError(f"a member name was expected at offset {i}")
        try:
            name, i = _DECODER.raw_decode(body, i)
            i = _skip(body, i)
            if i >= len(body) or body[i] != ":":
                raise EnvelopeError(f"':' was expected at offset {i}")
            start = _skip(body, i + 1)
            _, i = _DECODER.raw_decode(body, start)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise EnvelopeError(f"invalid JSON: {exc}") from None
        if name in members:
            raise EnvelopeError(f"member {name!r} appears twice")
        members[str(name)] = body[start:i]
        i = _skip(body, i)
        if i < len(body) and body[i] == ",":
            i = _skip(body, i + 1)
            continue
        if i < len(body) and body[i] == "}":
            return _end(body, i + 1, members)
        raise EnvelopeError(f"',' or '}}' was expected at offset {i}")


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in _SPACE:
        i += 1
    return i


def _end(body: str, i: int, members: dict[str, str]) -> dict[str, str]:
    if _skip(body, i) != len(body):
        raise EnvelopeError("text follows the JSON object")
    return members
