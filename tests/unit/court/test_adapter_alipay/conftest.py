"""A fake Alipay gateway behind ``responses`` for every test of the Alipay adapter's exchanges."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import responses

from tests.unit.court.test_adapter_alipay.support import FakeAlipay


@pytest.fixture
def alipay() -> Iterator[FakeAlipay]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield FakeAlipay(rsps)
