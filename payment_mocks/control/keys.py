"""The provider's own signing key: generated on first start into the data folder, never committed."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa

from payment_mocks.signing import generate_rsa_key, load_private_pem, private_pem, public_pem, rsa_sign


@dataclass(frozen=True)
class PlatformKeys:
    """The platform's RSA key pair and its public-key id (WeChat's ``PUB_KEY_ID_...`` serial)."""

    private_key: rsa.RSAPrivateKey
    public_pem: str
    serial: str

    def sign(self, message: bytes) -> str:
        return rsa_sign(self.private_key, message)

    @classmethod
    def load_or_create(cls, data_dir: Path) -> PlatformKeys:
        """Read ``platform-key.pem`` and ``platform-key.serial``, creating them (mode 0600) the first time."""
        data_dir.mkdir(parents=True, exist_ok=True)
        key_path, serial_path = data_dir / "platform-key.pem", data_dir / "platform-key.serial"
        if not key_path.exists():
            key = generate_rsa_key()
            tmp = key_path.with_suffix(".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(private_pem(key))
            os.replace(tmp, key_path)  # atomic: two workers starting together agree on one key
        if not serial_path.exists():
            tmp_serial = serial_path.with_suffix(".tmp")
            tmp_serial.write_text("PUB_KEY_ID_" + secrets.token_hex(16).upper())
            os.replace(tmp_serial, serial_path)
        key = load_private_pem(key_path.read_bytes())
        return cls(key, public_pem(key), serial_path.read_text().strip())


def load_or_create_admin_token(data_dir: Path) -> str:
    """The control API's token: ``admin-token`` in the data folder, generated on first start."""
    path = data_dir / "admin-token"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(24))
        if not path.exists():
            os.replace(tmp, path)
        else:
            tmp.unlink()
    return path.read_text().strip()
