"""A bank slower than the node's status reads wait: a waiting freeze still shows taking effect, in bounded time."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from court_node.client import CourtClient
from court_node.stack.invariants import check_stack
from court_node.stack.launcher import Stack
from tests.e2e.court.flows import file_case, inspect_all, new_debtor, wait_for

pytestmark = pytest.mark.slow

#: the bank answers 3 s after accepting (simulated time runs with real time), longer than a status read waits (2 s)
SLOW = "3s"
SHOWN_WITHIN_S = 15.0


@pytest.fixture(scope="module", autouse=True)
def slow_bank(stack: Stack) -> Iterator[None]:
    stack.admin("bank", "PUT", "/bank/processing", {"delay": SLOW})
    yield
    stack.admin("bank", "PUT", "/bank/processing", {"delay": "0s"})


def test_a_waiting_freeze_at_a_slow_bank_shows_active_soon_after_the_first_is_released(
    stack: Stack, dongcheng: CourtClient, chaoyang: CourtClient
) -> None:
    account = "6222000000000707"
    debtor = new_debtor(stack, "周七", {"bank": [(account, "1000.00")]})
    first_case = file_case(dongcheng, "京0101", debtor, "1000.00")
    inspect_all(dongcheng, first_case["id"])
    [first] = dongcheng.freeze(first_case["id"], "（2026）京0101执冻7号")["freezes"]
    wait_for("the first freeze to take effect", lambda: dongcheng.get_freeze(first["id"]),
             lambda f: f["status"] == "active")

    second_case = file_case(chaoyang, "京0105", debtor, "500.00")
    inspect_all(chaoyang, second_case["id"])
    [second] = chaoyang.freeze(second_case["id"], "（2026）京0105执冻7号")["freezes"]
    waiting = wait_for("the second freeze to wait in line", lambda: chaoyang.get_freeze(second["id"]),
                       lambda f: f["status"] == "waiting")
    assert (waiting["queue_position"], waiting["held"]) == (1, "0.00")

    dongcheng.release(first["id"], "（2026）京0101执解7号")
    wait_for("the release to be answered", lambda: dongcheng.get_freeze(first["id"]),
             lambda f: f["status"] == "released")
    released_at = time.monotonic()
    taken = wait_for("the waiting freeze to show active", lambda: chaoyang.get_freeze(second["id"], refresh=True),
                     lambda f: f["status"] == "active", timeout=SHOWN_WITHIN_S)
    assert time.monotonic() - released_at <= SHOWN_WITHIN_S
    assert (taken["held"], taken["queue_position"]) == ("500.00", None)
    at_bank = {f["authority_code"]: f["status"]
               for f in stack.admin("bank", "GET", f"/freezes?account_no={account}")["freezes"]}
    assert at_bank == {"京0101": "released", "京0105": "active"}
    assert check_stack(stack) == []
