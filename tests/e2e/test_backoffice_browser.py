"""A trainer in a real browser on the WeChat-like mock's back office: signs in, reads the waiting queue of an
account two courts froze, and switches a fault on and off while a signed merchant client calls the dialect."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from payment_mocks.clock import BEIJING
from payment_mocks.testing import MockProvider
from payment_mocks.wechat.client import Court, Subject, WechatClient, WechatError
from tests.browser import browser, screenshot_target  # noqa: F401  (the shared browser fixture)

pytestmark = pytest.mark.slow

OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
DEBTOR: Subject = {"name": "李明", "id_type": "IDCARD", "id_number": "11010519491231002X"}
FIRST: Court = {"code": "京0101", "name": "北京市东城区人民法院"}
SECOND: Court = {"code": "京0105", "name": "北京市朝阳区人民法院"}


def seed_two_freezes(mock: MockProvider, client: WechatClient) -> None:
    """Salary in, a lunch out, then one court freezes more than the balance and a second court's freeze waits."""
    mock.seed({"subjects": [{"name": DEBTOR["name"], "id_type": "resident_id", "id_number": DEBTOR["id_number"],
                             "accounts": [{"account_no": OPENID, "balance": "1280.00"}]}]})
    client.transfer_in(out_bill_no="SAL-202603", openid=OPENID, amount_fen=650_000, remark="工资")
    client.pay(out_trade_no="T-000001", openid=OPENID, amount_fen=3_200, description="午餐",
               merchant_category="food")
    end = datetime.fromtimestamp(mock.now(), BEIJING).date() + timedelta(days=180)
    for court, no, amount in ((FIRST, "FRZ-0101-1", 800_000), (SECOND, "FRZ-0105-1", 300_000)):
        client.create_freeze(out_freeze_no=no, court=court, judge="王法官", case_no=f"（2026）{court['code']}执1号",
                             document_no=f"（2026）{court['code']}执1号之一", subject=DEBTOR, openid=OPENID,
                             end_date=end, amount_fen=amount)


def wait_for(driver: Any, css: str) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, 15).until(lambda d: d.find_element(By.CSS_SELECTOR, css))


def submit(driver: Any, button_css: str, then_css: str) -> Any:
    """Click a form's button and wait for the page it leads to."""
    from selenium.webdriver.common.by import By

    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, button_css).click()
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 15).until(lambda d: old.id != d.find_element(By.TAG_NAME, "html").id)
    return wait_for(driver, then_css)


def test_a_trainer_reads_the_waiting_queue_and_switches_a_fault_on_and_off(
        browser: Any, wechat_mock: MockProvider) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    client = wechat_mock.wechat_client()
    seed_two_freezes(wechat_mock, client)
    account_url = f"{wechat_mock.url}/_backoffice/accounts/{OPENID}"

    browser.get(account_url)
    wait_for(browser, "#token").send_keys(wechat_mock.admin_token)
    submit(browser, "#sign-in-form button[type=submit]", "#freezes-in-force")
    assert browser.current_url == account_url

    api = wechat_mock.admin("GET", f"/accounts/{OPENID}")
    waiting = next(f for f in api["freezes"] if f["status"] == "waiting")
    row = browser.find_element(By.ID, f"freeze-{waiting['id']}")
    assert row.find_element(By.CSS_SELECTOR, "td.queue").text == str(waiting["queue_position"]) == "1"
    assert "Waiting 轮候" in row.text and SECOND["name"] in row.text
    assert browser.find_element(By.ID, "available").text == api["available"] == "0.00"
    assert browser.find_element(By.ID, "balance").text == api["balance"] == "7748.00"
    assert browser.save_screenshot(str(screenshot_target("backoffice-account.png")))

    browser.find_element(By.LINK_TEXT, "Switches 开关").click()
    wait_for(browser, "#fault-form")
    error_rate = browser.find_element(By.ID, "f-error_rate")
    error_rate.clear()
    error_rate.send_keys("1")
    Select(browser.find_element(By.ID, "f-error_kind")).select_by_value("error")
    submit(browser, "#faults-set", "#faults-on")
    with pytest.raises(WechatError) as failed:
        client.get_freeze("FRZ-0105-1", SECOND["code"])
    assert failed.value.status == 500 and failed.value.code == "SYSTEM_ERROR"

    submit(browser, "#faults-clear", "#faults-off")
    assert client.get_freeze("FRZ-0105-1", SECOND["code"])["status"] == "WAITING"
    assert wechat_mock.admin("GET", "/faults")["faults"] is None
    assert wechat_mock.admin_token not in browser.page_source + browser.current_url
