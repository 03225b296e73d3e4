"""The WeChat adapter against a real WeChat mock process: holds, waiting lines, expiry, profiles, lost answers."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest

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
from court_node.adapters.wechat import WechatAdapter
from court_node.clock import BEIJING
from payment_mocks.signing import generate_rsa_key, private_pem, public_pem
from payment_mocks.testing import MockProvider
from payment_mocks.wechat.client import WechatClient

pytestmark = pytest.mark.slow

MCHID = "1900000109"
DONGCHENG = Court("京0101", "北京市东城区人民法院", "EA-京0101-001")
CHAOYANG = Court("京0105", "北京市朝阳区人民法院", "EA-京0105-001")
DEBTOR = Subject("李明", "resident_id", "11010519491231002X")
OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
DROP_EVERY_ANSWER = {"error_rate": 1, "error_kind": "drop", "seed": 1, "paths": ["/v3"]}


def make_adapter(mock: MockProvider, **options: Any) -> WechatAdapter:
    """Register a merchant key for the court node and build the adapter on the mock's simulated clock."""
    key = generate_rsa_key()
    serial = secrets.token_hex(20).upper()
    mock.admin("POST", "/callers", {"kind": "wechat_mch", "caller_id": MCHID, "name": "court node",
                                    "public_key_pem": public_pem(key), "serial": serial})
    platform_pem, platform_serial = mock.platform_key()
    config = ProviderConfig(
        name="wechat", adapter="wechat", base_url=mock.url, timeout_s=5.0,
        credentials={"mchid": MCHID, "serial_no": serial, "private_key_pem": private_pem(key),
                     "platform_public_key_pem": platform_pem, "platform_serial": platform_serial},
        options={"retry_backoff_s": 0.05, **options})
    return WechatAdapter(config, now=mock.now)


@pytest.fixture
def adapter(wechat_mock: MockProvider) -> Iterator[WechatAdapter]:
    wechat_mock.seed({"subjects": [{"name": DEBTOR.name, "id_type": DEBTOR.id_type, "id_number": DEBTOR.id_number,
                                    "accounts": [{"account_no": OPENID, "balance": "700.00"}]}]})
    built = make_adapter(wechat_mock)
    yield built
    built.close()
    assert wechat_mock.invariants() == []


@pytest.fixture
def wallet(wechat_mock: MockProvider) -> WechatClient:
    """The debtor's side: another merchant paying money in."""
    return wechat_mock.wechat_client("1900000200")


def today(mock: MockProvider) -> date:
    return datetime.fromtimestamp(mock.now(), BEIJING).date()


def control(mock: MockProvider, operation: Operation, request_no: str, court: Court = DONGCHENG,
            **changes: Any) -> ControlRequest:
    fields: dict[str, Any] = {"request_no": request_no, "operation": operation, "court": court, "judge": "王法官",
                              "case_no": f"（2026）{court.code}执123号",
                              "document_no": f"（2026）{court.code}执123号之一", "subject": DEBTOR,
                              "account_no": OPENID}
    if operation is Operation.FREEZE:
        fields.update(amount=150_000, end_date=today(mock) + timedelta(days=30))
    else:
        fields.update(provider_ref="FRZ-000001", original_request_no="FRZ-000001")
    fields.update(changes)
    return ControlRequest(**fields)


def freeze(adapter: WechatAdapter, mock: MockProvider, request_no: str = "FRZ-000001", court: Court = DONGCHENG,
           **changes: Any) -> ControlOutcome:
    outcome = adapter.control(control(mock, Operation.FREEZE, request_no, court, **changes))
    assert outcome.state is OutcomeState.COMPLETED, outcome
    return outcome


def status(adapter: WechatAdapter, mock: MockProvider, out_freeze_no: str = "FRZ-000001",
           court: Court = DONGCHENG) -> ControlOutcome:
    return adapter.freeze_status(control(mock, Operation.RENEW, "STS-000001", court, provider_ref=out_freeze_no,
                                         original_request_no=out_freeze_no))


