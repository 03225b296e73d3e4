"""The whole stack as real processes on free loopback ports: three mocks and a court node, wired by HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from court_node.client import CourtClient
from court_node.stack.launcher import Stack, StackOptions
from payment_mocks.testing import free_port

#: demo tokens the node seeds with --demo
JUDGE_DONGCHENG = "demo-judge-0101"
JUDGE_CHAOYANG = "demo-judge-0105"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    ports = {name: free_port() for name in ("node", "bank", "alipay", "wechat")}
    options = StackOptions(
        data_dir=Path(tmp_path_factory.mktemp("stack")), ports=ports, sample_data=False,
        node_settings={"living_allowance": "0.00", "background": True},
    )
    running = Stack(options).start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def dongcheng(stack: Stack) -> CourtClient:
    return CourtClient(stack.url("node"), JUDGE_DONGCHENG, timeout=30)


@pytest.fixture
def chaoyang(stack: Stack) -> CourtClient:
    return CourtClient(stack.url("node"), JUDGE_CHAOYANG, timeout=30)
