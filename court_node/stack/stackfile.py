"""The stack file (TOML): which courts, providers, ports, data folder and seed data a stack is made of.

``load_stack_file(path)`` reads and checks a file into ``StackOptions``; every error names the file, the line
when it can be found, the table and the key. Relative paths are read from the stack file's own folder; a file
without ``[stack] data_dir`` keeps its data in ``.freezesim/stack`` under the current folder (so that the
default file, shipped inside the package, never writes there). docs/stack.md describes every key.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from court_node.config import ConfigError, settings_from_mapping
from court_node.stack.launcher import DEFAULT_PORTS, PROVIDERS, SERVERS, ProviderOptions, StackOptions

DEFAULT_STACK_FILE = Path(__file__).resolve().parent / "default-stack.toml"
DEFAULT_DATA_DIR = Path(".freezesim") / "stack"
SEED_CHOICES = ("sample", "none")

_TABLES = {"stack", "node", "courts", "providers"}
_STACK_KEYS = {"data_dir"}
_NODE_KEYS = {"port", "server", "workers", "threads", "grace_days", "living_allowance", "default_freeze_days",
              "worker_interval_s", "demo_users"}
_NODE_SETTINGS = ("grace_days", "living_allowance", "default_freeze_days", "worker_interval_s")
_PROVIDER_KEYS = {"port", "workers", "threads", "seed", "profile"}
_COURT_ERROR = re.compile(r"^courts\[(\d+)\](?:\.(\w+))?: (.*)$", re.DOTALL)


class StackFileError(ValueError):
    """A stack file that cannot be used; the message names the file, the line (when known) and the key."""


class _Source:
    """The file's text, to point an error at the line of a key (tomllib gives no positions once parsed)."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def error(self, table: str, key: str | None, problem: str, index: int | None = None) -> StackFileError:
        line = self._line(table, key, index)
        where = f"{self.path}:{line}" if line else str(self.path)
        label = f"[[{table}]] #{index + 1}" if index is not None else f"[{table}]"
        return StackFileError(f"{where}: {label}{' ' + key if key else ''}: {problem}")

    def _line(self, table: str, key: str | None, index: int | None) -> int | None:
        parts = r"\s*\.\s*".join(re.escape(p) for p in table.split("."))
        header = re.compile(rf"^\s*\[\[\s*{parts}\s*\]\]" if index is not None else rf"^\s*\[\s*{parts}\s*\]")
        starts = [n for n, text in enumerate(self.lines) if header.match(text)]
        if not starts:
            return None
        start = starts[min(index or 0, len(starts) - 1)]
        if key is None:
            return start + 1
        assignment = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for n in range(start + 1, len(self.lines)):
            if re.match(r"^\s*\[", self.lines[n]):
                break
            if assignment.match(self.lines[n]):
                return n + 1
        return start + 1