def query(request_no: str = "QRY-000001", **changes: Any) -> QueryRequest:
    fields: dict[str, Any] = {"request_no": request_no, "court": DONGCHENG, "judge": "王法官",
                              "case_no": "（2026）京0101执123号", "document_no": "（2026）京0101执123号之一",
                              "subject": DEBTOR, **changes}
    return QueryRequest(**fields)


def variant(adapter: WechatAdapter, mock: MockProvider, *, now: Any = None, options: dict[str, Any] | None = None,
            **credentials: str) -> WechatAdapter:
    """The same merchant with other credentials, options or clock."""
    base = adapter.config
    config = ProviderConfig(base.name, base.adapter, base.base_url, {**base.credentials, **credentials},
                            base.timeout_s, {**base.options, **(options or {})})
    return WechatAdapter(config, now=now or mock.now)


def test_health_and_capabilities_come_from_the_running_provider(adapter: WechatAdapter) -> None:
    health = adapter.health()
    assert health.reachable and "current" in health.detail
    assert adapter.capabilities().online_deduction and adapter.capabilities().capture_credits


def test_a_query_finds_the_wallet_with_its_records(adapter: WechatAdapter, wechat_mock: MockProvider) -> None:
    outcome = adapter.query(query(transactions_from=today(wechat_mock), transactions_to=today(wechat_mock)))
    assert outcome.state is OutcomeState.COMPLETED
    [found] = outcome.accounts
    assert (found.account_no, found.balance, found.available, found.whole_account_frozen) == (
        OPENID, 70_000, 70_000, False)
    assert [(t.kind, t.amount, t.on) for t in found.transactions] == [("seed", 70_000, today(wechat_mock))]


def test_a_query_with_the_wrong_name_is_rejected(adapter: WechatAdapter) -> None:
    outcome = adapter.query(query(subject=Subject("李四", "resident_id", DEBTOR.id_number)))
    assert (outcome.state, outcome.error_code) == (OutcomeState.REJECTED, RefusalCode.IDENTITY_NOT_MATCH)


def test_query_result_replays_the_first_snapshot(adapter: WechatAdapter, wechat_mock: MockProvider,
                                                 wallet: WechatClient) -> None:
    first = adapter.query(query())
    wallet.transfer_in(out_bill_no="BILL-000001", openid=OPENID, amount_fen=10_000)
    assert adapter.query_result("QRY-000001") == first
    assert adapter.query(query("QRY-000002")).accounts[0].balance == 80_000


def test_a_query_is_resolved_after_the_adapter_restarts_by_sending_it_again(
        adapter: WechatAdapter, wechat_mock: MockProvider, wallet: WechatClient) -> None:
    first = adapter.query(query())
    wallet.transfer_in(out_bill_no="BILL-000001", openid=OPENID, amount_fen=10_000)
    restarted = variant(adapter, wechat_mock)
    assert restarted.query_result("QRY-000001").state is OutcomeState.NOT_FOUND
    assert restarted.query(query()) == first


def test_a_freeze_beyond_the_balance_holds_what_is_there_and_captures_later_credits(
        adapter: WechatAdapter, wechat_mock: MockProvider, wallet: WechatClient) -> None:
    placed = freeze(adapter, wechat_mock)
    assert (placed.succeeded, placed.freeze_status, placed.provider_ref) == (True, FreezeState.ACTIVE, "FRZ-000001")
    assert (placed.held, placed.unmet, placed.start_date) == (70_000, 80_000, today(wechat_mock))
    wallet.transfer_in(out_bill_no="BILL-000001", openid=OPENID, amount_fen=100_000)
    now = status(adapter, wechat_mock)
    assert (now.held, now.unmet, now.freeze_status) == (150_000, 0, FreezeState.ACTIVE)


