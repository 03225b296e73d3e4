"""The bank adapter's freeze status against a real bank mock that answers more slowly than a read waits."""

from __future__ import annotations

import secrets
import time
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from court_node.adapters.bank import BankAdapter
from court_node.adapters.base import ProviderConfig
from court_node.adapters.types import (
    ControlOutcome,
    ControlRequest,
    Court,
    FreezeState,
    Operation,
    OutcomeState,
    Subject,
)
from court_node.clock import BEIJING
from payment_mocks.testing import MockProvider

pytestmark = pytest.mark.slow

NODE_ID = "COURT-NODE-1"
DONGCHENG = Court("京0101", "北京市东城区人民法院", "11001010100052512345")
CHAOYANG = Court("京0105", "北京市朝阳区人民法院", "11001010100052567890")
DEBTOR = Subject("李明", "resident_id", "11010519491231002X")
ACCOUNT = "6222020200112233445"
#: longer than the adapter's status_wait_s (2 s): no read may wait for the bank's answer
SLOW = "3s"
CONVERGE_WITHIN_S = 15.0


@pytest.fixture
def secret(bank_mock: MockProvider) -> str:
    value = secrets.token_urlsafe(24)
    bank_mock.admin("POST", "/callers", {"kind": "bank_node", "caller_id": NODE_ID, "secret": value})
    bank_mock.seed({"subjects": [{"name": DEBTOR.name, "id_type": DEBTOR.id_type, "id_number": DEBTOR.id_number,
                                  "accounts": [{"account_no": ACCOUNT, "balance": "10000.00"}]}]})
    return value


def make_adapter(mock: MockProvider, secret: str) -> BankAdapter:
    """An adapter with the node's defaults for status reads (status_wait_s 2 s)."""
    config = ProviderConfig(name="bank", adapter="bank", base_url=mock.url,
                            credentials={"node_id": NODE_ID, "secret": secret}, timeout_s=5.0,
                            options={"backoff_s": 0.05})
    return BankAdapter(config, now=mock.now)


@pytest.fixture
def adapter(bank_mock: MockProvider, secret: str) -> Iterator[BankAdapter]:
    built = make_adapter(bank_mock, secret)
    yield built
    built.close()


def today(mock: MockProvider) -> date:
    return datetime.fromtimestamp(mock.now(), BEIJING).date()


def control(mock: MockProvider, operation: Operation, court: Court, **changes: Any) -> ControlRequest:
    fields: dict[str, Any] = {"request_no": f"C{uuid.uuid4().hex[:20]}", "operation": operation, "court": court,
                              "judge": "王法官", "case_no": f"（2026）{court.code}执123号",
                              "document_no": f"（2026）{court.code}执123号之一", "subject": DEBTOR,
                              "account_no": ACCOUNT}
    if operation is Operation.FREEZE:
        fields.update(amount=1_000_000, start_date=today(mock), end_date=today(mock) + timedelta(days=30))
    fields.update(changes)
    return ControlRequest(**fields)


def settled(adapter: BankAdapter, sent: ControlRequest) -> ControlOutcome:
    assert adapter.control(sent).state is OutcomeState.PENDING
    deadline = time.monotonic() + CONVERGE_WITHIN_S
    while True:
        outcome = adapter.control_result(sent)
        if outcome.state is not OutcomeState.PENDING or time.monotonic() > deadline:
            return outcome
        time.sleep(0.1)


def status_of(mock: MockProvider, freeze: ControlRequest) -> ControlRequest:
    """A status read as the node's sync makes it: a fresh request number every time."""
    return control(mock, Operation.RENEW, freeze.court, request_no=f"S{uuid.uuid4().hex[:20]}",
                   original_request_no=freeze.request_no, provider_ref=freeze.request_no)


