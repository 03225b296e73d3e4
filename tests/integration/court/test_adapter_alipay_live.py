"""The Alipay adapter against a real Alipay-like mock process: the waiting line, renewals, deductions, ownership,
lost answers resolved by order.query, restriction orders and the simulated clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from court_node.adapters.alipay import AlipayAdapter
from court_node.adapters.base import AdapterError, ProviderConfig
from court_node.adapters.errors import RefusalCode
from court_node.adapters.types import (
    ControlOutcome,
    ControlRequest,
    Court,
    FreezeState,
    Operation,
    OutcomeState,
    QueryRequest,
    Subject,
)
from court_node.clock import BEIJING
from payment_mocks.signing import generate_rsa_key, private_pem, public_pem
from payment_mocks.testing import MockProvider, free_port

pytestmark = pytest.mark.slow

APP_ID = "2021000000000001"
APP_KEY = generate_rsa_key()
FIRST = Court("京0101", "北京市东城区人民法院", "11001016700053001234")
SECOND = Court("京0105", "北京市朝阳区人民法院", "11001016700053005678")
DEBTOR = Subject("张三", "resident_id", "11010519491231002X")
USER_ID = "2088000000000001"


@pytest.fixture
def platform_pem(alipay_mock: MockProvider) -> str:
    alipay_mock.admin("POST", "/callers", {"kind": "alipay_app", "caller_id": APP_ID,
                                           "public_key_pem": public_pem(APP_KEY)})
    alipay_mock.seed({"subjects": [{"name": DEBTOR.name, "id_type": DEBTOR.id_type, "id_number": DEBTOR.id_number,
                                    "accounts": [{"account_no": USER_ID, "balance": "1000.00"}]}]})
    pem, _ = alipay_mock.platform_key()
    return pem


def make_adapter(mock: MockProvider, platform_pem: str, *, base_url: str | None = None, now: Any = None,
                 **options: Any) -> AlipayAdapter:
    config = ProviderConfig(name="alipay", adapter="alipay", base_url=base_url or mock.url, timeout_s=5.0,
                            credentials={"app_id": APP_ID, "private_key_pem": private_pem(APP_KEY),
                                         "alipay_public_key_pem": platform_pem},
                            options={"backoff_s": 0.01, **options})
    return AlipayAdapter(config, now=now or mock.now)


@pytest.fixture
def adapter(alipay_mock: MockProvider, platform_pem: str) -> Iterator[AlipayAdapter]:
    built = make_adapter(alipay_mock, platform_pem)
    yield built
    built.close()


def today(mock: MockProvider) -> date:
    return datetime.fromtimestamp(mock.now(), BEIJING).date()


def request(mock: MockProvider, operation: Operation, request_no: str, court: Court = FIRST,
            **changes: Any) -> ControlRequest:
    case_no = f"（2026）{court.code}执123号"
    fields: dict[str, Any] = {"request_no": request_no, "operation": operation, "court": court, "judge": "王法官",
                              "case_no": case_no, "document_no": case_no + "之一", "subject": DEBTOR,
                              "account_no": USER_ID}
    if operation is Operation.FREEZE:
        fields.update(amount=80_000, end_date=today(mock) + timedelta(days=30))
    fields.update(changes)
    return ControlRequest(**fields)


def on(placed: ControlOutcome, mock: MockProvider, operation: Operation, request_no: str, court: Court = FIRST,
       **changes: Any) -> ControlRequest:
    """A request about the freeze ``placed``."""
    return request(mock, operation, request_no, court, provider_ref=placed.provider_ref, **changes)


def freeze(adapter: AlipayAdapter, mock: MockProvider, request_no: str, court: Court = FIRST,
           **changes: Any) -> ControlOutcome:
    outcome = adapter.control(request(mock, Operation.FREEZE, request_no, court, **changes))
    assert outcome.succeeded, outcome
    return outcome


def test_query_finds_the_account_and_its_records(alipay_mock: MockProvider, adapter: AlipayAdapter) -> None:
    asked = QueryRequest("Q1", FIRST, "王法官", "（2026）京0101执123号", "（2026）京0101执123号之一", DEBTOR,
                         transactions_from=today(alipay_mock))
    outcome = adapter.query(asked)
    assert outcome.state is OutcomeState.COMPLETED
    (found,) = outcome.accounts
    assert (found.account_no, found.balance, found.available) == (USER_ID, 100_000, 100_000)
    assert [(t.kind, t.amount) for t in found.transactions] == [("seed", 100_000)]
    assert adapter.query_result("Q1").accounts == outcome.accounts


def test_query_with_the_wrong_name_is_an_identity_mismatch(adapter: AlipayAdapter) -> None:
    asked = QueryRequest("Q1", FIRST, "王法官", "（2026）京0101执123号", "（2026）京0101执123号之一",
                         Subject("李四", "resident_id", DEBTOR.id_number))
    outcome = adapter.query(asked)
    assert (outcome.state, outcome.error_code) == (OutcomeState.REJECTED, RefusalCode.IDENTITY_NOT_MATCH)


def test_query_shows_each_freeze_with_its_court(alipay_mock: MockProvider, adapter: AlipayAdapter) -> None:
    freeze(adapter, alipay_mock, "F1", amount=100_000)
    freeze(adapter, alipay_mock, "F2", SECOND, amount=20_000)
    asked = QueryRequest("Q1", FIRST, "王法官", "（2026）京0101执123号", "（2026）京0101执123号之一", DEBTOR)
    (found,) = adapter.query(asked).accounts
    assert [(m.authority_code, m.status, m.held, m.queue_position) for m in found.measures] == [
        (FIRST.code, FreezeState.ACTIVE, 100_000, None), (SECOND.code, FreezeState.WAITING, 0, 1)]


def test_a_second_court_waits_and_takes_effect_when_the_first_releases(
        alipay_mock: MockProvider, adapter: AlipayAdapter) -> None:
    first = freeze(adapter, alipay_mock, "F1", amount=100_000)
    second = freeze(adapter, alipay_mock, "F2", SECOND, amount=20_000)
    assert (second.freeze_status, second.queue_position, second.held) == (FreezeState.WAITING, 1, 0)
    waiting = adapter.freeze_status(on(second, alipay_mock, Operation.RENEW, "S1", SECOND))
    assert (waiting.freeze_status, waiting.queue_position) == (FreezeState.WAITING, 1)
    released = adapter.control(on(first, alipay_mock, Operation.RELEASE, "U1"))
    assert (released.succeeded, released.freeze_status, released.held) == (True, FreezeState.RELEASED, 0)
    now = adapter.freeze_status(on(second, alipay_mock, Operation.RENEW, "S2", SECOND))
    assert (now.freeze_status, now.held, now.queue_position) == (FreezeState.ACTIVE, 20_000, None)
    assert (now.start_date, now.end_date) == (today(alipay_mock), today(alipay_mock) + timedelta(days=30))


def test_a_freeze_beyond_the_balance_holds_what_is_there(alipay_mock: MockProvider, adapter: AlipayAdapter) -> None:
    placed = freeze(adapter, alipay_mock, "F1", amount=150_000)
    assert (placed.held, placed.unmet, placed.available) == (100_000, 50_000, 0)


def test_a_whole_account_freeze(alipay_mock: MockProvider, adapter: AlipayAdapter) -> None:
    placed = freeze(adapter, alipay_mock, "F1", amount=None, whole_account=True)
    assert (placed.freeze_status, placed.held, placed.available) == (FreezeState.ACTIVE, 100_000, 0)


def test_renew_moves_the_end_date(alipay_mock: MockProvider, adapter: AlipayAdapter) -> None:
    placed = freeze(adapter, alipay_mock, "F1")
    new_end = today(alipay_mock) + timedelta(days=200)
    renewed = adapter.control(on(placed, alipay_mock, Operation.RENEW, "R1", end_date=new_end))
    assert (renewed.succeeded, renewed.end_date) == (True, new_end)


def test_a_lapsed_freeze_cannot_be_renewed_and_reads_expired(alipay_mock: MockProvider,
                                                             adapter: AlipayAdapter) -> None:
    placed = freeze(adapter, alipay_mock, "F1", end_date=today(alipay_mock) + timedelta(days=5))
    alipay_mock.advance("6d")
    renewed = adapter.control(on(placed, alipay_mock, Operation.RENEW, "R1",
                                 end_date=today(alipay_mock) + timedelta(days=30)))
    assert (renewed.succeeded, renewed.error_code) == (False, RefusalCode.FREEZE_EXPIRED)
    status = adapter.freeze_status(on(placed, alipay_mock, Operation.RENEW, "S1"))
    assert (status.freeze_status, status.held) == (FreezeState.EXPIRED, 0)


def test_deductions_stay_within_what_the_freeze_holds(alipay_mock: MockProvider, adapter: AlipayAdapter) -> None:
    placed = freeze(adapter, alipay_mock, "F1", amount=80_000)
    too_much = adapter.control(on(placed, alipay_mock, Operation.DEDUCT, "D1", amount=80_001))
    assert (too_much.succeeded, too_much.error_code) == (False, RefusalCode.DEDUCT_EXCEEDS_HELD)
    part = adapter.control(on(placed, alipay_mock, Operation.DEDUCT, "D2", amount=30_000))
    assert (part.deducted, part.held, part.balance, part.freeze_status) == (30_000, 50_000, 70_000,
                                                                             FreezeState.ACTIVE)
    rest = adapter.control(on(placed, alipay_mock, Operation.DEDUCT, "D3", amount=50_000))
    assert (rest.deducted, rest.held, rest.freeze_status) == (50_000, 0, FreezeState.DEDUCTED)
    status = adapter.freeze_status(on(placed, alipay_mock, Operation.RENEW, "S1"))
    assert (status.freeze_status, status.deducted) == (FreezeState.DEDUCTED, 80_000)
    assert alipay_mock.invariants() == []


def test_a_waiting_freeze_cannot_be_deducted(alipay_mock: MockProvider, adapter: AlipayAdapter) -> None:
    freeze(adapter, alipay_mock, "F1", amount=100_000)
    waiting = freeze(adapter, alipay_mock, "F2", SECOND, amount=10_000)
    outcome = adapter.control(on(waiting, alipay_mock, Operation.DEDUCT, "D1", SECOND, amount=10_000))
    assert outcome.error_code == RefusalCode.FREEZE_NOT_ACTIVE


def test_only_the_court_that_froze_may_touch_the_freeze(alipay_mock: MockProvider, adapter: AlipayAdapter) -> None:
    placed = freeze(adapter, alipay_mock, "F1")
    for operation, changes in ((Operation.RELEASE, {}), (Operation.DEDUCT, {"amount": 100}),
                               (Operation.RENEW, {"end_date": today(alipay_mock) + timedelta(days=60)})):
        outcome = adapter.control(on(placed, alipay_mock, operation, f"X-{operation.value}", SECOND, **changes))
        assert (outcome.succeeded, outcome.error_code) == (False, RefusalCode.NOT_FREEZE_OWNER)
    status = adapter.freeze_status(on(placed, alipay_mock, Operation.RENEW, "S1", SECOND))
    assert status.error_code == RefusalCode.NOT_FREEZE_OWNER


def test_a_dropped_answer_is_unknown_and_resolved_by_order_query(alipay_mock: MockProvider,
                                                                 adapter: AlipayAdapter) -> None:
    alipay_mock.admin("PUT", "/faults", {"error_rate": 1, "error_kind": "drop", "seed": 1, "paths": ["/gateway.do"]})
    sent = request(alipay_mock, Operation.FREEZE, "F1")
    assert adapter.control(sent).state is OutcomeState.UNKNOWN
    alipay_mock.admin("DELETE", "/faults")
    outcome = adapter.control_result(sent)
    assert (outcome.state, outcome.succeeded, outcome.held) == (OutcomeState.COMPLETED, True, 80_000)
    assert adapter.control(sent).provider_ref == outcome.provider_ref  # a resend replays, never freezes twice
    assert len(alipay_mock.admin("GET", "/freezes", account_no=USER_ID)["freezes"]) == 1
    assert alipay_mock.invariants() == []


def test_a_deduction_whose_answer_was_lost_moves_money_once(alipay_mock: MockProvider,
                                                            adapter: AlipayAdapter) -> None:
    placed = freeze(adapter, alipay_mock, "F1")
    alipay_mock.admin("PUT", "/faults", {"error_rate": 1, "error_kind": "drop", "seed": 1, "paths": ["/gateway.do"]})
    sent = on(placed, alipay_mock, Operation.DEDUCT, "D1", amount=30_000)
    assert adapter.control(sent).state is OutcomeState.UNKNOWN
    alipay_mock.admin("DELETE", "/faults")
    resolved = adapter.control_result(sent)
    assert (resolved.succeeded, resolved.deducted, resolved.balance) == (True, 30_000, 70_000)
    assert len(alipay_mock.admin("GET", "/payouts")["payouts"]) == 1


def test_a_request_that_never_arrived_is_not_found(adapter: AlipayAdapter, alipay_mock: MockProvider) -> None:
    assert adapter.control_result(request(alipay_mock, Operation.FREEZE, "NEVER")).state is OutcomeState.NOT_FOUND
    assert adapter.query_result("NEVER").state is OutcomeState.NOT_FOUND


def test_restriction_orders_are_published_and_lifted(alipay_mock: MockProvider, adapter: AlipayAdapter) -> None:
    reference = adapter.restrict("X1", FIRST, "（2026）京0101执123号", "（2026）京0101执123号之二", DEBTOR)
    assert [r["lifted_at"] for r in alipay_mock.admin("GET", "/restrictions")["restrictions"]] == [None]
    with pytest.raises(AdapterError) as caught:
        adapter.lift_restriction("X2", SECOND, reference)
    assert caught.value.code == RefusalCode.NOT_FREEZE_OWNER
    adapter.lift_restriction("X3", FIRST, reference)
    assert alipay_mock.admin("GET", "/restrictions")["restrictions"][0]["lifted_at"] is not None


def test_requests_are_signed_on_the_simulated_clock(alipay_mock: MockProvider, platform_pem: str,
                                                    adapter: AlipayAdapter) -> None:
    alipay_mock.advance("30d")
    assert freeze(adapter, alipay_mock, "F1").start_date == today(alipay_mock)
    wall_clock = make_adapter(alipay_mock, platform_pem, now=lambda: alipay_mock.now() - 30 * 86400)
    outcome = wall_clock.control(request(alipay_mock, Operation.FREEZE, "F2"))
    assert (outcome.state, outcome.error_code) == (OutcomeState.REJECTED, RefusalCode.INVALID_REQUEST)
    assert "timestamp" in outcome.error_message


def test_an_answer_signed_with_another_platform_key_is_not_trusted(alipay_mock: MockProvider,
                                                                   platform_pem: str) -> None:
    stranger = make_adapter(alipay_mock, public_pem(generate_rsa_key()))
    with pytest.raises(AdapterError) as caught:
        stranger.control(request(alipay_mock, Operation.FREEZE, "F1"))
    assert (caught.value.code, caught.value.outcome_unknown) == ("PROVIDER_SIGNATURE_INVALID", True)


def test_health_of_a_running_and_of_a_missing_provider(alipay_mock: MockProvider, platform_pem: str,
                                                       adapter: AlipayAdapter) -> None:
    assert adapter.health().reachable
    nowhere = make_adapter(alipay_mock, platform_pem, base_url=f"http://127.0.0.1:{free_port()}")
    assert not nowhere.health().reachable
    with pytest.raises(AdapterError) as caught:
        nowhere.control(request(alipay_mock, Operation.FREEZE, "F1"))
    assert (caught.value.code, caught.value.outcome_unknown) == ("PROVIDER_UNAVAILABLE", False)