def test_a_second_court_waits_in_line_and_takes_effect_on_release(adapter: WechatAdapter,
                                                                  wechat_mock: MockProvider) -> None:
    freeze(adapter, wechat_mock, amount=70_000)
    second = freeze(adapter, wechat_mock, "FRZ-000002", CHAOYANG, amount=50_000)
    assert (second.succeeded, second.freeze_status, second.queue_position, second.held) == (
        True, FreezeState.WAITING, 1, 0)
    released = adapter.control(control(wechat_mock, Operation.RELEASE, "REL-000001"))
    assert (released.succeeded, released.freeze_status) == (True, FreezeState.RELEASED)
    now = status(adapter, wechat_mock, "FRZ-000002", CHAOYANG)
    assert (now.freeze_status, now.held, now.queue_position, now.start_date) == (
        FreezeState.ACTIVE, 50_000, None, today(wechat_mock))
    assert status(adapter, wechat_mock).freeze_status is FreezeState.RELEASED


def test_a_renewal_moves_the_end_date(adapter: WechatAdapter, wechat_mock: MockProvider) -> None:
    freeze(adapter, wechat_mock)
    new_end = today(wechat_mock) + timedelta(days=200)
    renewed = adapter.control(control(wechat_mock, Operation.RENEW, "RNW-000001", end_date=new_end))
    assert (renewed.succeeded, renewed.end_date, renewed.provider_ref) == (True, new_end, "FRZ-000001")
    assert status(adapter, wechat_mock).end_date == new_end


def test_a_freeze_lapses_at_its_end_date_and_cannot_be_renewed_after(adapter: WechatAdapter,
                                                                      wechat_mock: MockProvider) -> None:
    freeze(adapter, wechat_mock, end_date=today(wechat_mock) + timedelta(days=10))
    wechat_mock.advance("11d")
    lapsed = status(adapter, wechat_mock)
    assert (lapsed.freeze_status, lapsed.held) == (FreezeState.EXPIRED, 0)
    renewal = adapter.control(control(wechat_mock, Operation.RENEW, "RNW-000001",
                                      end_date=today(wechat_mock) + timedelta(days=30)))
    assert (renewal.state, renewal.succeeded, renewal.error_code) == (
        OutcomeState.COMPLETED, False, RefusalCode.FREEZE_EXPIRED)


def test_a_term_beyond_a_year_is_term_invalid(adapter: WechatAdapter, wechat_mock: MockProvider) -> None:
    outcome = adapter.control(control(wechat_mock, Operation.FREEZE, "FRZ-000001",
                                      end_date=today(wechat_mock) + timedelta(days=400)))
    assert (outcome.succeeded, outcome.error_code) == (False, RefusalCode.TERM_INVALID)


def test_a_deduction_takes_at_most_what_the_freeze_holds(adapter: WechatAdapter, wechat_mock: MockProvider) -> None:
    freeze(adapter, wechat_mock, amount=50_000)
    too_much = adapter.control(control(wechat_mock, Operation.DEDUCT, "DED-000001", amount=50_001))
    assert (too_much.succeeded, too_much.error_code) == (False, RefusalCode.DEDUCT_EXCEEDS_HELD)
    taken = adapter.control(control(wechat_mock, Operation.DEDUCT, "DED-000002", amount=20_000))
    assert (taken.succeeded, taken.deducted, taken.held, taken.freeze_status) == (
        True, 20_000, 30_000, FreezeState.ACTIVE)
    rest = adapter.control(control(wechat_mock, Operation.DEDUCT, "DED-000003", amount=30_000))
    assert (rest.succeeded, rest.held, rest.freeze_status) == (True, 0, FreezeState.DEDUCTED)
    again = adapter.control_result(control(wechat_mock, Operation.DEDUCT, "DED-000002", amount=20_000))
    assert (again.succeeded, again.deducted, again.freeze_status) == (True, 20_000, FreezeState.DEDUCTED)
    assert adapter.query(query()).accounts[0].balance == 20_000


