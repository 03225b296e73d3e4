"""payment_mocks.testing: the pytest fixtures start real mocks with ready clients; in_process needs no server."""

from __future__ import annotations

from pathlib import Path

import pytest

from payment_mocks.alipay import create_app as create_alipay
from payment_mocks.alipay.client import AlipayClient
from payment_mocks.control.callers import Caller, CallerKind
from payment_mocks.runtime import EXTENSION_KEY, Provider
from payment_mocks.signing import generate_rsa_key, private_pem, public_pem
from payment_mocks.testing import MockProvider, in_process

pytestmark = pytest.mark.slow

DEBTOR = {"name": "李明", "id_type": "resident_id", "id_number": "11010519491231002X"}
COURT = {"code": "京0101", "name": "北京市东城区人民法院"}


def test_bank_fixture_gives_a_signed_client_and_time_travel(bank_mock: MockProvider) -> None:
    bank_mock.seed({"subjects": [{**DEBTOR, "accounts": [{"account_no": "6222021234567890123",
                                                          "balance": "8600.00"}]}]})
    client = bank_mock.bank_client()
    bank_mock.advance("400d")  # the client signs with the mock's simulated time, so it is not refused as stale
    client.submit_query(request_no="Q-1", court=COURT, judge="张法官", case_no="（2026）京0101执1号",
                        document_no="（2026）京0101执1号之一", subject=DEBTOR)
    feedback = client.wait_for_feedback("Q-1", timeout=20)
    assert feedback["status"] == "completed"
    assert feedback["accounts"][0]["balance"] == "8600.00"
    assert bank_mock.invariants() == []


def test_alipay_fixture_client_verifies_the_platform_signature(alipay_mock: MockProvider) -> None:
    alipay_mock.seed({"subjects": [{**DEBTOR, "accounts": [{"account_no": "2088102146225135",
                                                            "balance": "3250.50"}]}]})
    node = alipay_mock.alipay_client().execute("alipay.fund.trans.uni.transfer", {
        "out_biz_no": "T-0001", "trans_amount": "10.00",
        "payee_info": {"identity": "2088102146225135", "identity_type": "ALIPAY_USER_ID"}})
    assert node["code"] == "10000"
    assert alipay_mock.admin("GET", "/accounts/2088102146225135")["balance_fen"] == 326_050


def test_wechat_fixture_survives_kill_and_restart(wechat_mock: MockProvider) -> None:
    wechat_mock.seed({"subjects": [{**DEBTOR, "accounts": [{"account_no": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
                                                            "balance": "1280.00"}]}]})
    client = wechat_mock.wechat_client()
    client.pay(out_trade_no="PAY-000001", openid="oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", amount_fen=100,
               description="早餐", merchant_category="food")
    wechat_mock.kill()
    wechat_mock.start()
    assert wechat_mock.admin("GET", "/accounts/oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")["balance_fen"] == 127_900


def test_in_process_mode_serves_an_app_to_requests_without_a_server(tmp_path: Path) -> None:
    app = create_alipay({"data_dir": str(tmp_path)})
    provider: Provider = app.extensions[EXTENSION_KEY]
    key = generate_rsa_key()
    provider.callers.register(Caller(CallerKind.ALIPAY_APP, "2021000000000001", public_key_pem=public_pem(key)))
    with provider.ledger.transaction() as tx:
        tx.add_subject(DEBTOR["name"], DEBTOR["id_type"], DEBTOR["id_number"])
        tx.open_account("2088102146225135", DEBTOR["id_number"], 100_000)
    mock = in_process(app, "http://alipay.test")
    try:
        client = AlipayClient("http://alipay.test", "2021000000000001", private_pem(key), provider.keys.public_pem)
        node = client.execute("alipay.judicial.account.query", {
            "out_request_no": "Q-0001", "court_code": "京0101", "court_name": "北京市东城区人民法院",
            "judge_name": "张法官", "case_no": "（2026）京0101执1号", "document_no": "（2026）京0101执1号之一",
            "subject": {"name": "李明", "cert_type": "IDENTITY_CARD", "cert_no": DEBTOR["id_number"]}})
    finally:
        mock.stop()
        mock.reset()
    assert node["code"] == "10000" and node["accounts"][0]["balance"] == "1000.00"
