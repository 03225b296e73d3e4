"""WECHATPAY2-SHA256-RSA2048: the Authorization header, the signed messages, the response headers.

Request message: ``METHOD\\nPATH?QUERY\\nTIMESTAMP\\nNONCE\\nBODY\\n`` signed with the merchant's key.
Response message: ``TIMESTAMP\\nNONCE\\nBODY\\n`` signed with the platform's key. Both RSA PKCS#1 v1.5
over SHA-256, base64. A timestamp 300 s or more away from the verifier's clock is refused, both ways.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from cryptography.hazmat.primitives.asymmetric import rsa

from payment_mocks.signing import rsa_sign, rsa_verify

SCHEMA = "WECHATPAY2-SHA256-RSA2048"
#: seconds a signed timestamp may differ from the verifier's clock (300 s or more is refused)
MAX_SKEW_S = 300

H_REQUEST_ID = "Request-ID"
H_TIMESTAMP = "Wechatpay-Timestamp"
H_NONCE = "Wechatpay-Nonce"
H_SIGNATURE = "Wechatpay-Signature"
H_SERIAL = "Wechatpay-Serial"
H_SIGNATURE_TYPE = "Wechatpay-Signature-Type"

_FIELDS = ("mchid", "nonce_str", "timestamp", "serial_no", "signature")
_PAIR = re.compile(r'\s*([A-Za-z_]+)\s*=\s*"([^"]*)"\s*(?:,|$)')
_TIMESTAMP = re.compile(r"^[0-9]{1,12}$")


class HeaderLookup(Protocol):
    """Anything with case-insensitive ``get``: requests' and werkzeug's header collections."""

    def get(self, key: str, /) -> str | None: ...


class AuthorizationFormatError(ValueError):
    """An Authorization header that is missing, of another scheme, or lacks a field."""


class SignatureMismatch(ValueError):
    """A response whose signature headers are missing, stale or do not verify."""


@dataclass(frozen=True)
class Authorization:
    """The five fields of a v3 Authorization header."""

    mchid: str
    nonce_str: str
    timestamp: str
    serial_no: str
    signature: str

    def header(self) -> str:
        return (f'{SCHEMA} mchid="{self.mchid}",nonce_str="{self.nonce_str}",timestamp="{self.timestamp}",'
                f'serial_no="{self.serial_no}",signature="{self.signature}"')


def new_nonce() -> str:
    """32 upper-case hex characters, like the official tools' nonce."""
    return secrets.token_hex(16).upper()


def request_message(method: str, url: str, timestamp: str, nonce: str, body: bytes) -> bytes:
    """The five lines a request signature covers; ``url`` is the path with ``?query`` when there is one."""
    return f"{method.upper()}\n{url}\n{timestamp}\n{nonce}\n".encode() + body + b"\n"


def response_message(timestamp: str, nonce: str, body: bytes) -> bytes:
    """The three lines a response signature covers."""
    return f"{timestamp}\n{nonce}\n".encode() + body + b"\n"


def parse_authorization(header: str | None) -> Authorization:
    """Read the header's fields in any order (spaces after commas tolerated); refuse anything else."""
    if not header:
        raise AuthorizationFormatError("the Authorization header is missing")
    scheme, _, rest = header.strip().partition(" ")
    if scheme != SCHEMA:
        raise AuthorizationFormatError(f"the Authorization scheme must be {SCHEMA}")
    found: dict[str, str] = {}
    position = 0
    rest = rest.strip()
    while position < len(rest):
        match = _PAIR.match(rest, position)
        if match is None or match.end() == position:
            raise AuthorizationFormatError("the Authorization header is not a list of key=\"value\" pairs")
        key, value = match.group(1), match.group(2)
        if key in found:
            raise AuthorizationFormatError(f"the Authorization field {key} appears twice")
        found[key] = value
        position = match.end()
    missing = [f for f in _FIELDS if not found.get(f)]
    if missing:
        raise AuthorizationFormatError(f"the Authorization header lacks {', '.join(missing)}")
    if not _TIMESTAMP.match(found["timestamp"]):
        raise AuthorizationFormatError("the Authorization timestamp must be Unix seconds")
    return Authorization(**{f: found[f] for f in _FIELDS})


def sign_request(key: rsa.RSAPrivateKey, *, mchid: str, serial_no: str, method: str, url: str, body: bytes,
                 timestamp: int, nonce: str | None = None) -> str:
    """The Authorization header value for one request."""
    nonce = nonce or new_nonce()
    signature = rsa_sign(key, request_message(method, url, str(timestamp), nonce, body))
    return Authorization(mchid, nonce, str(timestamp), serial_no, signature).header()


def verify_request_signature(public_key: rsa.RSAPublicKey, auth: Authorization, method: str, url: str,
                             body: bytes) -> bool:
    return rsa_verify(public_key, request_message(method, url, auth.timestamp, auth.nonce_str, body), auth.signature)


def response_headers(sign: Callable[[bytes], str], serial: str, body: bytes, *, timestamp: int,
                     request_id: str, nonce: str | None = None) -> dict[str, str]:
    """The headers that make a response verifiable by the caller."""
    nonce = nonce or new_nonce()
    return {
        H_REQUEST_ID: request_id,
        H_TIMESTAMP: str(timestamp),
        H_NONCE: nonce,
        H_SIGNATURE: sign(response_message(str(timestamp), nonce, body)),
        H_SERIAL: serial,
        H_SIGNATURE_TYPE: SCHEMA,
    }


def verify_response(headers: HeaderLookup, body: bytes, *, public_key: rsa.RSAPublicKey, serial: str,
                    now_s: float) -> None:
    """Check a response's signature headers; raise SignatureMismatch saying what is wrong."""
    values = {name: headers.get(name) for name in (H_TIMESTAMP, H_NONCE, H_SIGNATURE, H_SERIAL, H_SIGNATURE_TYPE)}
    missing = [name for name, value in values.items() if not value]
    if missing:
        raise SignatureMismatch(f"the response lacks {', '.join(missing)}")
    if values[H_SIGNATURE_TYPE] != SCHEMA:
        raise SignatureMismatch(f"{H_SIGNATURE_TYPE} is {values[H_SIGNATURE_TYPE]!r}, not {SCHEMA}")
    if values[H_SERIAL] != serial:
        raise SignatureMismatch(f"{H_SERIAL} {values[H_SERIAL]!r} is not the platform key {serial!r}")
    timestamp = values[H_TIMESTAMP] or ""
    if not _TIMESTAMP.match(timestamp):
        raise SignatureMismatch(f"{H_TIMESTAMP} {timestamp!r} is not Unix seconds")
    if abs(int(now_s) - int(timestamp)) >= MAX_SKEW_S:
        raise SignatureMismatch(f"{H_TIMESTAMP} {timestamp} is {MAX_SKEW_S} s or more away from now")
    if not rsa_verify(public_key, response_message(timestamp, values[H_NONCE] or "", body), values[H_SIGNATURE] or ""):
        raise SignatureMismatch("the response signature does not verify with the platform key")
