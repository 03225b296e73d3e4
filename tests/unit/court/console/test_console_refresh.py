"""The case page reloads itself while an asynchronous answer (the bank's) is owed, and stops once it is in."""

from __future__ import annotations

import re

from tests.unit.court.console.conftest import frozen
from tests.unit.court.console.console_client import Console, text_of
from tests.unit.court.svc_world import World


def _refreshes(html: str) -> bool:
    return 'id="waiting"' in html and "refresh.js" in html and 'http-equiv="refresh"' in html


def test_the_page_reloads_itself_while_the_banks_inspection_answer_is_owed(world: World, judge: Console) -> None:
    case_id = world.file(1)
    world.inspect(case_id)
    page = judge.case(case_id).text
    assert _refreshes(page)
    assert "Waiting for the bank's answer 等待答复 : Bank 银行 — inspection #1." in text_of(page)


def test_the_page_stops_reloading_once_the_bank_has_answered(world: World, judge: Console) -> None:
    case_id = world.file(1)
    world.inspect(case_id)
    world.fake("bank").settle()
    page = judge.case(case_id).text
    assert not _refreshes(page) and "refresh.js" not in page
    assert re.search(r'data-inspection-id="1" data-state="completed"', page)


def test_a_page_with_nothing_owed_does_not_reload(world: World, judge: Console) -> None:
    assert not _refreshes(judge.case(world.file(1)).text)


def test_the_page_waits_for_a_pending_deduction_and_shows_it_once_collected(world: World, judge: Console) -> None:
    case_id = world.file(1, principal="10000.00", costs="0")
    bank = next(f for f in frozen(world, case_id) if f["provider"] == "bank")
    judge.submit(f"/console/cases/{case_id}", "deduct-form", freeze_id=str(bank["id"]), amount="3000.00",
                 document_no="扣划裁定", notice_no="协助执行通知书")
    waiting = judge.case(case_id).text
    assert _refreshes(waiting) and "Bank 银行 — deduction #1" in text_of(waiting)
    world.fake("bank").settle()
    done = judge.case(case_id).text
    assert not _refreshes(done)
    assert re.search(r'data-field="collected">3,000.00<', done)


def test_a_refusal_shown_while_waiting_pauses_the_reloading(world: World, judge: Console) -> None:
    case_id = world.file(1)
    world.inspect(case_id)
    answer = judge.submit(f"/console/cases/{case_id}", "inspect-form", **{"from": "2026-02-01", "to": "2026-01-01"})
    assert answer.status_code == 400
    assert 'data-paused="error"' in answer.text and 'http-equiv="refresh"' not in answer.text
