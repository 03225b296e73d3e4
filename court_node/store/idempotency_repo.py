"""Stored answers behind ``Idempotency-Key``, per user: claim a key, then finish it with the answer or release it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from court_node.store.tables import idempotency_keys

#: a claim older than this (real time) was abandoned by a process that died mid-request
LEASE_US = 60 * 1_000_000


class KeyReused(Exception):
    """The key came before with another request (method, path or body)."""


class KeyInFlight(Exception):
    """The first request under this key is still being answered."""


@dataclass(frozen=True)
class StoredAnswer:
    status: int
    body: bytes


def claim(conn: Connection, *, user_id: int, key: str, fingerprint: str, now_us: int,
          real_now_us: int) -> StoredAnswer | None:
    """None when this request now owns the key; the stored answer when it was answered before."""
    where = (idempotency_keys.c.user_id == user_id, idempotency_keys.c.key == key)
    row = conn.execute(select(idempotency_keys).where(*where)).first()
    if row is None:
        conn.execute(idempotency_keys.insert().values(user_id=user_id, key=key, fingerprint=fingerprint,
                                                      state="in_flight", created_at=now_us, locked_at=real_now_us))
        return None
    if row.fingerprint != fingerprint:
        raise KeyReused
    if row.state == "done":
        return StoredAnswer(int(row.status), bytes(row.body))
    if real_now_us - row.locked_at < LEASE_US:
        raise KeyInFlight
    conn.execute(idempotency_keys.update().where(*where).values(locked_at=real_now_us))
    return None


def finish(conn: Connection, *, user_id: int, key: str, status: int, body: bytes) -> None:
    conn.execute(idempotency_keys.update()
                 .where(idempotency_keys.c.user_id == user_id, idempotency_keys.c.key == key)
                 .values(state="done", status=status, body=body))


def release(conn: Connection, *, user_id: int, key: str) -> None:
    """Forget an unfinished claim, so that the client may retry under the same key."""
    conn.execute(idempotency_keys.delete().where(idempotency_keys.c.user_id == user_id,
                                                 idempotency_keys.c.key == key,
                                                 idempotency_keys.c.state == "in_flight"))
