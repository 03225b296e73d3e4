"""A stopped stack stays stopped: a restart on another thread (a chaos run's fault lane) cannot bring a service
back after ``stop()``."""

from __future__ import annotations

from pathlib import Path

import pytest

from court_node.chaos.setup import chaos_stack


def test_a_restart_after_stop_is_refused_and_starts_nothing(tmp_path: Path) -> None:
    stack = chaos_stack(tmp_path / "stack")
    stack.stop()  # nothing was started: stopping is a no-op, but the stack is now stopped
    with pytest.raises(RuntimeError, match="stack is stopped"):
        stack.restart("bank")
    assert all(service.process is None for service in stack.services.values())
