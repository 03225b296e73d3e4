"""The court node's settings, layered: defaults, a JSON or TOML file, ``FREEZESIM_NODE_*`` variables, a mapping.

The file is named by the key ``config_file`` (in the mapping) or the variable ``FREEZESIM_NODE_CONFIG``.
Unknown keys and bad values fail at startup with a message naming the key.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from court_node.adapters.base import ProviderConfig
from court_node.adapters.http_session import POOL_SIZE
from court_node.adapters.types import Court
from court_node.domain.case_number import PROVINCES
from court_node.domain.money import MoneyError, yuan_to_fen

ENV_PREFIX = "FREEZESIM_NODE_"
ENV_CONFIG_FILE = "FREEZESIM_NODE_CONFIG"
COURT_CODE = re.compile(rf"^[{PROVINCES}]\d{{2,4}}$")

_SCALARS: dict[str, type] = {
    "data_dir": str, "database_url": str, "grace_days": int, "living_allowance": str, "default_freeze_days": int,
    "demo": bool, "admin_token": str, "max_body_bytes": int, "health_timeout_s": float, "background": bool,
    "worker_interval_s": float, "batch_max_items": int, "batch_chunk_size": int, "batch_answer_wait_s": float,
    "batch_lease_s": float, "provider_parallelism": int,
}
_KNOWN = {*_SCALARS, "courts", "providers", "provider_order"}
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


class ConfigError(ValueError):
    """A setting the node cannot start with; the message names it."""


@dataclass(frozen=True)
class NodeSettings:
    """Everything the node is configured with; built once by ``load_settings``."""

    data_dir: Path
    database_url: str
    courts: tuple[Court, ...] = ()
    providers: tuple[ProviderConfig, ...] = ()
    provider_order: tuple[str, ...] = ()
    grace_days: int = 0  # days after the notice is served before deductions are allowed
    living_allowance: int = 150_000  # fen left unfrozen to a natural person (DOMAIN.md rule 8)
    default_freeze_days: int = 365
    demo: bool = False
    admin_token: str | None = None  # None: read or generate <data_dir>/admin-token
    max_body_bytes: int = 1_000_000
    health_timeout_s: float = 2.0
    background: bool = False  # run the reconciling worker thread (``node serve`` turns it on)
    worker_interval_s: float = 5.0
    #: provider calls made at once by one inspection or freeze order (at most the keep-alive pool's size)
    provider_parallelism: int = 16
    batch_max_items: int = 10_000  # items one batch may hold
    batch_chunk_size: int = 200  # items written in one transaction and sent together
    batch_answer_wait_s: float = 60.0  # real seconds a batch waits for an asynchronous provider's answers
    batch_lease_s: float = 60.0  # real seconds a batch runner's lease lasts unrenewed; then another process takes over


def load_settings(config: Mapping[str, Any] | None = None) -> NodeSettings:
    """Defaults, then the config file, then ``FREEZESIM_NODE_*`` scalars, then ``config``."""
    override = dict(config or {})
    merged: dict[str, Any] = {}
    file_name = override.pop("config_file", None) or os.environ.get(ENV_CONFIG_FILE)
    if file_name:
        merged.update(read_config_file(Path(file_name)))
    merged.update(_from_environment())
    merged.update(override)
    return settings_from_mapping(merged)


def read_config_file(path: Path) -> dict[str, Any]:
    """A JSON or (by suffix ``.toml``) TOML file holding one object of settings."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"config file {path}: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path}: expected an object of settings")
    return data


def _from_environment() -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, kind in _SCALARS.items():
        raw = os.environ.get(ENV_PREFIX + key.upper())
        if raw is None:
            continue
        try:
            if kind is bool:
                if raw.strip().lower() not in _TRUE | _FALSE:
                    raise ValueError(f"{raw!r} is not a boolean")
                values[key] = raw.strip().lower() in _TRUE
            else:
                values[key] = kind(raw)
        except ValueError as exc:
            raise ConfigError(f"{ENV_PREFIX}{key.upper()}: {exc}") from None
    return values


