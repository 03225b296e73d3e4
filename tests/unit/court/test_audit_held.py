"""Audit records held and written together: chained exactly as single appends, an undone block leaving no trace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from court_node.audit.chain import verify
from court_node.store.tables import audit_events
from tests.unit.court.svc_world import World, fake_provider, make_world


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = make_world(tmp_path, [fake_provider("bank")])
    yield w
    w.close()


def _count(world: World) -> int:
    with world.ctx.store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(audit_events)).scalar_one())


def test_held_appends_are_written_at_the_end_and_the_chain_verifies(world: World) -> None:
    before = _count(world)
    with world.ctx.store.write() as conn:
        world.ctx.audit.append(conn, action="test.single", user=None, court_code="京0101")
        with world.ctx.audit.held(conn):
            events = [world.ctx.audit.append(conn, action=f"test.held{i}", user=None, court_code="京0101")
                      for i in range(3)]
            assert conn.execute(select(func.count()).select_from(audit_events)).scalar_one() == before + 1
        world.ctx.audit.append(conn, action="test.after", user=None, court_code="京0101")
    assert [e.id for e in events] == [before + 2, before + 3, before + 4]
    assert events[1].prev_hash == events[0].hash
    assert _count(world) == before + 5
    with world.ctx.store.read() as conn:
        assert verify(conn) is None


def test_an_undone_block_drops_only_its_own_held_records(world: World) -> None:
    before = _count(world)
    with world.ctx.store.write() as conn, world.ctx.audit.held(conn) as trail:
        world.ctx.audit.append(conn, action="test.kept", user=None, court_code="京0101")
        mark = trail.mark()
        world.ctx.audit.append(conn, action="test.undone", user=None, court_code="京0101")
        trail.undo(mark)
        world.ctx.audit.append(conn, action="test.kept_too", user=None, court_code="京0101")
    with world.ctx.store.read() as conn:
        actions = [r.action for r in conn.execute(select(audit_events.c.action).where(audit_events.c.id > before))]
        assert verify(conn) is None
    assert actions == ["test.kept", "test.kept_too"]


def test_an_error_in_a_held_block_writes_nothing(world: World) -> None:
    before = _count(world)
    with pytest.raises(RuntimeError), world.ctx.store.write() as conn, world.ctx.audit.held(conn):
        world.ctx.audit.append(conn, action="test.lost", user=None, court_code="京0101")
        raise RuntimeError("rolled back")
    assert _count(world) == before
    with world.ctx.store.write() as conn:
        world.ctx.audit.append(conn, action="test.next", user=None, court_code="京0101")
    with world.ctx.store.read() as conn:
        assert verify(conn) is None
