"""The court node's own credentials at each provider, generated for a stack and kept in its data folder."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

NODE_IDS = {"bank": "COURT-NODE-1", "alipay": "2021000000000001", "wechat": "1900000109"}


def _key_pair() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


def node_credentials(data_dir: Path) -> dict[str, dict[str, str]]:
    """``{provider: {...}}`` — the HMAC secret for the bank, RSA key pairs for Alipay and WeChat.

    Created once into ``<data_dir>/node-credentials.json`` (mode 0600, never committed) so that a restarted
    stack keeps the identities its providers already registered.
    """
    path = data_dir / "node-credentials.json"
    if path.exists():
        stored: dict[str, dict[str, str]] = json.loads(path.read_text())
        return stored
    alipay_private, alipay_public = _key_pair()
    wechat_private, wechat_public = _key_pair()
    creds = {
        "bank": {"node_id": NODE_IDS["bank"], "secret": secrets.token_urlsafe(32)},
        "alipay": {"app_id": NODE_IDS["alipay"], "private_key_pem": alipay_private, "public_key_pem": alipay_public},
        "wechat": {"mchid": NODE_IDS["wechat"], "serial_no": secrets.token_hex(20).upper(),
                   "private_key_pem": wechat_private, "public_key_pem": wechat_public},
    }
    data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(creds, fh, indent=2)
    return creds
