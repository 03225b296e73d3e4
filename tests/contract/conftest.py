"""The ``target`` fixture: every contract test runs once per registered provider (see targets.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from court_node.adapters.base import ProviderAdapter
from tests.contract.kit import COURT_A, COURT_B, Desk
from tests.contract.targets import TARGETS, Target


@pytest.fixture(scope="session", params=sorted(TARGETS))
def running_target(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    """A provider started once per session; skipped while its adapter is not registered."""
    started = TARGETS[request.param]()
    reason = started.unavailable()
    if reason is not None:
        pytest.skip(reason)
    started.start(tmp_path_factory.mktemp(f"contract-{started.name}"))
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture
def target(running_target: Target) -> Iterator[Target]:
    """The provider emptied for this test; its money invariants must hold when the test is done."""
    running_target.reset()
    yield running_target
    assert running_target.invariants() == [], f"{running_target.name}: invariants broken"


@pytest.fixture
def adapter(target: Target) -> ProviderAdapter:
    return target.adapter()


@pytest.fixture
def desk(target: Target, adapter: ProviderAdapter) -> Desk:
    """Court A at the provider."""
    return Desk(target, adapter, COURT_A)


@pytest.fixture
def other_desk(target: Target, adapter: ProviderAdapter) -> Desk:
    """Court B at the same provider, through the same court node."""
    return Desk(target, adapter, COURT_B)
