"""POST /_admin/seed, seed files and the bundled samples."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from payment_mocks.control.seed import SeedError, load_seed_file, sample_seed_path
from payment_mocks.signing import generate_rsa_key, public_pem
from tests.integration.control_generic import admin_headers, close_app, make_app, provider_of

LI = {"name": "李明", "id_type": "resident_id", "id_number": "11010519491231002X"}
COMPANY = {"name": "北京星河网络科技有限公司", "id_type": "uscc", "id_number": "91110000600037341L"}


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = make_app(tmp_path / "generic")
    yield app
    close_app(app)


def seed(client: FlaskClient, body: Any) -> Any:
    return client.post("/_admin/seed", json=body, headers=admin_headers())


def subject_count(app: Flask) -> int:
    with provider_of(app).ledger.transaction() as tx:
        return int(tx.conn.execute("SELECT COUNT(*) FROM subjects").fetchone()[0])


def test_seed_creates_subjects_and_accounts_with_opening_balances(app: Flask) -> None:
    body = {"subjects": [{**LI, "accounts": [{"account_no": "6222021234567890123", "balance": "8600.00"}]},
                         {**COMPANY, "accounts": [{"account_no": "1100102030005678901", "balance": "500000.00"}]}]}
    response = seed(app.test_client(), body)
    assert response.status_code == 201
    assert response.json is not None
    assert [s["name"] for s in response.json["subjects"]] == ["李明", "北京星河网络科技有限公司"]
    assert [(a["account_no"], a["balance"], a["balance_fen"]) for a in response.json["accounts"]] == [
        ("6222021234567890123", "8600.00", 860000), ("1100102030005678901", "500000.00", 50000000)]
    with provider_of(app).ledger.transaction() as tx:
        assert tx.account_view("6222021234567890123").balance == 860000


def test_seed_registers_callers_and_never_echoes_their_secrets(app: Flask) -> None:
    key = public_pem(generate_rsa_key())
    body = {"subjects": [LI], "callers": [
        {"kind": "bank_node", "caller_id": "court-node-1", "name": "法院节点", "secret": "s" * 32},
        {"kind": "wechat_mch", "caller_id": "1900000109", "public_key_pem": key, "serial": "5157F09EFDC096DE15"}]}
    response = seed(app.test_client(), body)
    assert response.status_code == 201
    assert "s" * 32 not in response.get_data(as_text=True)
    registry = provider_of(app).callers
    assert [c.caller_id for c in registry.all()] == ["court-node-1", "1900000109"]


def test_a_duplicate_account_refuses_the_whole_seed(app: Flask) -> None:
    body = {"subjects": [{**LI, "accounts": [{"account_no": "6222021234567890123", "balance": "1.00"},
                                             {"account_no": "6222021234567890123", "balance": "2.00"}]}]}
    response = seed(app.test_client(), body)
    assert response.status_code == 409
    assert response.json is not None
    assert response.json["error"]["code"] == "DUPLICATE"
    assert response.json["error"]["field"] == "/subjects/0/accounts/1/account_no"
    assert subject_count(app) == 0


def test_a_bad_caller_key_refuses_the_whole_seed(app: Flask) -> None:
    body = {"subjects": [LI], "callers": [{"kind": "alipay_app", "caller_id": "2021000000000001",
                                           "public_key_pem": "not a key"}]}
    response = seed(app.test_client(), body)
    assert response.status_code == 400
    assert response.json is not None and response.json["error"]["field"] == "/callers/0/public_key_pem"
    assert subject_count(app) == 0 and provider_of(app).callers.all() == []


@pytest.mark.parametrize(("body", "field"), [
    ({"subjects": [{**LI, "accounts": [{"account_no": "1", "balance": 8600.0}]}]}, "/subjects/0/accounts/0/balance"),
    ({"subjects": [{**LI, "accounts": [{"account_no": "1", "balance": 860000}]}]}, "/subjects/0/accounts/0/balance"),
    ({"subjects": [{**LI, "accounts": [{"account_no": "1", "balance": "1.234"}]}]}, "/subjects/0/accounts/0/balance"),
    ({"subjects": [{**LI, "accounts": [{"account_no": "1", "balance": "-1.00"}]}]}, "/subjects/0/accounts/0/balance"),
    ({"subjects": [{**LI, "accounts": [{"account_no": "", "balance": "1.00"}]}]}, "/subjects/0/accounts/0/account_no"),
    ({"subjects": [{**LI, "accounts": [{"account_no": "1"}]}]}, "/subjects/0/accounts/0/balance"),
    ({"subjects": [{**LI, "nickname": "小明"}]}, "/subjects/0/nickname"),
    ({"subjects": [{**LI, "id_number": "110105194912310021"}]}, "/subjects/0/id_number"),
    ({"subjects": [{**LI, "id_type": "passport"}]}, "/subjects/0/id_type"),
    ({"subjects": [{"id_type": "resident_id", "id_number": LI["id_number"]}]}, "/subjects/0/name"),
    ({"subjects": {"name": "李明"}}, "/subjects"),
    ({"accounts": []}, "/accounts"),
    ({"callers": [{"kind": "bank_node", "caller_id": "n1", "secret": "short"}]}, "/callers/0/secret"),
    ({"callers": [{"kind": "post_office", "caller_id": "n1"}]}, "/callers/0/kind"),
])
def test_bad_seed_input_is_a_400_naming_the_field_and_changes_nothing(app: Flask, body: Any, field: str) -> None:
    response = seed(app.test_client(), body)
    assert response.status_code == 400
    assert response.json is not None and response.json["error"]["field"] == field
    assert subject_count(app) == 0


@pytest.mark.parametrize("raw", [b"", b"{", b"[]", b'"text"', b'{"subjects": NaN}', b"\xff\xfe{", b"[" * 5000])
def test_malformed_bodies_are_400_not_500(app: Flask, raw: bytes) -> None:
    response = app.test_client().post("/_admin/seed", data=raw, headers=admin_headers(),
                                      content_type="application/json")
    assert response.status_code == 400
    assert response.json is not None and response.json["error"]["code"] == "INVALID_REQUEST"


def test_seeding_the_same_subject_again_only_adds_accounts(app: Flask) -> None:
    client = app.test_client()
    assert seed(client, {"subjects": [{**LI, "accounts": [{"account_no": "A-1", "balance": "1.00"}]}]}).status_code \
        == 201
    assert seed(client, {"subjects": [{**LI, "accounts": [{"account_no": "A-2", "balance": "2.00"}]}]}).status_code \
        == 201
    response = client.get(f"/_admin/accounts?id_number={LI['id_number']}", headers=admin_headers())
    assert response.json is not None
    assert [a["account_no"] for a in response.json["accounts"]] == ["A-1", "A-2"]


def test_a_subject_id_registered_under_another_name_is_a_conflict(app: Flask) -> None:
    client = app.test_client()
    seed(client, {"subjects": [LI]})
    response = seed(client, {"subjects": [{**LI, "name": "李敏"}]})
    assert response.status_code == 409
    assert response.json is not None and response.json["error"]["field"] == "/subjects/0/id_number"


@pytest.mark.parametrize("provider", ["bank", "alipay", "wechat"])
def test_the_bundled_samples_are_valid_seeds(app: Flask, provider: str) -> None:
    data = json.loads(sample_seed_path(provider).read_text(encoding="utf-8"))
    assert seed(app.test_client(), data).status_code == 201


@pytest.mark.parametrize(("provider", "balance"), [("bank", 860000), ("alipay", 325050), ("wechat", 128000)])
def test_the_overdue_borrower_has_an_account_at_every_provider(provider: str, balance: int) -> None:
    seed_data = load_seed_file(sample_seed_path(provider))
    li = next(s for s in seed_data.subjects if s.name == "李明")
    assert [a.balance_fen for a in li.accounts] == [balance]


def test_account_numbers_follow_each_providers_numbering() -> None:
    numbers = {p: [a.account_no for s in load_seed_file(sample_seed_path(p)).subjects for a in s.accounts]
               for p in ("bank", "alipay", "wechat")}
    assert all(n.isdigit() and 16 <= len(n) <= 19 for n in numbers["bank"])
    assert all(n.startswith("2088") and len(n) == 16 and n.isdigit() for n in numbers["alipay"])
    assert all(n.startswith("o") and len(n) == 28 for n in numbers["wechat"])


def test_the_company_and_the_empty_account_are_at_the_bank_only() -> None:
    bank = {s.id_number: s for s in load_seed_file(sample_seed_path("bank")).subjects}
    assert [a.balance_fen for a in bank["91110000600037341L"].accounts] == [50_000_000]
    assert any(a.balance_fen == 0 for s in bank.values() for a in s.accounts)
    for provider in ("alipay", "wechat"):
        ids = {s.id_number for s in load_seed_file(sample_seed_path(provider)).subjects}
        assert "91110000600037341L" not in ids


def test_load_seed_file_names_the_wrong_field(tmp_path: Path) -> None:
    path = tmp_path / "seed.json"
    path.write_text(json.dumps({"subjects": [{**LI, "accounts": [{"account_no": "1", "balance": 5}]}]}))
    with pytest.raises(SeedError) as info:
        load_seed_file(path)
    assert info.value.field == "/subjects/0/accounts/0/balance"


def test_load_seed_file_refuses_a_missing_or_broken_file(tmp_path: Path) -> None:
    with pytest.raises(SeedError, match="cannot read"):
        load_seed_file(tmp_path / "absent.json")
    (tmp_path / "broken.json").write_text("{")
    with pytest.raises(SeedError, match="not valid JSON"):
        load_seed_file(tmp_path / "broken.json")
