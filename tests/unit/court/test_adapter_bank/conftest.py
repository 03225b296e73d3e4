"""A fake bank behind ``responses`` for every test of the bank adapter's exchanges."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import responses

from tests.unit.court.test_adapter_bank.support import FakeBank


@pytest.fixture
def bank() -> Iterator[FakeBank]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield FakeBank(rsps)
