"""The read views: subjects, accounts with measures and queue positions, movements, freezes, payouts, restrictions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from payment_mocks.ledger import Freeze, FreezeMode
from tests.integration.control_generic import (
    ACCOUNT,
    DEBTOR_ID,
    admin_headers,
    close_app,
    make_app,
    provider_of,
    seed_debtor,
)

COURTS = {"京0101": "北京市东城区人民法院", "京0105": "北京市朝阳区人民法院", "浙0106": "杭州市西湖区人民法院"}


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = make_app(tmp_path / "generic")
    provider_of(app).clock.stop()
    seed_debtor(app)
    yield app
    close_app(app)


def get(app: Flask, path: str) -> Any:
    response = app.test_client().get(path, headers=admin_headers())
    return response.status_code, response.json


def freeze(app: Flask, court: str, amount: int | None, request_no: str = "Q-1") -> Freeze:
    with provider_of(app).ledger.transaction() as tx:
        return tx.place_freeze(
            account_no=ACCOUNT, authority_code=court, authority_name=COURTS[court], request_no=request_no,
            document_no=f"（2026）{court}执1号", mode=FreezeMode.AMOUNT if amount else FreezeMode.ACCOUNT,
            amount=amount, term_days=180)


def test_subjects_list_each_subject_with_its_accounts(app: Flask) -> None:
    status, body = get(app, "/_admin/subjects")
    assert status == 200
    assert body == {"subjects": [{"id": 1, "name": "李明", "id_type": "resident_id", "id_number": DEBTOR_ID,
                                  "account_nos": [ACCOUNT]}]}


def test_an_account_shows_money_in_yuan_and_fen(app: Flask) -> None:
    freeze(app, "京0101", 250_000)
    status, body = get(app, f"/_admin/accounts/{ACCOUNT}")
    assert status == 200
    assert (body["balance"], body["balance_fen"]) == ("10000.00", 1_000_000)
    assert (body["available"], body["available_fen"]) == ("7500.00", 750_000)
    assert (body["held"], body["held_fen"]) == ("2500.00", 250_000)
    assert body["subject"]["id_number"] == DEBTOR_ID
    assert body["opened_at"].endswith("Z")


def test_an_account_shows_freezes_in_force_and_waiting_in_line(app: Flask) -> None:
    freeze(app, "京0101", 1_000_000)
    freeze(app, "京0105", 300_000)
    freeze(app, "浙0106", 200_000)
    _, body = get(app, f"/_admin/accounts/{ACCOUNT}")
    assert [(f["authority_code"], f["status"], f["queue_position"]) for f in body["freezes"]] == [
        ("京0101", "active", None), ("京0105", "waiting", 1), ("浙0106", "waiting", 2)]
    waiting = body["freezes"][1]
    assert waiting["amount_requested"] == "3000.00" and waiting["held_fen"] == 0 and waiting["activated_at"] is None


def test_a_whole_account_freeze_has_no_requested_amount(app: Flask) -> None:
    freeze(app, "京0101", None)
    _, body = get(app, f"/_admin/accounts/{ACCOUNT}")
    assert body["whole_account_frozen"] is True and body["available_fen"] == 0
    assert body["freezes"][0]["amount_requested"] is None and body["freezes"][0]["amount_requested_fen"] is None


def test_accounts_can_be_listed_for_one_subject(app: Flask) -> None:
    with provider_of(app).ledger.transaction() as tx:
        tx.add_subject("王芳", "resident_id", "440524188001010014")
        tx.open_account("6217000010023456781", "440524188001010014", 100)
    _, everyone = get(app, "/_admin/accounts")
    assert [a["account_no"] for a in everyone["accounts"]] == ["6217000010023456781", ACCOUNT]
    _, one = get(app, f"/_admin/accounts?id_number={DEBTOR_ID}")
    assert [a["account_no"] for a in one["accounts"]] == [ACCOUNT]


def test_an_unknown_subject_or_account_is_a_404_with_the_ledger_code(app: Flask) -> None:
    status, body = get(app, "/_admin/accounts?id_number=440524188001010014")
    assert status == 404 and body["error"]["code"] == "SUBJECT_NOT_FOUND"
    status, body = get(app, "/_admin/accounts/0000")
    assert status == 404 and body["error"]["code"] == "ACCOUNT_NOT_EXIST"


def test_movements_are_filtered_by_instant(app: Flask) -> None:
    provider = provider_of(app)
    opened = provider.clock.now()
    provider.clock.advance(timedelta(days=1))
    with provider.ledger.transaction() as tx:
        tx.credit(ACCOUNT, 50_000, counterparty="某公司", memo="工资")
    _, everything = get(app, f"/_admin/accounts/{ACCOUNT}/movements")
    assert [m["kind"] for m in everything["movements"]] == ["seed", "credit"]
    since = (opened + timedelta(hours=1)).isoformat()
    _, later = get(app, f"/_admin/accounts/{ACCOUNT}/movements?since={since.replace('+', '%2B')}")
    [salary] = later["movements"]
    assert (salary["amount"], salary["balance_after"], salary["memo"]) == ("500.00", "10500.00", "工资")
    until = (opened + timedelta(hours=1)).isoformat().replace("+00:00", "Z")
    _, earlier = get(app, f"/_admin/accounts/{ACCOUNT}/movements?until={until}")
    assert [m["kind"] for m in earlier["movements"]] == ["seed"]


@pytest.mark.parametrize("query", ["since=yesterday", "until=2026-01-01T00:00:00", "since=2026-13-01T00:00:00Z"])
def test_bad_instants_are_a_400(app: Flask, query: str) -> None:
    status, body = get(app, f"/_admin/accounts/{ACCOUNT}/movements?{query}")
    assert status == 400 and body["error"]["field"] in {"since", "until"}


def test_freezes_are_filtered_by_account_authority_and_status(app: Flask) -> None:
    first = freeze(app, "京0101", 1_000_000)
    freeze(app, "京0105", 300_000)
    with provider_of(app).ledger.transaction() as tx:
        tx.release(first.id, "京0101")
    _, by_court = get(app, "/_admin/freezes?authority_code=京0105")
    assert [f["authority_code"] for f in by_court["freezes"]] == ["京0105"]
    _, released = get(app, "/_admin/freezes?status=released")
    assert [f["freeze_no"] for f in released["freezes"]] == [first.freeze_no]
    _, on_account = get(app, f"/_admin/freezes?account_no={ACCOUNT}&limit=1")
    assert len(on_account["freezes"]) == 1


@pytest.mark.parametrize("query", ["status=thawed", "limit=0", "limit=many"])
def test_bad_freeze_filters_are_a_400(app: Flask, query: str) -> None:
    status, _ = get(app, f"/_admin/freezes?{query}")
    assert status == 400


def test_payouts_list_deductions_into_enforcement_accounts(app: Flask) -> None:
    placed = freeze(app, "京0101", 300_000)
    with provider_of(app).ledger.transaction() as tx:
        tx.deduct(placed.id, "京0101", 120_000, request_no="D-1", document_no="扣划裁定书",
                  enforcement_account="11001019500053002020")
    _, body = get(app, "/_admin/payouts")
    [payout] = body["payouts"]
    assert (payout["amount"], payout["amount_fen"], payout["freeze_no"]) == ("1200.00", 120_000, placed.freeze_no)
    _, other = get(app, "/_admin/payouts?authority_code=京0105")
    assert other == {"payouts": []}


def test_restrictions_are_listed_for_everyone_or_one_subject(app: Flask) -> None:
    with provider_of(app).ledger.transaction() as tx:
        subject = tx.subject_by_number(DEBTOR_ID)
        tx.restrict(subject, authority_code="京0101", authority_name=COURTS["京0101"], document_no="限消令1号",
                    categories=frozenset({"air_travel", "golf"}))
    _, everyone = get(app, "/_admin/restrictions")
    [order] = everyone["restrictions"]
    assert order["categories"] == ["air_travel", "golf"] and order["in_force"] is True
    _, one = get(app, f"/_admin/restrictions?id_number={DEBTOR_ID}")
    assert one == everyone