def test_another_court_cannot_touch_the_freeze(adapter: WechatAdapter, wechat_mock: MockProvider) -> None:
    freeze(adapter, wechat_mock)
    deduction = adapter.control(control(wechat_mock, Operation.DEDUCT, "DED-000001", CHAOYANG, amount=100))
    release = adapter.control(control(wechat_mock, Operation.RELEASE, "REL-000001", CHAOYANG))
    assert deduction.error_code == release.error_code == RefusalCode.FREEZE_NOT_FOUND
    assert not deduction.succeeded and not release.succeeded
    assert status(adapter, wechat_mock, court=CHAOYANG).state is OutcomeState.NOT_FOUND
    assert status(adapter, wechat_mock).held == 70_000


def test_the_2019_profile_freezes_only_the_balance_and_offers_no_deduction(
        adapter: WechatAdapter, wechat_mock: MockProvider, wallet: WechatClient) -> None:
    wechat_mock.admin("PUT", "/profile", {"profile": "2019"})
    assert adapter.health().reachable and adapter.profile == "2019"
    capabilities = adapter.capabilities()
    assert not (capabilities.capture_credits or capabilities.online_deduction or capabilities.whole_account_freeze)
    placed = freeze(adapter, wechat_mock)
    assert (placed.held, placed.unmet) == (70_000, 80_000)
    wallet.transfer_in(out_bill_no="BILL-000001", openid=OPENID, amount_fen=100_000)
    assert status(adapter, wechat_mock).held == 70_000
    deduction = adapter.control(control(wechat_mock, Operation.DEDUCT, "DED-000001", amount=100))
    assert (deduction.state, deduction.succeeded, deduction.error_code) == (
        OutcomeState.COMPLETED, False, RefusalCode.CAPABILITY_NOT_SUPPORTED)
    whole = adapter.control(control(wechat_mock, Operation.FREEZE, "FRZ-000002", CHAOYANG, amount=None,
                                    whole_account=True))
    assert whole.error_code == RefusalCode.CAPABILITY_NOT_SUPPORTED


def test_the_2019_provider_refuses_what_an_adapter_configured_for_current_sends(
        adapter: WechatAdapter, wechat_mock: MockProvider) -> None:
    freeze(adapter, wechat_mock)
    wechat_mock.admin("PUT", "/profile", {"profile": "2019"})
    assert adapter.profile == "current"
    deduction = adapter.control(control(wechat_mock, Operation.DEDUCT, "DED-000001", amount=100))
    whole = adapter.control(control(wechat_mock, Operation.FREEZE, "FRZ-000002", CHAOYANG, amount=None,
                                    whole_account=True))
    assert deduction.error_code == whole.error_code == RefusalCode.CAPABILITY_NOT_SUPPORTED
    assert status(adapter, wechat_mock).held == 70_000


def test_a_freeze_whose_answer_was_dropped_is_resolved_by_its_number(adapter: WechatAdapter,
                                                                     wechat_mock: MockProvider) -> None:
    wechat_mock.admin("PUT", "/faults", DROP_EVERY_ANSWER)
    lost = adapter.control(control(wechat_mock, Operation.FREEZE, "FRZ-000001"))
    assert lost.state is OutcomeState.UNKNOWN
    wechat_mock.admin("DELETE", "/faults")
    resolved = adapter.control_result(control(wechat_mock, Operation.FREEZE, "FRZ-000001"))
    assert (resolved.state, resolved.succeeded, resolved.held) == (OutcomeState.COMPLETED, True, 70_000)
    resent = adapter.control(control(wechat_mock, Operation.FREEZE, "FRZ-000001"))
    assert (resent.succeeded, resent.held) == (True, 70_000)
    assert len(adapter.query(query()).accounts[0].measures) == 1


def test_a_freeze_that_never_arrived_is_not_found(adapter: WechatAdapter, wechat_mock: MockProvider) -> None:
    outcome = adapter.control_result(control(wechat_mock, Operation.FREEZE, "FRZ-000009"))
    assert outcome.state is OutcomeState.NOT_FOUND


