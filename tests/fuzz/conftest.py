"""Hostile-input tests: every test here is marked ``fuzz``; FREEZESIM_FUZZ_EXAMPLES sets their size."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "fuzz: hostile input (schemathesis and hypothesis); size from "
                                       "FREEZESIM_FUZZ_EXAMPLES")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent == HERE:
            item.add_marker(pytest.mark.fuzz)
