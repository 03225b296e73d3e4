"""Deductions (扣划): bounded by the hold, owner only, ending the freeze when nothing is left."""

from __future__ import annotations

import pytest

from payment_mocks.ledger import FreezeMode, FreezeStatus, Ledger
from payment_mocks.ledger.errors import (
    DeductExceedsHeld,
    DuplicateEntry,
    FreezeEnded,
    FreezeNotActive,
    NotFreezeOwner,
)
from tests.unit.conftest import ACCOUNT
from tests.unit.ledger_helpers import deduct, freeze


def test_partial_deduction_pays_the_court_and_keeps_the_rest_frozen(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        f = freeze(tx, ACCOUNT, "京0101", "R1", 600_000)
        payout = deduct(tx, f, 200_000)
        after = tx.freeze(f.id)
        view = tx.account_view(ACCOUNT)
        payouts = tx.payouts("京0101")
    assert (payout.amount, payout.enforcement_account) == (200_000, "EA-京0101")
    assert (after.status, after.held, after.deducted) == (FreezeStatus.ACTIVE, 400_000, 200_000)
    assert (view.balance, view.available) == (800_000, 400_000)
    assert [p.amount for p in payouts] == [200_000]


def test_full_deduction_ends_the_freeze_and_the_next_one_takes_effect(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        f = freeze(tx, ACCOUNT, "京0101", "R1", 1_000_000)
        waiting = freeze(tx, ACCOUNT, "京0105", "R2", 50_000)
        deduct(tx, f, 1_000_000)
        tx.credit(ACCOUNT, 80_000)
        ended, successor = tx.freeze(f.id), tx.freeze(waiting.id)
    assert ended.status is FreezeStatus.DEDUCTED and ended.held == 0
    assert (successor.status, successor.held) == (FreezeStatus.ACTIVE, 50_000)


def test_a_successor_takes_effect_holding_nothing_when_the_account_is_empty(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        f = freeze(tx, ACCOUNT, "京0101", "R1", 1_000_000)
        waiting = freeze(tx, ACCOUNT, "京0105", "R2", 50_000)
        deduct(tx, f, 1_000_000)
        successor = tx.freeze(waiting.id)
    assert (successor.status, successor.held, successor.unmet) == (FreezeStatus.ACTIVE, 0, 50_000)


def test_deduction_beyond_the_hold_is_refused_and_moves_nothing(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        f = freeze(tx, ACCOUNT, "京0101", "R1", 300_000)
    with pytest.raises(DeductExceedsHeld), ledger.transaction() as tx:
        deduct(tx, f, 300_001)
    with ledger.transaction() as tx:
        assert tx.account_view(ACCOUNT).balance == 1_000_000 and tx.payouts() == []


def test_another_court_cannot_deduct(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        f = freeze(tx, ACCOUNT, "京0101", "R1", 300_000)
    with pytest.raises(NotFreezeOwner), ledger.transaction() as tx:
        tx.deduct(f.id, "京0105", 1, request_no="D", document_no="x", enforcement_account="EA")


def test_a_deduction_request_number_takes_effect_once(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        f = freeze(tx, ACCOUNT, "京0101", "R1", 300_000)
        deduct(tx, f, 100, request_no="D-1")
    with pytest.raises(DuplicateEntry), ledger.transaction() as tx:
        deduct(tx, f, 100, request_no="D-1")


def test_a_released_freeze_cannot_be_deducted_or_released_again(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        f = freeze(tx, ACCOUNT, "京0101", "R1", 300_000)
        tx.release(f.id, "京0101")
    with pytest.raises(FreezeEnded), ledger.transaction() as tx:
        deduct(tx, f, 1)
    with pytest.raises(FreezeEnded), ledger.transaction() as tx:
        tx.release(f.id, "京0101")


def test_a_waiting_freeze_holds_nothing_to_deduct(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        freeze(tx, ACCOUNT, "京0101", "R1", 1_000_000)
        waiting = freeze(tx, ACCOUNT, "京0105", "R2", 1_000)
    with pytest.raises(FreezeNotActive), ledger.transaction() as tx:
        deduct(tx, waiting, 1)


def test_whole_account_freeze_deducts_what_no_earlier_amount_freeze_holds(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        freeze(tx, ACCOUNT, "京0101", "R1", 400_000)
        whole = freeze(tx, ACCOUNT, "京0105", "R2", None, mode=FreezeMode.ACCOUNT)
        assert whole.held == 600_000
        with pytest.raises(DeductExceedsHeld):
            deduct(tx, whole, 600_001)
        deduct(tx, whole, 600_000)
        assert tx.freeze(whole.id).status is FreezeStatus.ACTIVE  # still blocks debits until released
        assert tx.account_view(ACCOUNT).balance == 400_000


def test_non_capturing_freeze_ends_when_its_hold_is_deducted(tmp_path: object) -> None:
    from pathlib import Path

    book = Ledger(Path(str(tmp_path)) / "alipay", provider="alipay")
    with book.transaction() as tx:
        tx.add_subject("李明", "resident_id", "11010519491231002X")
        tx.open_account("2088102146225135", "11010519491231002X", 100_000)
        f = freeze(tx, "2088102146225135", "京0101", "R1", 500_000)
        deduct(tx, f, 100_000)
        assert tx.freeze(f.id).status is FreezeStatus.DEDUCTED
    book.close()


def test_invariants_hold_after_a_busy_day(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        a = freeze(tx, ACCOUNT, "京0101", "R1", 700_000)
        freeze(tx, ACCOUNT, "京0105", "R2", 500_000)
        tx.credit(ACCOUNT, 250_000)
        deduct(tx, a, 700_000)
        tx.pay(ACCOUNT, 10_000, merchant="超市", category="grocery")
        assert tx.check_invariants() == []
