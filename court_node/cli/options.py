"""What the node's commands share: the --data-dir and --config options, and opening the node's store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from court_node.config import ConfigError, NodeSettings, load_settings
from court_node.store.engine import Store

F = TypeVar("F", bound=Callable[..., Any])


def store_options(command: F) -> F:
    """``--data-dir`` and ``--config``, as ``node serve`` takes them."""
    command = click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
                           help="JSON or TOML settings file (else FREEZESIM_NODE_CONFIG).")(command)
    return click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False),
                        help="The node's data folder (default .freezesim/data/court).")(command)


def node_config(data_dir: Path | None, config_file: Path | None, **extra: Any) -> dict[str, Any]:
    config: dict[str, Any] = {key: value for key, value in extra.items() if value is not None}
    if data_dir is not None:
        config["data_dir"] = str(data_dir.expanduser().resolve())
    if config_file is not None:
        config["config_file"] = str(config_file)
    return config


def settings_for(data_dir: Path | None, config_file: Path | None) -> NodeSettings:
    try:
        return load_settings(node_config(data_dir, config_file))
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


@contextmanager
def open_store(data_dir: Path | None, config_file: Path | None) -> Iterator[tuple[NodeSettings, Store]]:
    """The node's settings and store, closed again after the block."""
    settings = settings_for(data_dir, config_file)
    store = Store(settings.database_url)
    try:
        yield settings, store
    finally:
        store.close()
