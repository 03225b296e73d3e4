"""Introduce the court node to each provider over the providers' control API: register the node as a caller,
fetch the platform's public key, and build the node's provider configuration from both."""

from __future__ import annotations

from typing import Any

import requests

ADMIN_TIMEOUT_S = 10.0


def admin_call(url: str, token: str, method: str, path: str, body: Any = None) -> Any:
    answer = requests.request(method, f"{url}/_admin{path}", json=body, timeout=ADMIN_TIMEOUT_S,
                              headers={"Authorization": f"Bearer {token}"})
    if answer.status_code >= 400:
        raise RuntimeError(f"{method} {url}/_admin{path} -> {answer.status_code}: {answer.text[:300]}")
    return answer.json() if answer.content else None


def register_node(provider: str, url: str, token: str, creds: dict[str, str]) -> dict[str, Any]:
    """Register the node with ``provider``; returns the node's ProviderConfig mapping for it."""
    keys = admin_call(url, token, "GET", "/keys")
    if provider == "bank":
        admin_call(url, token, "POST", "/callers", {"kind": "bank_node", "caller_id": creds["node_id"],
                                                     "name": "court node", "secret": creds["secret"]})
        credentials = {"node_id": creds["node_id"], "secret": creds["secret"]}
    elif provider == "alipay":
        admin_call(url, token, "POST", "/callers", {"kind": "alipay_app", "caller_id": creds["app_id"],
                                                     "name": "court node", "public_key_pem": creds["public_key_pem"]})
        credentials = {"app_id": creds["app_id"], "private_key_pem": creds["private_key_pem"],
                       "alipay_public_key_pem": keys["public_key_pem"]}
    elif provider == "wechat":
        admin_call(url, token, "POST", "/callers", {"kind": "wechat_mch", "caller_id": creds["mchid"],
                                                     "name": "court node", "public_key_pem": creds["public_key_pem"],
                                                     "serial": creds["serial_no"]})
        credentials = {"mchid": creds["mchid"], "serial_no": creds["serial_no"],
                       "private_key_pem": creds["private_key_pem"],
                       "platform_public_key_pem": keys["public_key_pem"], "platform_serial": keys["serial"]}
    else:
        raise ValueError(f"no provisioning recipe for provider {provider!r}")
    return {"name": provider, "adapter": provider, "base_url": url, "credentials": credentials, "timeout_s": 10.0}
