"""What ``up``, ``down`` and ``status`` share: finding the data folder of a stack."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from court_node.stack.stackfile import DEFAULT_DATA_DIR, StackFileError, load_stack_file

F = TypeVar("F", bound=Callable[..., Any])


def locate_options(command: F) -> F:
    """``--data-dir`` and ``--stack``: the folder a stack runs from, given directly or through its stack file."""
    command = click.option("--stack", "stack_file", type=click.Path(path_type=Path, dir_okay=False),
                           help="The stack file the stack was started with; its data folder is used.")(command)
    return click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False),
                        help=f"The data folder the stack was started with (default {DEFAULT_DATA_DIR}).")(command)


def stack_data_dir(data_dir: Path | None, stack_file: Path | None) -> Path:
    """The data folder named by ``--data-dir``, else by the stack file, else the default one."""
    if data_dir is not None:
        return data_dir.expanduser().resolve()
    if stack_file is not None:
        try:
            return load_stack_file(stack_file).data_dir.resolve()
        except StackFileError as exc:
            raise click.ClickException(str(exc)) from None
    return DEFAULT_DATA_DIR.resolve()
