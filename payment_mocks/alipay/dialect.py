"""What the shared runtime needs from the Alipay dialect: its error shape and what an injected fault looks like."""

from __future__ import annotations

from collections.abc import Callable

from flask import Response, has_request_context, request

from payment_mocks.alipay.envelope import ERROR_KEY, gateway_response, node_bytes, node_key
from payment_mocks.alipay.errors import GatewayError, insufficient_permissions, invalid_parameter, unavailable
from payment_mocks.alipay.methods import METHODS
from payment_mocks.alipay.params import peek
from payment_mocks.control.callers import CallerKind
from payment_mocks.runtime import current_provider

GATEWAY_PATH = "/gateway.do"


class AlipayDialect:
    """Errors as ``{"<method>_response" | "error_response": {code, msg, sub_code, sub_msg}, "sign"}``."""

    name = "alipay"

    def error_response(self, status: int, code: str, message: str, field: str | None = None) -> Response:
        """The runtime's refusals (404, 405, 413, 500) in Alipay's shape; HTTP 200 on the gateway itself."""
        if status >= 500:
            error = unavailable(f"{message}; retry with the same parameters")
        elif status in (401, 403):
            error = insufficient_permissions(message)
        else:
            error = invalid_parameter(field or "request", f"{code}: {message}")
        on_gateway = has_request_context() and request.path == GATEWAY_PATH
        return answer(error, 200 if on_gateway else status)

    def fault_response(self) -> Response:
        """An injected failure looks like Alipay's ``20000 isp.unknow-error``: retry with the same parameters."""
        return answer(unavailable(), 200)


def answer(error: GatewayError, status: int = 200) -> Response:
    """An error node for the current request, keyed by its method and signed when its app is known."""
    key, signer = _request_context()
    return gateway_response(key, node_bytes(error.node()), signer, status)


def _request_context() -> tuple[str, Callable[[bytes], str] | None]:
    if not has_request_context():
        return ERROR_KEY, None
    provider = current_provider()
    limit = provider.settings.max_body_bytes
    method = peek("method", limit)
    key = node_key(method if method in METHODS else None)
    app_id = peek("app_id", limit)
    try:
        known_app = bool(app_id) and provider.callers.get(CallerKind.ALIPAY_APP, app_id or "") is not None
    except Exception:  # answering a failure already: an unreadable registry must not turn it into a crash
        known_app = False
    return key, provider.keys.sign if known_app else None
