"""Request numbers as idempotency keys, and nonces seen, stored in the ledger's own transaction.

Storing the first answer in the same SQLite transaction as the money it moved is what makes a retry after
a ``kill -9`` safe: either both the movement and its answer are on disk, or neither is.
"""

from __future__ import annotations

import hashlib
import json

from payment_mocks.ledger.base import TxBase
from payment_mocks.ledger.errors import ReplyConflict
from payment_mocks.ledger.model import StoredReply


def fingerprint(*parts: object) -> str:
    """A stable digest of a request's meaningful content (what must match on a retry)."""
    data = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(data.encode()).hexdigest()


class ReplyOps(TxBase):
    """The replay store and the nonce window."""

    def stored_reply(self, scope: str, key: str, print_: str) -> StoredReply | None:
        """The first answer for ``key``; ReplyConflict when the key came before with another body."""
        row = self.conn.execute("SELECT * FROM replies WHERE scope = ? AND key = ?", (scope, key)).fetchone()
        if row is None:
            return None
        if row["fingerprint"] != print_:
            raise ReplyConflict(f"request number {key} was already used with different content", field="request_no")
        return StoredReply(row["fingerprint"], int(row["status"]), bytes(row["body"]), json.loads(row["headers"]))

    def reply(self, scope: str, key: str) -> StoredReply | None:
        """The first answer stored for ``key``, whatever content it came with (an order-status lookup)."""
        row = self.conn.execute("SELECT * FROM replies WHERE scope = ? AND key = ?", (scope, key)).fetchone()
        if row is None:
            return None
        return StoredReply(row["fingerprint"], int(row["status"]), bytes(row["body"]), json.loads(row["headers"]))

    def save_reply(self, scope: str, key: str, print_: str, status: int, body: bytes,
                   headers: dict[str, str] | None = None) -> None:
        self.conn.execute(
            "INSERT INTO replies(scope, key, fingerprint, status, body, headers, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (scope, key, print_, status, body, json.dumps(headers or {}), self.now_us),
        )

    def see_nonce(self, scope: str, nonce: str, window_us: int) -> bool:
        """Record a nonce; False when it was already seen inside the window (a replay)."""
        self.conn.execute("DELETE FROM nonces WHERE seen_at < ?", (self.now_us - window_us,))
        try:
            self.conn.execute("INSERT INTO nonces(scope, nonce, seen_at) VALUES (?, ?, ?)", (scope, nonce, self.now_us))
        except Exception as exc:  # sqlite3.IntegrityError: the primary key says we saw it
            if "UNIQUE" in str(exc):
                return False
            raise
        return True
