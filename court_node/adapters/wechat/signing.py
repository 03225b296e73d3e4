"""WECHATPAY2-SHA256-RSA2048 from the merchant's side: sign requests, verify the platform's signed responses.

Request message: ``METHOD\\nURL\\nTIMESTAMP\\nNONCE\\nBODY\\n`` (URL = path and ``?query`` exactly as sent),
signed with the merchant's key. Response message: ``TIMESTAMP\\nNONCE\\nBODY\\n`` over the exact bytes
received, signed with the platform's key. Both RSA PKCS#1 v1.5 over SHA-256, base64. A response whose
timestamp is 300 s or more away from the simulated clock is refused, as the provider refuses ours.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

SCHEMA = "WECHATPAY2-SHA256-RSA2048"
#: seconds a signed timestamp may differ from our clock (300 s or more is refused)
MAX_SKEW_S = 300

H_TIMESTAMP = "Wechatpay-Timestamp"
H_NONCE = "Wechatpay-Nonce"
H_SIGNATURE = "Wechatpay-Signature"
H_SERIAL = "Wechatpay-Serial"
H_SIGNATURE_TYPE = "Wechatpay-Signature-Type"
SIGNATURE_HEADERS = (H_TIMESTAMP, H_NONCE, H_SIGNATURE, H_SERIAL, H_SIGNATURE_TYPE)

_UNIX_SECONDS = re.compile(r"^[0-9]{1,12}$")


class ResponseNotAuthentic(ValueError):
    """A response whose signature headers are missing, stale, of another key, or do not verify."""


@dataclass(frozen=True)
class MerchantKey:
    """What signs our requests: the merchant id, its private key and the serial the provider registered."""

    mchid: str
    serial_no: str
    private_key: rsa.RSAPrivateKey


@dataclass(frozen=True)
class PlatformKey:
    """What we trust in responses: the platform's public key and its id (``PUB_KEY_ID_...``)."""

    serial: str
    public_key: rsa.RSAPublicKey


def load_private_key(pem: str) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("the merchant key must be an RSA private key")
    return key


def load_public_key(pem: str) -> rsa.RSAPublicKey:
    key = serialization.load_pem_public_key(pem.encode())
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("the platform key must be an RSA public key")
    return key


def new_nonce() -> str:
    """32 upper-case hex characters; the provider refuses a nonce it saw in the last 300 s."""
    return secrets.token_hex(16).upper()


def request_message(method: str, url: str, timestamp: str, nonce: str, body: bytes) -> bytes:
    return f"{method.upper()}\n{url}\n{timestamp}\n{nonce}\n".encode() + body + b"\n"


def response_message(timestamp: str, nonce: str, body: bytes) -> bytes:
    return f"{timestamp}\n{nonce}\n".encode() + body + b"\n"


def authorization(key: MerchantKey, method: str, url: str, body: bytes, *, timestamp: int,
                  nonce: str | None = None) -> str:
    """The Authorization header value for one request; ``url`` is exactly what goes on the wire."""
    nonce = nonce or new_nonce()
    message = request_message(method, url, str(timestamp), nonce, body)
    signature = base64.b64encode(key.private_key.sign(message, padding.PKCS1v15(), hashes.SHA256())).decode()
    return (f'{SCHEMA} mchid="{key.mchid}",nonce_str="{nonce}",timestamp="{timestamp}",'
            f'serial_no="{key.serial_no}",signature="{signature}"')


def verify_response(headers: Mapping[str, str], body: bytes, platform: PlatformKey, now_s: float) -> None:
    """Accept a response only if the platform key signed these exact bytes recently; say what is wrong otherwise."""
    values = {name: headers.get(name) or "" for name in SIGNATURE_HEADERS}
    missing = [name for name, value in values.items() if not value]
    if missing:
        raise ResponseNotAuthentic(f"the response lacks {', '.join(missing)}")
    if values[H_SIGNATURE_TYPE] != SCHEMA:
        raise ResponseNotAuthentic(f"{H_SIGNATURE_TYPE} is {values[H_SIGNATURE_TYPE]!r}, not {SCHEMA}")
    if values[H_SERIAL] != platform.serial:
        raise ResponseNotAuthentic(f"{H_SERIAL} {values[H_SERIAL]!r} is not the platform key {platform.serial!r}")
    timestamp = values[H_TIMESTAMP]
    if not _UNIX_SECONDS.match(timestamp):
        raise ResponseNotAuthentic(f"{H_TIMESTAMP} {timestamp!r} is not Unix seconds")
    if abs(int(now_s) - int(timestamp)) >= MAX_SKEW_S:
        raise ResponseNotAuthentic(f"{H_TIMESTAMP} {timestamp} is {MAX_SKEW_S} s or more away from now ({int(now_s)})")
    try:
        signature = base64.b64decode(values[H_SIGNATURE], validate=True)
        platform.public_key.verify(signature, response_message(timestamp, values[H_NONCE], body), padding.PKCS1v15(),
                                   hashes.SHA256())
    except (binascii.Error, InvalidSignature):
        raise ResponseNotAuthentic("the response signature does not verify with the platform key") from None
