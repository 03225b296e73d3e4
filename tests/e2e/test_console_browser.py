"""The court console in a real headless browser against a whole stack (three mocks and a node, sample data).

A judge of 京0101 signs in, inspects 李明's accounts (the bank answers later: the page reloads itself until it
has), confirms a planned freeze, sees 京0105's freeze waiting in line behind it, serves the notice and deducts;
京0105's own console shows its freeze's place in line. What the pages show is checked against the API, and the
case page is saved as console-case.png (under docs/ with FREEZESIM_SAVE_SCREENSHOTS=1).
"""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from typing import Any

import pytest

from court_node.client import CourtClient, Party
from court_node.stack.launcher import Stack, StackOptions
from payment_mocks.testing import free_port
from tests.browser import browser, screenshot_target  # noqa: F401  (the fixture)
from tests.e2e.court.flows import inspect_all, wait_for

pytestmark = pytest.mark.slow

DEBTOR = Party("李明", "resident_id", "11010819850315203X")  # the sample data's borrower
CREDITOR = Party("北京星河网络科技有限公司", "uscc", "91110000600037341L")
BANK_ACCOUNT = "6222021234567890123"
WAIT_S = 45.0


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    ports = {name: free_port() for name in ("node", "bank", "alipay", "wechat")}
    options = StackOptions(data_dir=tmp_path_factory.mktemp("console-stack"), ports=ports, sample_data=True,
                           node_settings={"grace_days": 0, "background": True, "worker_interval_s": 1.0})
    running = Stack(options).start()
    try:
        running.admin("bank", "PUT", "/bank/processing", {"delay": "3s"})  # the bank answers later: the page waits
        yield running
    finally:
        running.stop()


class Console:
    """The console as a user sees it in the browser."""

    def __init__(self, driver: Any, base_url: str) -> None:
        from selenium.webdriver.common.by import By

        self.driver, self.base_url, self.by = driver, base_url, By

    def find(self, css: str) -> Any:
        return self.driver.find_element(self.by.CSS_SELECTOR, css)

    def all(self, css: str) -> list[Any]:
        return list(self.driver.find_elements(self.by.CSS_SELECTOR, css))

    def sign_in(self, token: str) -> None:
        self.driver.get(f"{self.base_url}/console")
        self.find("#sign-in-form input[name=token]").send_keys(token)
        self.submit("#sign-in-form")
        assert self.driver.current_url.endswith("/console/cases")

    def sign_out(self) -> None:
        self.submit("#sign-out-form")

    def submit(self, form: str, **fields: str) -> None:
        """Fill in ``form`` (selects by value) and press its button; returns once the next page is there."""
        from selenium.webdriver.support.ui import Select, WebDriverWait

        for name, value in fields.items():
            field = self.find(f"{form} [name={name}]")
            if field.tag_name == "select":
                Select(field).select_by_value(value)
            else:
                field.clear()
                field.send_keys(value)
        old = self.find("html")
        self.find(f"{form} button[type=submit]").click()
        WebDriverWait(self.driver, WAIT_S).until(lambda d: _gone(old))

    def open_case(self, case_number: str) -> None:
        self.driver.get(f"{self.base_url}/console/cases")
        self.driver.find_element(self.by.LINK_TEXT, case_number).click()

    def wait_for_answers(self) -> None:
        """The page reloads itself while an answer is owed; wait until it shows none."""
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(self.driver, WAIT_S, poll_frequency=0.3).until(
            lambda d: not d.find_elements(self.by.ID, "waiting") and d.find_elements(self.by.ID, "timeline"))

    def reload_until(self, css: str) -> Any:
        """Reload until ``css`` is on the page: an answer that came too late for one load is read at the next."""
        deadline = time.monotonic() + WAIT_S
        while not self.all(css):
            assert time.monotonic() < deadline, f"{css} never appeared; the page: {self.find('main').text[:3000]}"
            time.sleep(1)
            self.driver.refresh()
            self.wait_for_answers()
        return self.find(css)

    def field(self, name: str) -> str:
        return str(self.find(f'[data-field="{name}"]').text).replace(",", "")

    def freeze_row(self, freeze_id: int) -> dict[str, str]:
        row = self.find(f'tr[data-freeze-id="{freeze_id}"]')
        cells = {c.get_attribute("data-field"): c.text.split("\n")[0].replace(",", "")
                 for c in row.find_elements(self.by.CSS_SELECTOR, "td[data-field]")}
        return {"status": row.get_attribute("data-status"), **cells}


def _gone(element: Any) -> bool:
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    try:
        element.tag_name  # noqa: B018  (touching it tells whether the page was replaced)
    except StaleElementReferenceException:
        return True
    except WebDriverException as exc:
        # caught halfway through the navigation, chromium reports the old node under this message instead
        if "does not belong to the document" in str(exc):
            return True
        raise
    return False


def _file(client: CourtClient, number: str, principal: str) -> int:
    case = client.file_case(number, CREDITOR, DEBTOR, principal, "0.00", judgment_date="2025-06-01")
    return int(case["id"])


