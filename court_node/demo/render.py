"""Choose how the story is shown: rich on a terminal, plain lines anywhere else (a file, a pipe, a CI log)."""

from __future__ import annotations

import sys
from typing import TextIO

from rich.console import Console

from court_node.demo.render_plain import PlainRenderer
from court_node.demo.render_rich import RichRenderer


def choose_renderer(*, plain: bool = False, out: TextIO | None = None) -> PlainRenderer | RichRenderer:
    """Rich when ``out`` (default stdout) is a terminal, as rich's Console decides it; plain text otherwise."""
    stream = out if out is not None else sys.stdout
    console = Console(file=stream)
    if plain or not console.is_terminal:
        return PlainRenderer(stream)
    return RichRenderer(console)
