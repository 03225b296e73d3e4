"""A provider's answer to a request the caller waits for, as the API's error when it is not a success."""

from __future__ import annotations

from court_node.api.errors import ProviderFailed, ProviderTimeout, RuleRefused
from court_node.services.provider_calls import Delivery

#: refusals that say the node, not the user, got something wrong
_NODE_SIDE = ("", "INVALID_REQUEST", "PROVIDER_ERROR", "REQUEST_CONFLICT")


def raise_for(delivery: Delivery, provider: str) -> None:
    """Nothing for a success or a pending answer; 422 for a refusal, 502 when not delivered, 504 for no answer."""
    if delivery.succeeded or delivery.state == "pending":
        return
    details = {"provider": provider, "request_no": delivery.request_no, "provider_code": delivery.error_code}
    if delivery.state == "unknown":
        raise ProviderTimeout(f"{provider} did not answer in time; the outcome of request {delivery.request_no} "
                              "will be settled by asking the provider again (reconciliation)", details=details)
    refused = delivery.control is not None or delivery.state == "completed"
    if refused and delivery.error_code not in _NODE_SIDE:
        raise RuleRefused(f"{provider} refused: {delivery.error_message or delivery.error_code}",
                          code=delivery.error_code, details=details)
    raise ProviderFailed(f"{provider} failed: {delivery.error_message or delivery.error_code}", details=details)
