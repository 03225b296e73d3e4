"""The provider's own signing key: generated on first start into the data folder, never committed."""

from __future__ import annotations

import contextlib
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
        """Read ``platform-key.pem`` and ``platform-key.serial``, creating them (mode 0600) the first time.

        Several gunicorn workers may start at once: each file is created exactly once (hard link from a private
        temporary file, which fails if the name exists), so every worker ends up with the same key.
        """
        data_dir.mkdir(parents=True, exist_ok=True)
        key_path, serial_path = data_dir / "platform-key.pem", data_dir / "platform-key.serial"
        if not key_path.exists():
            write_once(key_path, private_pem(generate_rsa_key()))
        if not serial_path.exists():
            write_once(serial_path, "PUB_KEY_ID_" + secrets.token_hex(16).upper())
        key = load_private_pem(key_path.read_bytes())
        return cls(key, public_pem(key), serial_path.read_text().strip())


def write_once(path: Path, content: str) -> None:
    """Create ``path`` with ``content`` (mode 0600) unless it exists; never a half-written or replaced file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)  # atomic create-if-absent: the first writer wins, everyone reads its file
    finally:
        tmp.unlink(missing_ok=True)


def load_or_create_admin_token(data_dir: Path) -> str:
    """The control API's token: ``admin-token`` in the data folder, generated on first start."""
    path = data_dir / "admin-token"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        write_once(path, secrets.token_urlsafe(24))
    return path.read_text().strip()
