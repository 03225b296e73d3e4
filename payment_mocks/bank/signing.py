"""The bank gateway's HMAC-SHA256 signature, the same for requests, responses and callbacks.

String to sign: ``METHOD\\nPATH?QUERY\\nTIMESTAMP\\nNONCE\\nhex(SHA-256(body))\\n`` (``PATH`` alone without a
query string). PATH is percent-encoded the way ``canonical_path`` does it, so a sender and a receiver that
decode and re-encode a path agree on the bytes they sign.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from urllib.parse import quote, unquote, urlsplit

from payment_mocks.signing import hmac_sign, hmac_verify

NODE_HEADER = "X-Node-Id"
TIMESTAMP_HEADER = "X-Timestamp"
NONCE_HEADER = "X-Nonce"
SIGNATURE_HEADER = "X-Signature"
SIGNED_HEADERS = (NODE_HEADER, TIMESTAMP_HEADER, NONCE_HEADER, SIGNATURE_HEADER)

#: A timestamp further than this from the receiver's clock is refused, and nonces are remembered this long.
WINDOW_SECONDS = 300

# RFC 3986 sub-delimiters, ":" and "@" stay literal in a path segment; everything else non-unreserved is encoded.
_PATH_SAFE = "/:@!$&'()*+,;="


def canonical_path(path: str) -> str:
    """The path as it is signed: decoded once, then percent-encoded as UTF-8 with RFC 3986 path rules."""
    return quote(unquote(path), safe=_PATH_SAFE)


def request_target(path: str, query: str = "") -> str:
    """``PATH?QUERY``, or ``PATH`` alone when there is no query string."""
    canonical = canonical_path(path)
    return f"{canonical}?{query}" if query else canonical


def target_of_url(url: str) -> str:
    """The signed target of a full URL (or of a ``path?query`` string)."""
    parts = urlsplit(url)
    return request_target(parts.path or "/", parts.query)


def string_to_sign(method: str, target: str, timestamp: str, nonce: str, body: bytes) -> bytes:
    """The canonical string both sides sign."""
    digest = hashlib.sha256(body).hexdigest()
    return f"{method.upper()}\n{target}\n{timestamp}\n{nonce}\n{digest}\n".encode()


def sign(secret: str, method: str, target: str, timestamp: str, nonce: str, body: bytes) -> str:
    """base64(HMAC-SHA256(secret, string to sign))."""
    return hmac_sign(secret, string_to_sign(method, target, timestamp, nonce, body))


def verify(secret: str, method: str, target: str, timestamp: str, nonce: str, body: bytes, signature: str) -> bool:
    """True when ``signature`` is the HMAC of this message under ``secret`` (constant-time comparison)."""
    return hmac_verify(secret, string_to_sign(method, target, timestamp, nonce, body), signature)


def new_nonce() -> str:
    return secrets.token_hex(16)


def signed_headers(
    node_id: str, secret: str, method: str, target: str, body: bytes, timestamp: int, nonce: str | None = None
) -> dict[str, str]:
    """The four authentication headers for one message."""
    nonce = nonce or new_nonce()
    stamp = str(timestamp)
    return {
        NODE_HEADER: node_id,
        TIMESTAMP_HEADER: stamp,
        NONCE_HEADER: nonce,
        SIGNATURE_HEADER: sign(secret, method, target, stamp, nonce, body),
    }


def header(headers: Mapping[str, str], name: str) -> str:
    """A header's value whatever the case of its name in ``headers`` ("" when absent)."""
    wanted = name.lower()
    return next((str(v) for k, v in headers.items() if k.lower() == wanted), "")


def verify_headers(secret: str, method: str, target: str, body: bytes, headers: Mapping[str, str]) -> bool:
    """True when ``headers`` carry a valid signature of this message (timestamp and nonce not judged here)."""
    _, timestamp, nonce, signature = (header(headers, name) for name in SIGNED_HEADERS)
    if not (timestamp and nonce and signature):
        return False
    return verify(secret, method, target, timestamp, nonce, body, signature)