def settings_from_mapping(raw: Mapping[str, Any]) -> NodeSettings:
    """Validate a merged mapping of settings."""
    unknown = sorted(set(raw) - _KNOWN)
    if unknown:
        raise ConfigError(f"unknown setting {unknown[0]!r}; known: {', '.join(sorted(_KNOWN))}")
    data_dir = Path(_typed(raw, "data_dir", (str, Path), str(Path(".freezesim") / "data" / "court")))
    providers = tuple(_provider(i, p) for i, p in enumerate(_list(raw, "providers")))
    names = [p.name for p in providers]
    if len(set(names)) != len(names):
        raise ConfigError("providers: each provider needs its own name")
    order = tuple(_list(raw, "provider_order")) or tuple(names)
    stray = [n for n in order if not isinstance(n, str) or n not in names]
    if stray:
        raise ConfigError(f"provider_order names {stray[0]!r}, which is not a configured provider")
    order = tuple(dict.fromkeys(order + tuple(names)))  # providers left out of the order come last
    try:
        allowance = yuan_to_fen(_typed(raw, "living_allowance", str, "1500.00"), allow_zero=True)
    except MoneyError as exc:
        raise ConfigError(f"living_allowance: {exc}") from None
    return NodeSettings(
        data_dir=data_dir,
        database_url=_typed(raw, "database_url", str, f"sqlite:///{data_dir / 'court.sqlite3'}"),
        courts=tuple(_court(i, c) for i, c in enumerate(_list(raw, "courts"))),
        providers=providers,
        provider_order=order,
        grace_days=_number(raw, "grace_days", 0, 0, 3650),
        living_allowance=allowance,
        default_freeze_days=_number(raw, "default_freeze_days", 365, 1, 365),
        demo=_typed(raw, "demo", bool, False),
        admin_token=_typed(raw, "admin_token", str, None) or None,
        max_body_bytes=_number(raw, "max_body_bytes", 1_000_000, 1024, 100_000_000),
        health_timeout_s=float(_typed(raw, "health_timeout_s", (int, float), 2.0)),
        background=_typed(raw, "background", bool, False),
        worker_interval_s=_seconds(raw, "worker_interval_s", 5.0),
        provider_parallelism=_number(raw, "provider_parallelism", 16, 1, POOL_SIZE),
        batch_max_items=_number(raw, "batch_max_items", 10_000, 1, 1_000_000),
        batch_chunk_size=_number(raw, "batch_chunk_size", 200, 1, 10_000),
        batch_answer_wait_s=_seconds(raw, "batch_answer_wait_s", 60.0),
        batch_lease_s=_seconds(raw, "batch_lease_s", 60.0),
    )


def _typed(raw: Mapping[str, Any], key: str, kinds: type | tuple[type, ...], default: Any) -> Any:
    value = raw.get(key)
    if value is None:
        return default
    allowed = kinds if isinstance(kinds, tuple) else (kinds,)
    if not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed):
        raise ConfigError(f"{key}: {value!r} has the wrong type")
    return value


def _number(raw: Mapping[str, Any], key: str, default: int, low: int, high: int) -> int:
    value = _typed(raw, key, int, default)
    if not low <= value <= high:
        raise ConfigError(f"{key}: {value} is outside {low}..{high}")
    return int(value)


def _seconds(raw: Mapping[str, Any], key: str, default: float) -> float:
    value = float(_typed(raw, key, (int, float), default))
    if not 0 < value <= 3600:
        raise ConfigError(f"{key}: {value} is outside (0, 3600] seconds")
    return value


def _list(raw: Mapping[str, Any], key: str) -> list[Any]:
    value = raw.get(key) or []
    if not isinstance(value, list | tuple):
        raise ConfigError(f"{key}: expected a list")
    return list(value)


def _court(index: int, item: Any) -> Court:
    where = f"courts[{index}]"
    if isinstance(item, Court):
        return item
    if not isinstance(item, Mapping) or set(item) - {"code", "name", "enforcement_account"}:
        raise ConfigError(f"{where}: expected {{code, name, enforcement_account}}")
    values: dict[str, str] = {}
    for key in ("code", "name", "enforcement_account"):
        value = item.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{where}.{key}: a non-empty string is required")
        values[key] = value
    if not COURT_CODE.match(values["code"]):
        raise ConfigError(f"{where}.code: {values['code']!r} is not a court code like 京0101")
    return Court(values["code"], values["name"].strip(), values["enforcement_account"].strip())


def _provider(index: int, item: Any) -> ProviderConfig:
    where = f"providers[{index}]"
    if isinstance(item, ProviderConfig):
        return item
    allowed = {"name", "adapter", "base_url", "credentials", "timeout_s", "options"}
    if not isinstance(item, Mapping) or set(item) - allowed:
        raise ConfigError(f"{where}: expected {{{', '.join(sorted(allowed))}}}")
    for key in ("name", "adapter", "base_url"):
        if not isinstance(item.get(key), str) or not item[key]:
            raise ConfigError(f"{where}.{key}: a non-empty string is required")
    credentials, options = item.get("credentials") or {}, item.get("options") or {}
    if not isinstance(credentials, Mapping) or not all(isinstance(v, str) for v in credentials.values()):
        raise ConfigError(f"{where}.credentials: expected an object of strings")
    if not isinstance(options, Mapping):
        raise ConfigError(f"{where}.options: expected an object")
    timeout = item.get("timeout_s", 10.0)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 < timeout <= 300:
        raise ConfigError(f"{where}.timeout_s: a number of seconds in (0, 300] is required")
    return ProviderConfig(name=item["name"], adapter=item["adapter"], base_url=item["base_url"].rstrip("/"),
                          credentials=dict(credentials), timeout_s=float(timeout), options=dict(options))
