"""The bank gateway's HMAC-SHA256 signature, as the court node computes it (requests, answers, callbacks).

String to sign: ``METHOD\\nPATH?QUERY\\nTIMESTAMP\\nNONCE\\nhex(SHA-256(body))\\n``. PATH is decoded once and
percent-encoded as UTF-8 with RFC 3986 path rules, so both sides sign the same bytes whatever a proxy did
to the escaping.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from urllib.parse import quote, unquote, urlsplit

NODE_HEADER = "X-Node-Id"
TIMESTAMP_HEADER = "X-Timestamp"
NONCE_HEADER = "X-Nonce"
SIGNATURE_HEADER = "X-Signature"
SIGNED_HEADERS = (NODE_HEADER, TIMESTAMP_HEADER, NONCE_HEADER, SIGNATURE_HEADER)

#: the bank refuses a timestamp further than this from its clock; the node holds answers to the same window
WINDOW_SECONDS = 300

# Unreserved characters are never encoded by quote(); sub-delimiters, ":", "@" and "/" stay literal too.
_PATH_SAFE = "/:@!$&'()*+,;="


def canonical_path(path: str) -> str:
    """The path as it is signed."""
    return quote(unquote(path), safe=_PATH_SAFE)


def target_of(url: str) -> str:
    """``PATH?QUERY`` of a URL (or of a ``path?query`` string), the path in canonical form."""
    parts = urlsplit(url)
    path = canonical_path(parts.path or "/")
    return f"{path}?{parts.query}" if parts.query else path


def string_to_sign(method: str, target: str, timestamp: str, nonce: str, body: bytes) -> bytes:
    digest = hashlib.sha256(body).hexdigest()
    return f"{method.upper()}\n{target}\n{timestamp}\n{nonce}\n{digest}\n".encode()


def sign(secret: str, method: str, target: str, timestamp: str, nonce: str, body: bytes) -> str:
    """base64(HMAC-SHA256(secret, string to sign))."""
    mac = hmac.new(secret.encode(), string_to_sign(method, target, timestamp, nonce, body), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode("ascii")


def new_nonce() -> str:
    return secrets.token_hex(16)


def request_headers(node_id: str, secret: str, method: str, target: str, body: bytes, timestamp: int) -> dict[str, str]:
    """The four authentication headers of one request, with a fresh nonce."""
    nonce, stamp = new_nonce(), str(timestamp)
    return {
        NODE_HEADER: node_id,
        TIMESTAMP_HEADER: stamp,
        NONCE_HEADER: nonce,
        SIGNATURE_HEADER: sign(secret, method, target, stamp, nonce, body),
    }


def header(headers: Mapping[str, str], name: str) -> str:
    """A header's value whatever the case of its name ("" when absent)."""
    wanted = name.lower()
    return next((str(v) for k, v in headers.items() if k.lower() == wanted), "")


def is_signed(headers: Mapping[str, str]) -> bool:
    """True when the message carries any of the signature headers (a bank answer after authentication)."""
    return any(header(headers, name) for name in SIGNED_HEADERS)


def signature_problem(
    secret: str, signer: str, method: str, target: str, body: bytes, headers: Mapping[str, str], now: float
) -> str | None:
    """Why a message from the bank cannot be trusted, or None when ``signer`` signed exactly this, recently."""
    node_id, timestamp, nonce, signature = (header(headers, name) for name in SIGNED_HEADERS)
    if not (timestamp and nonce and signature):
        return "the signature headers are missing"
    if node_id != signer:
        return f"signed by {node_id!r}, expected {signer!r}"
    expected = sign(secret, method, target, timestamp, nonce, body)
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        return "the signature does not match the message"
    if not timestamp.isdigit() or abs(int(timestamp) - now) > WINDOW_SECONDS:
        return f"the timestamp {timestamp!r} is more than {WINDOW_SECONDS} s from the simulated clock"
    return None