def read_until(mock: MockProvider, adapter: BankAdapter, freeze: ControlRequest,
               wanted: FreezeState) -> list[ControlOutcome]:
    """Read the freeze's status once a second until the bank says ``wanted``; every read, in order."""
    reads: list[ControlOutcome] = []
    deadline = time.monotonic() + CONVERGE_WITHIN_S
    while time.monotonic() < deadline:
        reads.append(adapter.freeze_status(status_of(mock, freeze)))
        if reads[-1].state is OutcomeState.COMPLETED and reads[-1].freeze_status is wanted:
            return reads
        time.sleep(1.0)
    raise AssertionError(f"the freeze's status never became {wanted}: {[(r.state, r.freeze_status) for r in reads]}")


def test_repeated_reads_of_a_slow_bank_converge(bank_mock: MockProvider, adapter: BankAdapter) -> None:
    placed = control(bank_mock, Operation.FREEZE, DONGCHENG)
    assert settled(adapter, placed).freeze_status is FreezeState.ACTIVE
    bank_mock.admin("PUT", "/bank/processing", {"delay": SLOW})
    reads = read_until(bank_mock, adapter, placed, FreezeState.ACTIVE)
    assert reads[-1].held == 1_000_000


def test_a_read_while_the_banks_answer_is_on_its_way_does_not_wait(
        bank_mock: MockProvider, adapter: BankAdapter) -> None:
    placed = control(bank_mock, Operation.FREEZE, DONGCHENG)
    settled(adapter, placed)
    bank_mock.admin("PUT", "/bank/processing", {"delay": "1h"})
    assert adapter.freeze_status(status_of(bank_mock, placed)).state is OutcomeState.PENDING
    started = time.monotonic()
    again = adapter.freeze_status(status_of(bank_mock, placed))
    assert again.state is OutcomeState.PENDING
    assert time.monotonic() - started < 1.0


def test_reads_do_not_pile_up_queries_at_the_bank(bank_mock: MockProvider, adapter: BankAdapter) -> None:
    placed = control(bank_mock, Operation.FREEZE, DONGCHENG)
    settled(adapter, placed)
    bank_mock.admin("PUT", "/bank/processing", {"delay": "1h"})
    for _ in range(3):
        adapter.freeze_status(status_of(bank_mock, placed))
    journal = bank_mock.admin("GET", "/journal", path_prefix="/judicial/v1/queries", limit=1000)["entries"]
    assert [e["method"] for e in journal] == ["POST"]


def test_a_waiting_freeze_is_seen_taking_effect_after_the_first_is_released(
        bank_mock: MockProvider, adapter: BankAdapter) -> None:
    first = control(bank_mock, Operation.FREEZE, DONGCHENG)
    second = control(bank_mock, Operation.FREEZE, CHAOYANG, amount=500_000)
    settled(adapter, first)
    assert settled(adapter, second).freeze_status is FreezeState.WAITING
    bank_mock.admin("PUT", "/bank/processing", {"delay": SLOW})
    assert read_until(bank_mock, adapter, second, FreezeState.WAITING)[-1].queue_position == 1
    release = control(bank_mock, Operation.RELEASE, DONGCHENG, original_request_no=first.request_no)
    assert settled(adapter, release).freeze_status is FreezeState.RELEASED
    taken = read_until(bank_mock, adapter, second, FreezeState.ACTIVE)[-1]
    assert (taken.held, taken.queue_position) == (500_000, None)


def test_a_restarted_node_forgets_its_queries_and_still_converges(
        bank_mock: MockProvider, secret: str, adapter: BankAdapter) -> None:
    placed = control(bank_mock, Operation.FREEZE, DONGCHENG)
    settled(adapter, placed)
    bank_mock.admin("PUT", "/bank/processing", {"delay": SLOW})
    assert adapter.freeze_status(status_of(bank_mock, placed)).state is OutcomeState.PENDING
    restarted = make_adapter(bank_mock, secret)
    try:
        assert read_until(bank_mock, restarted, placed, FreezeState.ACTIVE)[-1].held == 1_000_000
    finally:
        restarted.close()
