"""Freezes on one account: amounts, whole accounts, waiting lines, capture of credits."""

from __future__ import annotations

import pytest

from payment_mocks.ledger import FreezeMode, FreezeStatus, Ledger
from payment_mocks.ledger.errors import (
    AccountFrozen,
    AccountNotFound,
    CapabilityMissing,
    DuplicateEntry,
    InsufficientAvailable,
    InvalidRequest,
    TermInvalid,
)
from tests.unit.conftest import ACCOUNT, DEBTOR_ID
from tests.unit.ledger_helpers import freeze


def test_amount_freeze_holds_the_amount_and_reduces_available(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        f = freeze(tx, ACCOUNT, "京0101", "R1", 300_000)
        view = tx.account_view(ACCOUNT)
    assert (f.status, f.held, f.unmet) == (FreezeStatus.ACTIVE, 300_000, 0)
    assert (view.balance, view.available) == (1_000_000, 700_000)


def test_freeze_larger_than_balance_holds_what_is_there_and_reports_the_rest(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        f = freeze(tx, ACCOUNT, "京0101", "R1", 1_500_000)
    assert (f.held, f.unmet) == (1_000_000, 500_000)


def test_bank_profile_captures_later_credits_until_the_amount_is_met(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        f = freeze(tx, ACCOUNT, "京0101", "R1", 1_500_000)
        tx.credit(ACCOUNT, 300_000, counterparty="salary")
        assert tx.freeze(f.id).held == 1_300_000
        tx.credit(ACCOUNT, 400_000, counterparty="salary")
        after = tx.freeze(f.id)
        view = tx.account_view(ACCOUNT)
    assert (after.held, after.unmet) == (1_500_000, 0)
    assert view.available == 200_000


def test_a_profile_without_capture_leaves_later_credits_available(tmp_path: object) -> None:
    from pathlib import Path

    book = Ledger(Path(str(tmp_path)) / "alipay", provider="alipay")
    with book.transaction() as tx:
        tx.add_subject("李明", "resident_id", DEBTOR_ID)
        tx.open_account("2088102146225135", DEBTOR_ID, 100_000)
        f = freeze(tx, "2088102146225135", "京0101", "R1", 500_000)
        tx.credit("2088102146225135", 50_000)
        assert tx.freeze(f.id).held == 100_000
        assert tx.account_view("2088102146225135").available == 50_000
    book.close()


def test_a_second_court_waits_in_line_when_the_money_is_held(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        freeze(tx, ACCOUNT, "京0101", "R1", 1_000_000)
        second = freeze(tx, ACCOUNT, "京0105", "R2", 200_000)
        third = freeze(tx, ACCOUNT, "浙0106", "R3", 200_000)
    assert (second.status, second.queue_position, second.held) == (FreezeStatus.WAITING, 1, 0)
    assert (third.status, third.queue_position) == (FreezeStatus.WAITING, 2)


def test_new_freeze_takes_free_money_without_waiting(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        freeze(tx, ACCOUNT, "京0101", "R1", 400_000)
        second = freeze(tx, ACCOUNT, "京0105", "R2", 800_000)
    assert (second.status, second.held, second.unmet) == (FreezeStatus.ACTIVE, 600_000, 200_000)


def test_release_lets_waiting_freezes_take_effect_in_arrival_order(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        first = freeze(tx, ACCOUNT, "京0101", "R1", 1_000_000)
        second = freeze(tx, ACCOUNT, "京0105", "R2", 700_000)
        third = freeze(tx, ACCOUNT, "浙0106", "R3", 700_000)
        tx.release(first.id, "京0101")
        s, t = tx.freeze(second.id), tx.freeze(third.id)
    assert (s.status, s.held) == (FreezeStatus.ACTIVE, 700_000)
    assert (t.status, t.held, t.unmet) == (FreezeStatus.ACTIVE, 300_000, 400_000)
    assert s.activated_at is not None and t.activated_at is not None and s.activated_at <= t.activated_at


def test_a_later_freeze_waits_behind_an_earlier_waiting_one_even_if_money_frees(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        freeze(tx, ACCOUNT, "京0101", "R1", 1_000_000)
        second = freeze(tx, ACCOUNT, "京0105", "R2", 100_000, mode=FreezeMode.AMOUNT)
        third = freeze(tx, ACCOUNT, "浙0106", "R3", 100_000)
        assert tx.freeze(third.id).queue_position == 2
        tx.credit(ACCOUNT, 50_000)
        assert tx.freeze(second.id).status is FreezeStatus.ACTIVE
        assert tx.freeze(third.id).status is FreezeStatus.WAITING


def test_whole_account_freeze_blocks_debits_but_not_credits(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        f = freeze(tx, ACCOUNT, "京0101", "R1", None, mode=FreezeMode.ACCOUNT)
        tx.credit(ACCOUNT, 5_000)
        view = tx.account_view(ACCOUNT)
        assert tx.freeze(f.id).held == 1_005_000
    assert view.whole_account_frozen and view.available == 0
    with pytest.raises(AccountFrozen), ledger.transaction() as tx:
        tx.pay(ACCOUNT, 100, merchant="超市", category="grocery")


def test_amount_freeze_arriving_after_a_whole_account_freeze_waits(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        freeze(tx, ACCOUNT, "京0101", "R1", None, mode=FreezeMode.ACCOUNT)
        later = freeze(tx, ACCOUNT, "京0105", "R2", 1_000)
    assert later.status is FreezeStatus.WAITING


def test_freeze_on_an_empty_account_takes_effect_holding_nothing_then_captures(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        tx.add_subject("王芳", "resident_id", "440524188001010014")
        tx.open_account("6222000000000001", "440524188001010014", 0)
        f = freeze(tx, "6222000000000001", "京0101", "R1", 10_000)
        assert (f.status, f.held, f.unmet) == (FreezeStatus.ACTIVE, 0, 10_000)
        tx.credit("6222000000000001", 4_000)
        assert tx.freeze(f.id).held == 4_000


def test_payment_cannot_touch_held_money(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        freeze(tx, ACCOUNT, "京0101", "R1", 900_000)
        tx.pay(ACCOUNT, 100_000, merchant="超市", category="grocery")
    with pytest.raises(InsufficientAvailable), ledger.transaction() as tx:
        tx.pay(ACCOUNT, 1, merchant="超市", category="grocery")
    with ledger.transaction() as tx:
        assert tx.account_view(ACCOUNT).balance == 900_000


@pytest.mark.parametrize("days", [0, 366, -1])
def test_term_outside_one_to_365_days_is_refused(ledger: Ledger, days: int) -> None:
    with pytest.raises(TermInvalid), ledger.transaction() as tx:
        freeze(tx, ACCOUNT, "京0101", "R1", 1_000, days=days)


@pytest.mark.parametrize("amount", [0, -5, None])
def test_amount_freeze_needs_a_positive_amount(ledger: Ledger, amount: int | None) -> None:
    with pytest.raises(InvalidRequest), ledger.transaction() as tx:
        freeze(tx, ACCOUNT, "京0101", "R1", amount)


def test_same_request_number_cannot_freeze_the_same_account_twice(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        freeze(tx, ACCOUNT, "京0101", "R1", 1_000)
    with pytest.raises(DuplicateEntry), ledger.transaction() as tx:
        freeze(tx, ACCOUNT, "京0101", "R1", 1_000)


def test_unknown_account_is_refused(ledger: Ledger) -> None:
    with pytest.raises(AccountNotFound), ledger.transaction() as tx:
        freeze(tx, ACCOUNT + "9", "京0101", "R1", 1_000)


def test_wechat_2019_profile_refuses_whole_account_freeze(tmp_path: object) -> None:
    from pathlib import Path

    book = Ledger(Path(str(tmp_path)) / "wechat", provider="wechat", profile_name="2019")
    with book.transaction() as tx:
        tx.add_subject("李明", "resident_id", DEBTOR_ID)
        tx.open_account("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", DEBTOR_ID, 1_000)
    with pytest.raises(CapabilityMissing), book.transaction() as tx:
        freeze(tx, "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "京0101", "R1", None, mode=FreezeMode.ACCOUNT)
    book.close()


def test_a_refused_operation_changes_nothing(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        freeze(tx, ACCOUNT, "京0101", "R1", 1_000_000)
    with pytest.raises(InsufficientAvailable), ledger.transaction() as tx:
        tx.credit(ACCOUNT, 10)  # captured? no: the freeze is met, so this is free money...
        tx.pay(ACCOUNT, 11, merchant="超市", category="grocery")  # ...but 11 > 10: the whole transaction rolls back
    with ledger.transaction() as tx:
        assert tx.account_view(ACCOUNT).balance == 1_000_000
        assert len(tx.movements(ACCOUNT)) == 1
