"""Fixtures for the court node's tests: a node with the demo courts and users on a fresh data folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from court_node.app import create_app
from court_node.context import EXTENSION_KEY, NodeContext
from tests.unit.court.node_requests import JsonClient, json_client


@pytest.fixture(autouse=True)
def _no_node_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's FREEZESIM_NODE_* variables must not leak into the tests."""
    import os

    for name in list(os.environ):
        if name.startswith("FREEZESIM_NODE_"):
            monkeypatch.delenv(name)


@pytest.fixture
def node_app(tmp_path: Path) -> Iterator[Flask]:
    app = create_app({"data_dir": str(tmp_path / "court"), "demo": True})
    yield app
    app.extensions[EXTENSION_KEY].close()


@pytest.fixture
def node(node_app: Flask) -> NodeContext:
    ctx: NodeContext = node_app.extensions[EXTENSION_KEY]
    return ctx


@pytest.fixture
def client(node_app: Flask) -> JsonClient:
    return json_client(node_app)
