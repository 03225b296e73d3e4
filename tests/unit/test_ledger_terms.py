"""Terms in time: expiry at its own instant, renewal before expiry only, succession after a lapse."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time

from payment_mocks.ledger import FreezeStatus, Ledger
from payment_mocks.ledger.base import DAY_US
from payment_mocks.ledger.errors import FreezeExpired, FreezeNotActive, NotFreezeOwner, TermInvalid
from tests.unit.conftest import ACCOUNT
from tests.unit.ledger_helpers import freeze


def test_freeze_lapses_by_itself_when_its_term_ends(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        f = freeze(tx, ACCOUNT, "京0101", "R1", 500_000, days=30)
    ledger.clock.advance(timedelta(days=30) - timedelta(seconds=1))
    with ledger.transaction() as tx:
        assert tx.freeze(f.id).status is FreezeStatus.ACTIVE
    ledger.clock.advance(timedelta(seconds=1))
    with ledger.transaction() as tx:
        lapsed = tx.freeze(f.id)
        assert tx.account_view(ACCOUNT).available == 1_000_000
    assert lapsed.status is FreezeStatus.EXPIRED and lapsed.ended_at == f.expires_at


def test_a_year_jump_lapses_each_freeze_at_its_own_instant_and_successors_start_then(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        first = freeze(tx, ACCOUNT, "京0101", "R1", 1_000_000, days=10)
        second = freeze(tx, ACCOUNT, "京0105", "R2", 1_000_000, days=20)
        third = freeze(tx, ACCOUNT, "浙0106", "R3", 1_000_000, days=5)
    start = ledger.clock.now_us()
    ledger.clock.advance(timedelta(days=365))
    with ledger.transaction() as tx:
        a, b, c = tx.freeze(first.id), tx.freeze(second.id), tx.freeze(third.id)
    assert a.ended_at == start + 10 * DAY_US
    assert b.activated_at == start + 10 * DAY_US and b.ended_at == start + 30 * DAY_US
    assert c.activated_at == start + 30 * DAY_US and c.ended_at == start + 35 * DAY_US
    assert {a.status, b.status, c.status} == {FreezeStatus.EXPIRED}


def test_renewal_before_expiry_extends_from_the_current_expiry(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        f = freeze(tx, ACCOUNT, "京0101", "R1", 500_000, days=365)
    ledger.clock.advance(timedelta(days=300))
    with ledger.transaction() as tx:
        renewed = tx.renew(f.id, "京0101", 365)
    assert f.expires_at is not None
    assert renewed.expires_at == f.expires_at + 365 * DAY_US and renewed.renewals == 1
    ledger.clock.advance(timedelta(days=400))
    with ledger.transaction() as tx:
        assert tx.freeze(f.id).status is FreezeStatus.ACTIVE


@pytest.mark.parametrize("days", [0, 366])
def test_renewal_beyond_365_days_past_expiry_is_refused(ledger: Ledger, days: int) -> None:
    with ledger.transaction() as tx:
        f = freeze(tx, ACCOUNT, "京0101", "R1", 500_000)
    with pytest.raises(TermInvalid), ledger.transaction() as tx:
        tx.renew(f.id, "京0101", days)


def test_renewal_after_expiry_is_refused(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        f = freeze(tx, ACCOUNT, "京0101", "R1", 500_000, days=30)
    ledger.clock.advance(timedelta(days=31))
    with pytest.raises(FreezeExpired), ledger.transaction() as tx:
        tx.renew(f.id, "京0101", 30)


def test_only_the_placing_court_may_renew_or_release(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        f = freeze(tx, ACCOUNT, "京0101", "R1", 500_000)
    with pytest.raises(NotFreezeOwner), ledger.transaction() as tx:
        tx.renew(f.id, "京0105", 30)
    with pytest.raises(NotFreezeOwner), ledger.transaction() as tx:
        tx.release(f.id, "京0105")


def test_a_waiting_freeze_has_no_term_to_renew(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        freeze(tx, ACCOUNT, "京0101", "R1", 1_000_000)
        waiting = freeze(tx, ACCOUNT, "京0105", "R2", 1_000)
    with pytest.raises(FreezeNotActive), ledger.transaction() as tx:
        tx.renew(waiting.id, "京0105", 30)


def test_waiting_freeze_does_not_age_while_it_waits(ledger: Ledger) -> None:
    with ledger.transaction() as tx:
        first = freeze(tx, ACCOUNT, "京0101", "R1", 1_000_000, days=365)
        waiting = freeze(tx, ACCOUNT, "京0105", "R2", 1_000, days=30)
    ledger.clock.advance(timedelta(days=100))
    with ledger.transaction() as tx:
        tx.release(first.id, "京0101")
        now = tx.now_us
        taken = tx.freeze(waiting.id)
    assert taken.activated_at == now and taken.expires_at == now + 30 * DAY_US


def test_freezegun_moves_the_ledger_clock_in_process(tmp_path: object) -> None:
    from pathlib import Path

    with freeze_time("2026-03-01 00:00:00") as frozen:
        book = Ledger(Path(str(tmp_path)) / "bank", provider="bank")
        with book.transaction() as tx:
            tx.add_subject("李明", "resident_id", "11010519491231002X")
            tx.open_account(ACCOUNT, "11010519491231002X", 1_000)
            f = freeze(tx, ACCOUNT, "京0101", "R1", 1_000, days=1)
        assert f.activated_at is not None
        assert datetime.fromtimestamp(f.activated_at / 1e6, UTC) == datetime(2026, 3, 1, tzinfo=UTC)
        frozen.tick(timedelta(days=1))
        with book.transaction() as tx:
            assert tx.freeze(f.id).status is FreezeStatus.EXPIRED
        book.close()
