"""The platform key and admin token are created once, even when several workers start at the same moment."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from payment_mocks.control.keys import PlatformKeys, load_or_create_admin_token


def _start_worker(data_dir: str) -> tuple[str, str, str]:
    keys = PlatformKeys.load_or_create(Path(data_dir))
    return keys.public_pem, keys.serial, load_or_create_admin_token(Path(data_dir))


def test_workers_starting_together_share_one_key_serial_and_token(tmp_path: Path) -> None:
    with ProcessPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(_start_worker, [str(tmp_path)] * 12))
    assert len(set(results)) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["admin-token", "platform-key.pem", "platform-key.serial"]
    assert (tmp_path / "platform-key.pem").stat().st_mode & 0o777 == 0o600


def test_the_key_survives_a_restart(tmp_path: Path) -> None:
    first = PlatformKeys.load_or_create(tmp_path)
    assert PlatformKeys.load_or_create(tmp_path).public_pem == first.public_pem
