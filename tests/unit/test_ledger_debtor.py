"""The debtor's side: restrictions, transaction records, identity checks, persistence."""

from __future__ import annotations

from pathlib import Path

import pytest

from payment_mocks.ledger import Ledger
from payment_mocks.ledger.errors import (
    DuplicateEntry,
    IdentityNotMatch,
    InvalidRequest,
    NotFreezeOwner,
    PaymentRestricted,
)
from tests.unit.conftest import ACCOUNT, DEBTOR_ID, DEBTOR_NAME
from tests.unit.ledger_helpers import freeze


def _restrict(ledger: Ledger) -> int:
    with ledger.transaction() as tx:
        subject = tx.subject_by_number(DEBTOR_ID)
        return tx.restrict(subject, authority_code="京0101", authority_name="东城法院", document_no="限消令1").id


@pytest.mark.parametrize("category", ["g_train", "air_travel", "star_hotel", "golf", "private_school"])
def test_restriction_order_refuses_restricted_categories(ledger: Ledger, category: str) -> None:
    _restrict(ledger)
    with pytest.raises(PaymentRestricted), ledger.transaction() as tx:
        tx.pay(ACCOUNT, 100, merchant="12306", category=category)


def test_restriction_order_leaves_everyday_spending_alone(ledger: Ledger) -> None:
    _restrict(ledger)
    with ledger.transaction() as tx:
        tx.pay(ACCOUNT, 100, merchant="菜市场", category="grocery")
        assert tx.account_view(ACCOUNT).balance == 999_900


def test_lifting_the_order_allows_the_category_again_and_only_its_court_may(ledger: Ledger) -> None:
    rid = _restrict(ledger)
    with pytest.raises(NotFreezeOwner), ledger.transaction() as tx:
        tx.lift_restriction(rid, "京0105")
    with ledger.transaction() as tx:
        tx.lift_restriction(rid, "京0101")
        tx.pay(ACCOUNT, 100, merchant="12306", category="g_train")


def test_unknown_category_is_refused(ledger: Ledger) -> None:
    with pytest.raises(InvalidRequest), ledger.transaction() as tx:
        tx.pay(ACCOUNT, 100, merchant="x", category="spaceship")


def test_identity_must_match_name_and_number(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        assert tx.check_identity(DEBTOR_NAME, "resident_id", DEBTOR_ID).id_number == DEBTOR_ID
        with pytest.raises(IdentityNotMatch):
            tx.check_identity("李四", "resident_id", DEBTOR_ID)
        with pytest.raises(IdentityNotMatch):
            tx.check_identity(DEBTOR_NAME, "resident_id", "440524188001010014")


def test_bad_id_checksum_is_a_clear_error(ledger: Ledger) -> None:
    with pytest.raises(InvalidRequest, match="check character"), ledger.transaction() as tx:
        tx.add_subject("某人", "resident_id", "110105194912310021")


def test_an_id_number_belongs_to_one_name(ledger: Ledger) -> None:
    with pytest.raises(DuplicateEntry), ledger.transaction() as tx:
        tx.add_subject("别人", "resident_id", DEBTOR_ID)


def test_transaction_records_by_date_range(ledger: Ledger) -> None:
    from datetime import timedelta

    with ledger.transaction() as tx:
        start = tx.now_us
    ledger.clock.advance(timedelta(days=2))
    with ledger.transaction() as tx:
        tx.credit(ACCOUNT, 5_000, counterparty="工资")
    ledger.clock.advance(timedelta(days=2))
    with ledger.transaction() as tx:
        tx.pay(ACCOUNT, 1_000, merchant="超市", category="grocery")
        middle = tx.movements(ACCOUNT, start + 1, start + 3 * 86_400_000_000)
        everything = tx.movements(ACCOUNT)
    assert [(m.kind.value, m.amount) for m in middle] == [("credit", 5_000)]
    assert [m.kind.value for m in everything] == ["seed", "credit", "payment"]
    assert everything[-1].balance_after == 1_004_000


def test_state_survives_closing_and_reopening(ledger: Ledger, tmp_path: Path) -> None:
    with ledger.transaction() as tx:
        f = freeze(tx, ACCOUNT, "京0101", "R1", 300_000)
    ledger.close()
    reopened = Ledger(tmp_path / "bank", provider="bank")
    with reopened.transaction() as tx:
        assert tx.freeze(f.id).held == 300_000
        assert tx.account_view(ACCOUNT).available == 700_000
    reopened.close()


def test_replies_replay_and_refuse_a_changed_body(ledger: Ledger) -> None:
    from payment_mocks.ledger import fingerprint
    from payment_mocks.ledger.errors import ReplyConflict

    fp = fingerprint({"amount": 1})
    with ledger.transaction() as tx:
        assert tx.stored_reply("bank:N1", "R1", fp) is None
        tx.save_reply("bank:N1", "R1", fp, 202, b'{"ok":1}', {"X": "1"})
    with ledger.transaction() as tx:
        stored = tx.stored_reply("bank:N1", "R1", fp)
        assert stored is not None and stored.body == b'{"ok":1}' and stored.headers == {"X": "1"}
        with pytest.raises(ReplyConflict):
            tx.stored_reply("bank:N1", "R1", fingerprint({"amount": 2}))


def test_nonce_is_refused_inside_its_window(ledger: Ledger) -> None:
    from datetime import timedelta

    with ledger.transaction() as tx:
        assert tx.see_nonce("wechat:1", "n1", 300_000_000)
        assert not tx.see_nonce("wechat:1", "n1", 300_000_000)
    ledger.clock.advance(timedelta(seconds=301))
    with ledger.transaction() as tx:
        assert tx.see_nonce("wechat:1", "n1", 300_000_000)
