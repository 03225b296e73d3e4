"""The registry of callers a provider accepts: a bank node id with its shared secret, an Alipay ``app_id``
or a WeChat ``mchid`` with the public key (and key serial) it signs with."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum

from payment_mocks.ledger.database import Database
from payment_mocks.signing import load_public_pem

CALLERS_SCHEMA = """
CREATE TABLE IF NOT EXISTS callers (
    kind TEXT NOT NULL,
    caller_id TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    secret TEXT NOT NULL DEFAULT '',
    public_key_pem TEXT NOT NULL DEFAULT '',
    serial TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kind, caller_id)
);
"""


class CallerKind(StrEnum):
    BANK_NODE = "bank_node"  # HMAC shared secret
    ALIPAY_APP = "alipay_app"  # RSA2 public key
    WECHAT_MCH = "wechat_mch"  # RSA public key + certificate serial


@dataclass(frozen=True)
class Caller:
    kind: CallerKind
    caller_id: str
    name: str = ""
    secret: str = ""
    public_key_pem: str = ""
    serial: str = ""

    def public_view(self) -> dict[str, str]:
        """What the control API lists: never the shared secret."""
        data = {k: str(v) for k, v in asdict(self).items() if k != "secret"}
        data["has_secret"] = "yes" if self.secret else "no"
        return data


class CallerRegistry:
    """Callers persist with the ledger's database, but a ledger reset keeps them."""

    def __init__(self, db: Database) -> None:
        self.db = db
        db.run_script(CALLERS_SCHEMA)

    def register(self, caller: Caller) -> Caller:
        kind = CallerKind(caller.kind)
        if not caller.caller_id or len(caller.caller_id) > 64:
            raise ValueError("caller_id must be 1 to 64 characters")
        if kind is CallerKind.BANK_NODE and len(caller.secret) < 16:
            raise ValueError("a bank node needs a shared secret of at least 16 characters")
        if kind is not CallerKind.BANK_NODE:
            load_public_pem(caller.public_key_pem)  # refuse a key that does not parse now, not at first call
        if kind is CallerKind.WECHAT_MCH and not caller.serial:
            raise ValueError("a WeChat merchant needs the serial number of its key")
        with self.db.write() as conn:
            conn.execute(
                "INSERT INTO callers(kind, caller_id, name, secret, public_key_pem, serial) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(kind, caller_id) DO UPDATE SET name = excluded.name, secret = excluded.secret,"
                " public_key_pem = excluded.public_key_pem, serial = excluded.serial",
                (kind.value, caller.caller_id, caller.name, caller.secret, caller.public_key_pem, caller.serial),
            )
        return caller

    def get(self, kind: CallerKind, caller_id: str) -> Caller | None:
        row = self.db.connection().execute(
            "SELECT * FROM callers WHERE kind = ? AND caller_id = ?", (kind.value, caller_id)
        ).fetchone()
        if row is None:
            return None
        return Caller(CallerKind(row["kind"]), row["caller_id"], row["name"], row["secret"], row["public_key_pem"],
                      row["serial"])

    def all(self) -> list[Caller]:
        rows = self.db.connection().execute("SELECT * FROM callers ORDER BY kind, caller_id").fetchall()
        return [Caller(CallerKind(r["kind"]), r["caller_id"], r["name"], r["secret"], r["public_key_pem"], r["serial"])
                for r in rows]

    def remove(self, kind: CallerKind, caller_id: str) -> bool:
        with self.db.write() as conn:
            cur = conn.execute("DELETE FROM callers WHERE kind = ? AND caller_id = ?", (kind.value, caller_id))
        return cur.rowcount == 1
