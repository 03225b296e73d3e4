"""Seeded fault injection on dialect requests: latency, errors, timeouts, dropped responses, refused connections.

The configuration and a request counter live in the ledger database's settings, so every worker process sees
the same faults. Request ``n`` (counted from when the faults were set) draws from ``Random(f"{seed}:{n}")``:
the same seed and the same request order give the same faults, whichever worker serves each request.
"""

from __future__ import annotations

import json
import math
import random
import socket
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from payment_mocks.ledger.database import Database

FAULT_KINDS = ("error", "timeout", "drop")
SETTING_KEY = "faults"
COUNTER_KEY = "fault_counter"
CONTROL_PATHS = ("/health", "/openapi.json")
#: the control API, and the back office that must stay usable (and out of the journal) whatever the faults
CONTROL_PREFIXES = ("/_admin", "/_backoffice")


def is_dialect_path(path: str) -> bool:
    """Faults and the journal concern the dialect only: never the control API, back office, health or OpenAPI."""
    return not (any(path == p or path.startswith(p + "/") for p in CONTROL_PREFIXES) or path in CONTROL_PATHS)


class StrictInt(fields.Field[int]):
    """A JSON integer; booleans, floats and strings are refused."""

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError("must be an integer")
        return value


class StrictNumber(fields.Field[float]):
    """A finite JSON number; booleans and strings are refused."""

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise ValidationError("must be a number")
        return float(value)


class FaultSchema(Schema):
    seed = StrictInt(load_default=0, validate=validate.Range(-(2**63), 2**63 - 1))
    latency_ms = StrictInt(load_default=0, validate=validate.Range(0, 600_000))
    latency_jitter_ms = StrictInt(load_default=0, validate=validate.Range(0, 600_000))
    error_rate = StrictNumber(load_default=0.0, validate=validate.Range(0, 1))
    error_kind = fields.String(load_default="error", validate=validate.OneOf(FAULT_KINDS))
    timeout_s = StrictNumber(load_default=10.0, validate=validate.Range(0, 600))
    refuse_for_s = StrictNumber(load_default=0.0, validate=validate.Range(0, 86_400))
    paths = fields.List(
        fields.String(validate=[validate.Length(1, 200), validate.Regexp(r"^/", error="must start with /")]),
        load_default=list, validate=validate.Length(max=50),
    )


@dataclass(frozen=True)
class FaultConfig:
    """What PUT /_admin/faults set; ``refuse_until`` is wall-clock time (seconds since the epoch)."""

    seed: int = 0
    latency_ms: int = 0
    latency_jitter_ms: int = 0
    error_rate: float = 0.0
    error_kind: str = "error"
    timeout_s: float = 10.0
    refuse_for_s: float = 0.0
    paths: tuple[str, ...] = ()
    refuse_until: float = 0.0

    @classmethod
    def from_loaded(cls, values: Mapping[str, Any], wall_now: float) -> FaultConfig:
        """A configuration from FaultSchema's output; the refusal window starts now."""
        refuse_for = float(values.get("refuse_for_s", 0.0))
        return cls(
            seed=int(values.get("seed", 0)), latency_ms=int(values.get("latency_ms", 0)),
            latency_jitter_ms=int(values.get("latency_jitter_ms", 0)),
            error_rate=float(values.get("error_rate", 0.0)), error_kind=str(values.get("error_kind", "error")),
            timeout_s=float(values.get("timeout_s", 10.0)), refuse_for_s=refuse_for,
            paths=tuple(values.get("paths", ())), refuse_until=wall_now + refuse_for if refuse_for else 0.0,
        )

    @property
    def randomised(self) -> bool:
        """Whether requests draw from the seed at all (a refusal window alone does not)."""
        return self.error_rate > 0 or self.latency_ms > 0 or self.latency_jitter_ms > 0

    def covers(self, path: str) -> bool:
        return is_dialect_path(path) and (not self.paths or any(path.startswith(p) for p in self.paths))

    def refusing(self, wall_now: float) -> bool:
        return wall_now < self.refuse_until

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["paths"] = list(self.paths)
        return data


@dataclass(frozen=True)
class FaultDecision:
    """What request number ``n`` meets: extra latency, and possibly one fault kind."""

    n: int
    latency_ms: int
    kind: str | None

    @property
    def eventful(self) -> bool:
        return self.kind is not None or self.latency_ms > 0

    def as_json(self) -> dict[str, Any]:
        return {"n": self.n, "kind": self.kind, "latency_ms": self.latency_ms}


def decide(config: FaultConfig, n: int) -> FaultDecision:
    """The fault for request ``n``: a pure function of the seed and ``n`` (always two draws, in this order)."""
    rng = random.Random(f"{config.seed}:{n}")
    latency = config.latency_ms + rng.randint(0, config.latency_jitter_ms)
    hit = rng.random() < config.error_rate
    return FaultDecision(n, latency, config.error_kind if hit else None)


def load_config(db: Database) -> FaultConfig | None:
    raw = db.get_setting(SETTING_KEY)
    if raw is None:
        return None
    data = json.loads(raw)
    data["paths"] = tuple(data.get("paths", ()))
    return FaultConfig(**data)


def save_config(db: Database, config: FaultConfig) -> None:
    """Store the configuration and restart the request count, so a seed replays from its first request."""
    with db.write() as conn:
        for key, value in ((SETTING_KEY, json.dumps(config.as_json())), (COUNTER_KEY, "0")):
            conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )


def clear(db: Database) -> None:
    with db.write() as conn:
        conn.execute("DELETE FROM settings WHERE key IN (?, ?)", (SETTING_KEY, COUNTER_KEY))


def requests_counted(db: Database) -> int:
    return int(db.get_setting(COUNTER_KEY) or 0)


def take_number(db: Database) -> int:
    """The next request number, atomically across threads and worker processes."""
    with db.write() as conn:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (COUNTER_KEY,)).fetchone()
        n = (int(row["value"]) if row is not None else 0) + 1
        conn.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (COUNTER_KEY, str(n)),
        )
    return n


def close_client(environ: Mapping[str, Any]) -> bool:
    """Shut the client's connection down under the server's feet; the server's own write then fails quietly."""
    sock = environ.get("gunicorn.socket") or environ.get("werkzeug.socket")
    if not isinstance(sock, socket.socket):
        return False
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        return False
    return True
