"""Test your own code against a whole freezesim stack: the court node and the three mock providers as real
processes on free loopback ports, in a temporary folder, stopped after the tests.

This module is a pytest plugin (entry point ``freezesim_stack``), so its fixtures are there as soon as freezesim
is installed:

* ``freezesim_stack`` — a running ``Stack`` (``.url("node")``, ``.admin(name, method, path, body)``,
  ``.advance("30d")``, ``.move_clock(...)``), one per test module: starting a stack takes a few seconds, so the
  tests of a module share it and its data (give each test its own case numbers). It is the default stack file's
  stack (four demo courts, demo users, sample debtors) unless ``freezesim_stack_options`` is overridden.
* ``freezesim_stack_options`` — module scope; override it in a ``conftest.py`` to start another stack, e.g.
  ``return stack_options_for_tests(tmp_path_factory.mktemp("stack"), Path("my-stack.toml"))``.
* ``court_client`` — a ``CourtClient`` for the demo judge of 京0101 (token ``demo-judge-0101``).
* ``court_client_for`` — ``court_client_for("demo-clerk-0105")``: a ``CourtClient`` for any token.
* ``freezesim_stack_factory`` — a fresh stack per call, for a test that needs its own (stopped after the test).
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from court_node.cli.processes import StartupError
from court_node.client import CourtClient
from court_node.stack.launcher import Stack, StackOptions
from court_node.stack.stackfile import load_stack_file

#: the demo judge of 京0101 (北京市东城区人民法院), seeded with demo users on
DEMO_JUDGE_TOKEN = "demo-judge-0101"
_START_ATTEMPTS = 3


def free_ports(names: tuple[str, ...] | list[str]) -> dict[str, int]:
    """A distinct free loopback port for each name."""
    ports: dict[str, int] = {}
    while len(ports) < len(names):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        if port not in ports.values():
            ports[names[len(ports)]] = port
    return ports


def stack_options_for_tests(data_dir: Path, stack_file: Path | None = None, **changes: Any) -> StackOptions:
    """A stack file's stack (default: the default stack) in ``data_dir`` on free ports; ``changes`` replace
    fields of the options (e.g. ``node_workers=2``)."""
    options = load_stack_file(stack_file)
    return replace(options, data_dir=data_dir, ports=free_ports(list(options.ports)), **changes)


def start_stack(options: StackOptions, timeout: float = 60.0) -> Stack:
    """Start a stack, on fresh free ports when another process took one of its ports in the meantime."""
    for attempt in range(_START_ATTEMPTS):
        try:
            return Stack(options).start(timeout)
        except StartupError as exc:
            if "in use" not in str(exc) or attempt == _START_ATTEMPTS - 1:
                raise
            options = replace(options, ports=free_ports(list(options.ports)))
    raise AssertionError("unreachable")


@pytest.fixture(scope="module")
def freezesim_stack_options(tmp_path_factory: pytest.TempPathFactory) -> StackOptions:
    """The options ``freezesim_stack`` starts with: the default stack on free ports in a temporary folder."""
    return stack_options_for_tests(tmp_path_factory.mktemp("freezesim-stack"))


@pytest.fixture(scope="module")
def freezesim_stack(freezesim_stack_options: StackOptions) -> Iterator[Stack]:
    """A whole stack running for the tests of one module; every process is stopped afterwards."""
    stack = start_stack(freezesim_stack_options)
    try:
        yield stack
    finally:
        stack.stop()


@pytest.fixture
def freezesim_stack_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Stack]]:
    """Factory: ``freezesim_stack_factory(stack_file=None, **changes)`` starts a fresh stack; all are stopped
    after the test."""
    started: list[Stack] = []

    def make(stack_file: Path | None = None, **changes: Any) -> Stack:
        options = stack_options_for_tests(tmp_path_factory.mktemp("freezesim-stack"), stack_file, **changes)
        stack = start_stack(options)
        started.append(stack)
        return stack

    yield make
    for stack in reversed(started):
        stack.stop()


@pytest.fixture
def court_client_for(freezesim_stack: Stack) -> Callable[[str], CourtClient]:
    """Factory: a ``CourtClient`` of the running stack's court node for a user's token."""

    def make(token: str) -> CourtClient:
        return CourtClient(freezesim_stack.url("node"), token, timeout=30)

    return make


@pytest.fixture
def court_client(court_client_for: Callable[[str], CourtClient]) -> CourtClient:
    """A ``CourtClient`` for the demo judge of 京0101 (北京市东城区人民法院)."""
    return court_client_for(DEMO_JUDGE_TOKEN)