def test_a_release_whose_answer_was_dropped_is_resolved_by_sending_it_again(adapter: WechatAdapter,
                                                                            wechat_mock: MockProvider) -> None:
    freeze(adapter, wechat_mock)
    wechat_mock.admin("PUT", "/faults", DROP_EVERY_ANSWER)
    release = control(wechat_mock, Operation.RELEASE, "REL-000001")
    assert adapter.control(release).state is OutcomeState.UNKNOWN
    wechat_mock.admin("DELETE", "/faults")
    resolved = adapter.control_result(release)
    assert (resolved.state, resolved.succeeded, resolved.freeze_status) == (
        OutcomeState.COMPLETED, True, FreezeState.RELEASED)


def test_a_query_whose_answer_was_dropped_is_resolved_by_its_number(adapter: WechatAdapter,
                                                                    wechat_mock: MockProvider) -> None:
    wechat_mock.admin("PUT", "/faults", DROP_EVERY_ANSWER)
    assert adapter.query(query()).state is OutcomeState.UNKNOWN
    wechat_mock.admin("DELETE", "/faults")
    outcome = adapter.query_result("QRY-000001")
    assert outcome.state is OutcomeState.COMPLETED and outcome.accounts[0].balance == 70_000


def test_system_errors_are_retried_until_the_provider_answers(adapter: WechatAdapter,
                                                              wechat_mock: MockProvider) -> None:
    wechat_mock.admin("PUT", "/faults", {"error_rate": 0.5, "error_kind": "error", "seed": 3, "paths": ["/v3"]})
    patient = variant(adapter, wechat_mock, options={"retry_attempts": 8})
    outcome = patient.control(control(wechat_mock, Operation.FREEZE, "FRZ-000001"))
    wechat_mock.admin("DELETE", "/faults")
    assert outcome.succeeded and status(adapter, wechat_mock).held == 70_000


def test_a_restriction_order_is_published_and_lifted(adapter: WechatAdapter, wechat_mock: MockProvider,
                                                     wallet: WechatClient) -> None:
    reference = adapter.restrict("RST-000001", DONGCHENG, "（2026）京0101执123号", "（2026）京0101执123号之三", DEBTOR)
    assert reference.startswith("WXR")
    with pytest.raises(AdapterError) as raised:
        adapter.lift_restriction("LFT-000001", CHAOYANG, reference)
    assert raised.value.code == RefusalCode.NOT_FREEZE_OWNER
    adapter.lift_restriction("LFT-000002", DONGCHENG, reference)
    assert adapter.query(query()).state is OutcomeState.COMPLETED


def test_a_wrong_platform_key_is_never_trusted(adapter: WechatAdapter, wechat_mock: MockProvider) -> None:
    impostor = variant(adapter, wechat_mock, platform_public_key_pem=public_pem(generate_rsa_key()))
    with pytest.raises(AdapterError) as raised:
        impostor.query(query())
    assert raised.value.code == "PROVIDER_SIGNATURE_INVALID"
    assert not impostor.health().reachable


def test_a_serial_the_provider_does_not_know_is_an_authentication_failure(adapter: WechatAdapter,
                                                                            wechat_mock: MockProvider) -> None:
    stranger = variant(adapter, wechat_mock, serial_no="0" * 40)
    with pytest.raises(AdapterError, match="serial_no") as raised:
        stranger.query(query())
    assert raised.value.code == "PROVIDER_AUTH_FAILED" and not raised.value.outcome_unknown


def test_a_clock_out_of_step_trusts_nothing_and_says_what_the_provider_said(adapter: WechatAdapter,
                                                                             wechat_mock: MockProvider) -> None:
    late = variant(adapter, wechat_mock, now=lambda: wechat_mock.now() + 3600)
    with pytest.raises(AdapterError, match="401 SIGN_ERROR") as raised:
        late.query(query())
    assert raised.value.code == "PROVIDER_SIGNATURE_INVALID"
