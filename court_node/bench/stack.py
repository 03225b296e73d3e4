"""A whole stack for one benchmark: the default stack file's server settings (workers, threads) on free loopback
ports in a scratch folder, no sample data, the demo courts and judges; stopped whatever happens."""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from court_node.bench.result import BenchContext
from court_node.cli.processes import StartupError
from court_node.demo.fresh_stack import demo_ports
from court_node.stack.launcher import Stack, StackOptions
from court_node.stack.stackfile import load_stack_file

#: deductions allowed at once after the notice, nothing left to the debtor; the rest as the stack file says
BENCH_NODE_SETTINGS: Mapping[str, Any] = {"grace_days": 0, "living_allowance": "0.00", "background": True}


def scratch_folder(ctx: BenchContext, name: str) -> Path:
    """An empty folder ``name`` under the run's work folder."""
    folder = (ctx.work_dir / name).resolve()
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def bench_options(folder: Path, node_settings: Mapping[str, Any] | None = None, **changes: Any) -> StackOptions:
    """The default stack's options in ``folder`` on free ports, providers without seed data."""
    options = load_stack_file()
    providers = {name: replace(own, sample_data=False, seed_file=None)
                 for name, own in options.provider_options.items()}
    settings = {**(options.node_settings or {}), **BENCH_NODE_SETTINGS, **(node_settings or {})}
    return replace(options, data_dir=folder, ports=demo_ports(), provider_options=providers,
                   node_settings=settings, demo=True, **changes)


def start_on_free_ports(options: StackOptions, attempts: int = 3) -> Stack:
    """Start a stack, on fresh free ports when another process took one of its ports in the meantime."""
    for attempt in range(attempts):
        try:
            return Stack(options).start()
        except StartupError as exc:
            if "in use" not in str(exc) or attempt == attempts - 1:
                raise
            options = replace(options, ports=demo_ports())
    raise AssertionError("unreachable")


@contextmanager
def running_stack(ctx: BenchContext, name: str, node_settings: Mapping[str, Any] | None = None,
                  **changes: Any) -> Iterator[Stack]:
    """A fresh stack in ``<work_dir>/<name>``, stopped when the block ends (also on an error or Ctrl-C)."""
    stack = start_on_free_ports(bench_options(scratch_folder(ctx, name), node_settings, **changes))
    try:
        yield stack
    finally:
        stack.stop()
