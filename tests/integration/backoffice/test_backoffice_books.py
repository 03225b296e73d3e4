"""The pages over the books show what the control API reads, escaped, with the place of each waiting freeze."""

from __future__ import annotations

import re
from html import unescape

from flask import Flask
from markupsafe import escape

from tests.integration.backoffice.office import (
    ACCOUNT,
    COMPANY,
    COMPANY_ACCOUNT,
    DEBTOR_ID,
    FIRST_COURT,
    HOSTILE_NAME,
    SECOND_COURT,
    Office,
    Seeded,
    admin,
    provider_of,
)


def row(page: str, row_id: str) -> str:
    """The text of one table row, tags removed."""
    match = re.search(rf'<tr id="{row_id}"[^>]*>(.*?)</tr>', page, re.S)
    assert match is not None, f"no row {row_id}"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())


def cells(page: str, row_id: str) -> list[str]:
    match = re.search(rf'<tr id="{row_id}"[^>]*>(.*?)</tr>', page, re.S)
    assert match is not None
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split())
            for c in re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)]


def test_the_header_names_the_provider_its_dialect_and_its_clock_in_beijing_time(
        app: Flask, dialect: str, office: Office) -> None:
    admin(app, "POST", "/clock", {"stop": True})
    admin(app, "POST", "/clock", {"set": "2026-03-01T00:00:00Z"})
    page = office.page("/_backoffice/")
    assert '<time id="clock">2026-03-01 08:00:00</time>' in page
    assert "stopped" in page
    assert {"bank": "Bank 银行", "alipay": "Alipay-like 支付宝", "wechat": "WeChat-like 微信支付"}[dialect] in page
    assert {"bank": "HMAC", "alipay": "/gateway.do", "wechat": "API v3"}[dialect] in page
    assert f'<span id="profile">{provider_of(app).ledger.profile_name}</span>' in page


def test_the_subjects_page_lists_each_subject_with_its_accounts(app: Flask, seeded: Seeded, office: Office) -> None:
    page = office.page("/_backoffice/")
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())
    assert f"{COMPANY[0]} USCC 统一社会信用代码 {COMPANY[2]} {COMPANY_ACCOUNT} 250000.00 250000.00 no 0 / 0" in text
    assert f"Resident ID 居民身份证 {DEBTOR_ID} {ACCOUNT} 1000.00 0.00 no 1 / 1" in text
    assert f'href="/_backoffice/accounts/{ACCOUNT}"' in page


def test_a_subject_named_like_a_script_shows_as_text(app: Flask, seeded: Seeded, office: Office) -> None:
    for path in ("/_backoffice/", f"/_backoffice/accounts/{ACCOUNT}", "/_backoffice/restrictions"):
        page = office.page(path)
        assert "<script>" not in page and "<b>" not in page
        assert str(escape(HOSTILE_NAME)) == "&lt;script&gt;alert(1)&lt;/script&gt;"
        assert str(escape(HOSTILE_NAME)) in page


def test_the_account_page_shows_the_waiting_freeze_and_its_place_in_line_as_the_api_does(
        app: Flask, seeded: Seeded, office: Office) -> None:
    api = admin(app, "GET", f"/accounts/{ACCOUNT}")
    page = office.page(f"/_backoffice/accounts/{ACCOUNT}")
    in_force = re.search(r'<table id="freezes-in-force".*?</table>', page, re.S)
    assert in_force is not None
    shown = re.findall(r'data-freeze-no="([^"]+)"', in_force.group(0))
    assert shown == [f["freeze_no"] for f in api["freezes"]] == [seeded.first_freeze_no, seeded.waiting_freeze_no]
    waiting = next(f for f in api["freezes"] if f["status"] == "waiting")
    line = cells(page, f"freeze-{waiting['id']}")
    assert line[1] == f"{SECOND_COURT[1]} {SECOND_COURT[0]}"
    assert line[4:10] == ["500.00", "0.00", "0.00", "500.00", "Waiting 轮候", str(waiting["queue_position"])]
    assert waiting["queue_position"] == 1
    active = cells(page, f"freeze-{api['freezes'][0]['id']}")
    assert active[4:10] == ["1200.00", "1000.00", "200.00", "0.00", "Frozen 冻结", ""]
    assert active[11] and active[12], "an active freeze shows when it took effect and when it expires"


def test_the_account_page_shows_its_balance_and_what_is_available(app: Flask, seeded: Seeded, office: Office) -> None:
    page = office.page(f"/_backoffice/accounts/{ACCOUNT}")
    assert '<dd class="num" id="balance">1000.00</dd>' in page
    assert '<dd class="num" id="available">0.00</dd>' in page
    assert '<dd class="num" id="held">1000.00</dd>' in page


def test_the_account_page_lists_movements_newest_first_and_the_payouts(
        app: Flask, seeded: Seeded, office: Office) -> None:
    page = office.page(f"/_backoffice/accounts/{ACCOUNT}")
    movements = re.search(r'<table id="movements".*?</table>', page, re.S)
    assert movements is not None
    kinds = re.findall(r"<td>(Opening balance 期初|Credit 入账|Deduct 扣划)</td>", movements.group(0))
    assert kinds == ["Deduct 扣划", "Credit 入账", "Opening balance 期初"]
    assert "−200.00" in movements.group(0) and "+200.00" in movements.group(0)
    assert "工资 &lt;b&gt;salary&lt;/b&gt;" in movements.group(0)
    payouts = re.search(r'<table id="payouts".*?</table>', page, re.S)
    assert payouts is not None
    assert "11001016300059000001" in payouts.group(0) and "200.00" in payouts.group(0)
    assert seeded.first_freeze_no in payouts.group(0)


