"""The response envelope: ``{"<method>_response": {...node...}, "sign": "..."}``, always HTTP 200.

The node is serialised once; those exact bytes are both signed and spliced into the body, so what the
caller reads out of the body is byte for byte what the platform signed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from flask import Response

#: the node name Alipay uses when it cannot tell which method was meant
ERROR_KEY = "error_response"

CONTENT_TYPE = "application/json;charset=utf-8"


def node_key(method: str | None) -> str:
    """``alipay.trade.pay`` -> ``alipay_trade_pay_response``; no known method -> ``error_response``."""
    return method.replace(".", "_") + "_response" if method else ERROR_KEY


def node_bytes(node: Mapping[str, Any]) -> bytes:
    """The one serialisation of a node: compact, UTF-8, Chinese kept as is (as Alipay sends it)."""
    return json.dumps(node, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def envelope(key: str, node: bytes, sign: str | None) -> bytes:
    """Splice the node's bytes into the body; ``sign`` (base64, JSON-safe) follows when there is one."""
    body = b'{"' + key.encode("ascii") + b'":' + node
    if sign is not None:
        body += b',"sign":"' + sign.encode("ascii") + b'"'
    return body + b"}"


def gateway_response(
    key: str, node: bytes, signer: Callable[[bytes], str] | None, status: int = 200
) -> Response:
    """The HTTP answer; ``signer`` is the platform key's sign function, None for an unknown caller."""
    body = envelope(key, node, signer(node) if signer is not None else None)
    return Response(body, status=status, content_type=CONTENT_TYPE)
