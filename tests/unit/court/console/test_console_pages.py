"""What the console's pages show: the court's cases, and a case with its accounts, freezes, line and timeline."""

from __future__ import annotations

import re
from collections.abc import Callable

from tests.unit.court.console.conftest import (
    ALIPAY_ACCOUNT,
    BANK_ACCOUNT,
    answered_inspection,
    frozen,
    second_court_waits,
)
from tests.unit.court.console.console_client import Console, text_of
from tests.unit.court.node_requests import OTHER_JUDGE
from tests.unit.court.svc_world import World


def _row(html: str, attribute: str, value: object) -> str:
    """The words of the table row (or list item) carrying ``attribute="value"``."""
    match = re.search(rf'<(tr|li)[^>]*{attribute}="{value}"[^>]*>(.*?)</\1>', html, re.S)
    assert match is not None, f"no row with {attribute}={value}"
    return text_of(match.group(2))


def test_the_cases_page_lists_the_courts_cases_newest_first_with_their_amounts(world: World, judge: Console) -> None:
    first = world.file(1, principal="10000.00", costs="0")
    second = world.file(2, principal="2500.50", costs="100.00")
    page = judge.get("/console/cases").text
    assert page.index(f'data-case-id="{second}"') < page.index(f'data-case-id="{first}"')
    assert _row(page, "data-case-id", second).startswith("（2026）京0101执2号 李明 2,600.50 0.00 0.00 Notice served")


def test_the_cases_page_never_shows_another_courts_case(world: World, sign_in: Callable[[str], Console]) -> None:
    world.file(1)
    page = sign_in(OTHER_JUDGE).get("/console/cases").text
    assert "京0101执1号" not in page and "No cases at this court yet." in text_of(page)


def test_the_case_page_shows_the_debtor_and_the_amounts(world: World, judge: Console) -> None:
    case_id = world.file(1, principal="10000.00", costs="0")
    frozen(world, case_id)
    page = judge.case(case_id).text
    fields = dict(re.findall(r'data-field="(debtor|amount_due|frozen|collected)">([^<]*)<', page))
    assert fields == {"debtor": "李明", "amount_due": "10,000.00", "frozen": "10,000.00", "collected": "0.00"}


def test_the_accounts_show_what_each_provider_reported_in_the_latest_inspection(world: World, judge: Console) -> None:
    case_id = world.file(1)
    answered_inspection(world, case_id)
    page = judge.case(case_id).text
    assert _row(page, "data-account", BANK_ACCOUNT).startswith(f"Bank 银行 {BANK_ACCOUNT} 8,600.00 8,600.00")
    assert _row(page, "data-account", ALIPAY_ACCOUNT).startswith(f"Alipay 支付宝 {ALIPAY_ACCOUNT} 3,250.50 3,250.50")


def test_the_accounts_show_another_courts_freeze_waiting_in_line(world: World, judge: Console) -> None:
    case_id = world.file(1, principal="10000.00", costs="0")
    frozen(world, case_id)
    second_court_waits(world)
    answered_inspection(world, case_id)
    measure = _row(judge.case(case_id).text, 'data-authority="京0105" data-status', "waiting")
    assert measure == "Waiting 轮候 #1 in line 北京市朝阳区人民法院 京0105 : asks 3,369.50"


def test_a_freeze_shows_its_status_what_it_holds_and_the_days_to_its_end(world: World, judge: Console) -> None:
    case_id = world.file(1, principal="10000.00", costs="0")
    bank = next(f for f in frozen(world, case_id, term_days=30) if f["provider"] == "bank")
    world.advance(10)
    row = _row(judge.case(case_id).text, "data-freeze-id", bank["id"])
    assert row == f"{bank['id']} Bank 银行 {BANK_ACCOUNT} 8,600.00 8,600.00 0.00 Frozen 冻结中 — 2026-03-31 20 冻结裁定"


def test_the_second_courts_freeze_shows_its_place_in_line(world: World, sign_in: Callable[[str], Console]) -> None:
    frozen(world, world.file(1, principal="10000.00", costs="0"))
    other, waiting = second_court_waits(world)
    page = sign_in(OTHER_JUDGE).case(other).text
    assert re.search(rf'data-freeze-id="{waiting["id"]}" data-status="waiting"', page)
    assert "Waiting 轮候 #1" in _row(page, "data-freeze-id", waiting["id"])


def test_the_timeline_shows_each_action_newest_first_with_who_and_the_document(world: World, judge: Console) -> None:
    case_id = world.file(1)
    page = judge.case(case_id).text
    actions = re.findall(r'<tr data-action="([^"]+)"', page)
    assert actions == ["notice.served", "case.filed"]
    assert _row(page, "data-action", "notice.served").startswith(
        "2026-03-01 10:00:00 Notice served 送达执行通知书 notice.served 张法官 judge 通知书1")


def test_the_page_shows_the_simulated_clock_in_beijing_time(world: World, judge: Console) -> None:
    case_id = world.file(1)
    world.advance(3)
    assert re.search(r'data-field="clock">2026-03-04 10:00:00<', judge.case(case_id).text)


def test_another_courts_judge_gets_not_found_for_the_case_page(world: World, sign_in: Callable[[str], Console]) -> None:
    case_id = world.file(1)
    answer = sign_in(OTHER_JUDGE).case(case_id)
    assert answer.status_code == 404
    assert "李明" not in answer.text and f"no case {case_id} at court 京0105" in text_of(answer.text)


def test_a_case_that_does_not_exist_is_not_found(judge: Console) -> None:
    assert judge.case(999).status_code == 404


def test_everything_displayed_is_escaped(world: World, judge: Console) -> None:
    debtor = {"name": "<script>alert(1)</script>", "id_type": "resident_id", "id_number": "440524188001010014"}
    case_id = world.file(1, debtor=debtor)
    for page in (judge.case(case_id).text, judge.get("/console/cases").text):
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_pages_forbid_inline_scripts_framing_and_caching(world: World, judge: Console) -> None:
    answer = judge.case(world.file(1))
    assert "script-src 'self'" in answer.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["Cache-Control"] == "no-store"


def test_the_style_sheet_is_served_by_the_node(world: World) -> None:
    with world.app.test_client().get("/console/static/console.css") as answer:
        assert answer.status_code == 200 and answer.mimetype == "text/css"
        assert "@import" not in answer.text and "http" not in answer.text