def test_ended_freezes_are_listed_apart(app: Flask, seeded: Seeded, office: Office) -> None:
    with provider_of(app).ledger.transaction() as tx:
        tx.release(tx.freeze_by_no(seeded.first_freeze_no).id, FIRST_COURT[0])
    page = office.page(f"/_backoffice/accounts/{ACCOUNT}")
    ended = re.search(r'<table id="freezes-ended".*?</table>', page, re.S)
    assert ended is not None and "Released 解冻" in ended.group(0)
    in_force = re.search(r'<table id="freezes-in-force".*?</table>', page, re.S)
    assert in_force is not None and seeded.first_freeze_no not in in_force.group(0)
    assert "Frozen 冻结" in in_force.group(0), "the waiting freeze took effect when the money was freed"


def test_a_renewed_freeze_says_how_often_it_was_renewed(app: Flask, seeded: Seeded, office: Office) -> None:
    with provider_of(app).ledger.transaction() as tx:
        renewed = tx.renew(tx.freeze_by_no(seeded.first_freeze_no).id, FIRST_COURT[0], 30)
    line = cells(office.page(f"/_backoffice/accounts/{ACCOUNT}"), f"freeze-{renewed.id}")
    assert line[-1].endswith("Renewed 续冻 ×1")
    assert admin(app, "GET", f"/accounts/{ACCOUNT}")["freezes"][0]["renewals"] == 1


def test_an_account_without_freezes_says_so(app: Flask, seeded: Seeded, office: Office) -> None:
    assert "No freeze in force on this account." in office.page(f"/_backoffice/accounts/{COMPANY_ACCOUNT}")


def test_an_unknown_account_is_a_plain_404_page(app: Flask, office: Office) -> None:
    response = office.get("/_backoffice/accounts/<i>nope<i>")
    assert response.status_code == 404 and response.mimetype == "text/html"
    text = response.get_data(as_text=True)
    assert "does not exist" in text and "<i>nope" not in text and "&lt;i&gt;nope" in text


def test_the_freezes_page_filters_by_status(app: Flask, seeded: Seeded, office: Office) -> None:
    page = office.page("/_backoffice/freezes?status=waiting")
    assert seeded.waiting_freeze_no in page and seeded.first_freeze_no not in page
    assert '<option value="waiting" selected>' in page


def test_the_freezes_page_filters_by_authority(app: Flask, seeded: Seeded, office: Office) -> None:
    page = office.page(f"/_backoffice/freezes?authority={FIRST_COURT[0]}")
    assert seeded.first_freeze_no in page and seeded.waiting_freeze_no not in page
    every = office.page("/_backoffice/freezes")
    assert seeded.first_freeze_no in every and seeded.waiting_freeze_no in every


def test_a_bad_freeze_filter_is_explained_next_to_the_form(app: Flask, seeded: Seeded, office: Office) -> None:
    response = office.get("/_backoffice/freezes?status=melted&authority=" + "x" * 65)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Choose a status from the list." in text and "at most 64 characters" in text


def test_the_restrictions_page_shows_each_order_and_its_subject(app: Flask, seeded: Seeded, office: Office) -> None:
    page = office.page("/_backoffice/restrictions")
    assert "air_travel, star_hotel" in page and FIRST_COURT[1] in page and DEBTOR_ID in page
    assert "yes 是" in page


def test_empty_books_say_how_to_seed_them(app: Flask, office: Office) -> None:
    assert "No subjects yet" in office.page("/_backoffice/")
    assert "No consumption restriction order" in office.page("/_backoffice/restrictions")
    assert "No freeze matches." in office.page("/_backoffice/freezes")


def test_a_freeze_that_lapsed_on_the_simulated_clock_is_expired_and_the_next_in_line_in_force(
        app: Flask, seeded: Seeded, office: Office) -> None:
    admin(app, "POST", "/clock", {"advance": "200d"})
    expired = office.page("/_backoffice/freezes?status=expired")
    assert seeded.first_freeze_no in expired and seeded.waiting_freeze_no not in expired
    assert seeded.waiting_freeze_no in office.page("/_backoffice/freezes?status=active")


def test_the_refresh_toggle_makes_the_page_refresh_itself(app: Flask, seeded: Seeded, office: Office) -> None:
    plain = office.page(f"/_backoffice/accounts/{ACCOUNT}")
    assert 'http-equiv="refresh"' not in plain
    assert f'href="/_backoffice/accounts/{ACCOUNT}?refresh=5">Refresh every 5 s' in plain
    refreshing = office.page(f"/_backoffice/accounts/{ACCOUNT}?refresh=5")
    assert '<meta http-equiv="refresh" content="5">' in refreshing
    assert f'href="/_backoffice/accounts/{ACCOUNT}">Stop refreshing' in refreshing