def load_stack_file(path: Path | None = None, *, cwd: Path | None = None) -> StackOptions:
    """Read and check a stack file (default: the shipped default stack) into the options of a stack."""
    path = Path(path) if path is not None else DEFAULT_STACK_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StackFileError(f"{path}: no such stack file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StackFileError(f"{path}: cannot be read: {exc}") from None
    return parse_stack(text, path, cwd=cwd)


def parse_stack(text: str, path: Path, *, cwd: Path | None = None) -> StackOptions:
    """The options a stack file's ``text`` describes; ``path`` names it in errors and anchors relative paths."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise StackFileError(f"{path}: not valid TOML: {exc}") from None  # tomllib's message gives the line
    source = _Source(path, text)
    unknown = sorted(set(data) - _TABLES)
    if unknown:
        raise StackFileError(f"{path}: unknown table or key {unknown[0]!r}; known: {', '.join(sorted(_TABLES))}")
    folder = path.resolve().parent
    stack = _table(source, data, "stack", _STACK_KEYS)
    node = _table(source, data, "node", _NODE_KEYS)
    providers = data.get("providers", {})
    if not isinstance(providers, dict):
        raise source.error("providers", None, "expected tables such as [providers.bank]")
    for name in providers:
        if name not in PROVIDERS:
            raise source.error(f"providers.{name}", None, f"unknown provider; one of {', '.join(PROVIDERS)}")
    ports = {"node": _int(source, "node", node, "port", DEFAULT_PORTS["node"], 1, 65535)}
    provider_options: dict[str, ProviderOptions] = {}
    chosen = [name for name in PROVIDERS if name in providers]
    for name in chosen:
        ports[name], provider_options[name] = _provider(source, name, providers[name], folder)
    _distinct_ports(source, ports)
    node_settings = _node_settings(source, node, data.get("courts", []))
    return StackOptions(
        data_dir=_data_dir(source, stack, folder, cwd),
        ports=ports,
        providers=tuple(chosen),
        sample_data=False,  # each provider's own ``seed`` decides
        demo=_bool(source, "node", node, "demo_users", True),
        node_settings=node_settings,
        provider_options=provider_options,
        node_server=_choice(source, "node", node, "server", "gunicorn", SERVERS),
        node_workers=_int(source, "node", node, "workers", 1, 1, 64),
        node_threads=_int(source, "node", node, "threads", 8, 1, 256),
        stack_file=path.resolve(),
    )


def apply_overrides(options: StackOptions, *, data_dir: Path | None = None, node_port: int | None = None,
                    base_port: int | None = None, grace_days: int | None = None) -> StackOptions:
    """The command line wins over the file: a data folder, the node's port, the providers' first port
    (bank, alipay, wechat on three consecutive ports) and the grace period."""
    ports = dict(options.ports)
    if node_port is not None:
        ports["node"] = node_port
    if base_port is not None:
        for offset, name in enumerate(PROVIDERS):
            if name in ports:
                ports[name] = base_port + offset
    settings = dict(options.node_settings or {})
    if grace_days is not None:
        settings["grace_days"] = grace_days
    return replace(options, data_dir=data_dir if data_dir is not None else options.data_dir, ports=ports,
                   node_settings=settings)


# ---- one table at a time -------------------------------------------------------------------------------------
def _table(source: _Source, data: Mapping[str, Any], name: str, keys: set[str]) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise source.error(name, None, "expected a table")
    unknown = sorted(set(table) - keys)
    if unknown:
        raise source.error(name, unknown[0], f"unknown key; known: {', '.join(sorted(keys))}")
    return table


def _data_dir(source: _Source, stack: Mapping[str, Any], folder: Path, cwd: Path | None) -> Path:
    if "data_dir" not in stack:
        return (cwd or Path.cwd()) / DEFAULT_DATA_DIR
    value = stack["data_dir"]
    if not isinstance(value, str) or not value.strip():
        raise source.error("stack", "data_dir", "a folder path (a non-empty string) is required")
    return folder / Path(value).expanduser()


def _provider(source: _Source, name: str, raw: Any, folder: Path) -> tuple[int, ProviderOptions]:
    table = f"providers.{name}"
    if not isinstance(raw, dict):
        raise source.error(table, None, "expected a table")
    unknown = sorted(set(raw) - _PROVIDER_KEYS)
    if unknown:
        raise source.error(table, unknown[0], f"unknown key; known: {', '.join(sorted(_PROVIDER_KEYS))}")
    port = _int(source, table, raw, "port", DEFAULT_PORTS[name], 1, 65535)
    seed = raw.get("seed", "sample")
    if not isinstance(seed, str) or not seed.strip():
        raise source.error(table, "seed", f"one of {', '.join(SEED_CHOICES)} or the path of a JSON seed file")
    seed_file = None
    if seed not in SEED_CHOICES:
        seed_file = folder / Path(seed).expanduser()
        if not seed_file.is_file():
            raise source.error(table, "seed", f"no seed file {seed_file} (or use one of {', '.join(SEED_CHOICES)})")
    profile = raw.get("profile")
    if profile is not None and (not isinstance(profile, str) or not profile.strip()):
        raise source.error(table, "profile", "a capability profile name (a string) is required")
    return port, ProviderOptions(
        workers=_int(source, table, raw, "workers", 1, 1, 64), threads=_int(source, table, raw, "threads", 8, 1, 256),
        sample_data=seed == "sample", seed_file=seed_file, profile=profile)


def _node_settings(source: _Source, node: Mapping[str, Any], courts: Any) -> dict[str, Any]:
    """The node's own settings, checked by the node's own rules so that the file fails now, not at start."""
    if not isinstance(courts, list):
        raise source.error("courts", None, "expected an array of tables: [[courts]]")
    settings: dict[str, Any] = {key: node[key] for key in _NODE_SETTINGS if key in node}
    settings.setdefault("worker_interval_s", 1.0)
    settings["background"] = True
    settings["courts"] = courts
    try:
        settings_from_mapping(settings)
    except ConfigError as exc:
        match = _COURT_ERROR.match(str(exc))
        if match:
            raise source.error("courts", match.group(2), match.group(3), index=int(match.group(1))) from None
        key, _, problem = str(exc).partition(": ")
        raise source.error("node", key, problem or str(exc)) from None
    settings["courts"] = [dict(court) for court in courts]
    return settings


def _distinct_ports(source: _Source, ports: Mapping[str, int]) -> None:
    seen: dict[int, str] = {}
    for name, port in ports.items():
        if port in seen:
            table = "node" if name == "node" else f"providers.{name}"
            raise source.error(table, "port", f"{port} is already the port of {seen[port]}")
        seen[port] = name


# ---- values ----------------------------------------------------------------------------------------------------
def _int(source: _Source, table: str, raw: Mapping[str, Any], key: str, default: int, low: int, high: int) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise source.error(table, key, f"{value!r} is not a whole number")
    if not low <= value <= high:
        raise source.error(table, key, f"{value} is outside {low}..{high}")
    return value


def _bool(source: _Source, table: str, raw: Mapping[str, Any], key: str, default: bool) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise source.error(table, key, f"{value!r} is not true or false")
    return value


def _choice(source: _Source, table: str, raw: Mapping[str, Any], key: str, default: str,
            choices: tuple[str, ...]) -> str:
    value = raw.get(key, default)
    if value not in choices:
        raise source.error(table, key, f"{value!r} is not one of {', '.join(choices)}")
    return str(value)