def test_a_judge_freezes_and_deducts_from_the_console_while_a_second_court_waits(
        stack: Stack, browser: Any) -> None:  # noqa: F811  (the fixture imported above)
    dongcheng = CourtClient(stack.url("node"), "demo-judge-0101", timeout=30)
    chaoyang = CourtClient(stack.url("node"), "demo-judge-0105", timeout=30)
    number = "（2026）京0101执801号"
    case_id = _file(dongcheng, number, "10000.00")
    console = Console(browser, stack.url("node"))

    # 京0101 signs in, opens the case and inspects: the bank's answer comes later, the page waits for it
    console.sign_in("demo-judge-0101")
    console.open_case(number)
    console.submit("#inspect-form")
    assert "Waiting for the bank's answer" in console.find("#waiting").text
    console.wait_for_answers()
    bank_row = console.reload_until(f'tr[data-account="{BANK_ACCOUNT}"]')
    assert bank_row.find_element(console.by.CSS_SELECTOR, '[data-field="balance"]').text == "8,600.00"
    # from now on the bank answers within a second, so that reading a freeze's status there stays quick
    stack.admin("bank", "PUT", "/bank/processing", {"delay": "1s"})

    # the plan first, as the API would plan it; then confirm
    console.submit("#freeze-form", document_no="（2026）京0101执801号之一")
    api_plan = dongcheng.plan_freezes(case_id, "（2026）京0101执801号之一")
    shown = [(r.get_attribute("data-provider"), r.find_element(console.by.CSS_SELECTOR, '[data-field="amount"]').text
              .replace(",", "")) for r in console.all("#plan tbody tr")]
    assert shown == [(i["provider"], i["amount"]) for i in api_plan["items"]]
    assert console.field("total") == api_plan["total"]
    console.submit("#confirm-form")
    console.wait_for_answers()
    placed = wait_for("our freezes to be placed", lambda: dongcheng.freezes(case_id),
                      lambda fs: {f["status"] for f in fs} == {"active"}, timeout=WAIT_S)
    ours = {f["provider"]: f for f in placed}

    # 京0105 freezes the same debtor through the API: its bank freeze waits in line behind ours
    other_id = _file(chaoyang, "（2026）京0105执802号", "5000.00")
    inspect_all(chaoyang, other_id)
    chaoyang.freeze(other_id, "（2026）京0105执802号之一")
    waiting = wait_for("京0105's bank freeze to wait in line",
                       lambda: next(f for f in chaoyang.freezes(other_id) if f["provider"] == "bank"),
                       lambda f: f["status"] == "waiting", timeout=WAIT_S)
    assert waiting["queue_position"] == 1

    # 京0101 inspects again: the bank reports the other court's freeze waiting on the account
    console.submit("#inspect-form")
    console.wait_for_answers()
    measure = console.reload_until(f'tr[data-account="{BANK_ACCOUNT}"] li[data-authority="京0105"]')
    assert (measure.get_attribute("data-status"), measure.get_attribute("data-queue")) == ("waiting", "1")
    assert f"asks {waiting['amount']}" in measure.text.replace(",", "")

    # 京0105's own console shows its freeze and its place in line
    console.sign_out()
    console.sign_in("demo-judge-0105")
    console.open_case("（2026）京0105执802号")
    console.wait_for_answers()
    assert console.freeze_row(waiting["id"]) == {"status": "waiting", "amount": waiting["amount"], "held": "0.00",
                                                 "deducted": "0.00", "queue": "#1", "days_left": "—"}
    console.sign_out()

    # 京0101 serves the notice and deducts 3000.00 from the bank freeze (the bank answers later)
    console.sign_in("demo-judge-0101")
    console.open_case(number)
    console.submit("#notice-form", document_no="（2026）京0101执801号通知书")
    console.submit("#deduct-form", freeze_id=str(ours["bank"]["id"]), amount="3000.00",
                   document_no="（2026）京0101执801号之二", notice_no="（2026）京0101执801号协助执行通知书")
    console.wait_for_answers()
    wait_for("the deduction to complete", lambda: dongcheng.deductions(case_id),
             lambda ds: [d["status"] for d in ds] == ["completed"], timeout=WAIT_S)
    console.submit("#inspect-form")  # and looks at the accounts again
    wait_for("the last inspection's answers", lambda: dongcheng.inspections(case_id)[-1],
             lambda i: i["state"] == "completed", timeout=WAIT_S)
    console.open_case(number)
    console.wait_for_answers()
    page = console.find("main").text  # shown when an assertion below fails

    # what the page shows is what the API says
    case = dongcheng.case(case_id)
    assert [console.field(name) for name in ("amount_due", "frozen", "collected")] == [
        case["amount_due"], case["frozen"], case["collected"]] == ["7000.00", "7000.00", "3000.00"], page
    for freeze in dongcheng.freezes(case_id):
        row = console.freeze_row(freeze["id"])
        assert (row["status"], row["held"], row["deducted"]) == (
            freeze["status"], freeze["held"], freeze["deducted"]), page
    [deduction] = dongcheng.deductions(case_id)
    row = console.find(f'tr[data-deduction-id="{deduction["id"]}"]')
    assert (row.get_attribute("data-status"), deduction["status"]) == ("completed", "completed"), page
    assert chaoyang.get_freeze(waiting["id"])["status"] == "waiting"
    for result in dongcheng.inspections(case_id)[-1]["results"]:
        for account in result["accounts"]:
            row = console.find(f'tr[data-account="{account["account_no"]}"]')
            shown = [row.find_element(console.by.CSS_SELECTOR, f'[data-field="{name}"]').text.replace(",", "")
                     for name in ("balance", "available")]
            assert shown == [account["balance"], account["available"]], page
    _screenshot(console)


def _screenshot(console: Console) -> None:
    """The case page down to its deductions, 1400 px wide."""
    bottom = console.driver.execute_script(
        "const r = document.getElementById('deductions').getBoundingClientRect(); return r.bottom + window.scrollY;")
    shot = console.driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": 1400, "height": int(bottom) + 16, "scale": 1}})
    screenshot_target("console-case.png").write_bytes(base64.b64decode(shot["data"]))
