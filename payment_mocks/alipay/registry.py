"""What a gateway method is: its biz_content schema, its handler, its idempotency key and its sub_code family."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema

from payment_mocks.alipay.errors import Channel
from payment_mocks.ledger import LedgerTx


@dataclass(frozen=True)
class Call:
    """Who called which method (after the signature was verified)."""

    app_id: str
    method: str


#: (transaction, call, typed order) -> the success node's business fields
Handler = Callable[[LedgerTx, Call, Any], dict[str, Any]]


@dataclass(frozen=True)
class MethodSpec:
    name: str
    summary: str
    schema: type[Schema]
    handler: Handler
    channel: Channel
    #: the replay store's family (``judicial``, ``trade``, ``transfer``); None: read-only, nothing stored
    family: str | None
    #: the order's idempotency key (out_request_no, out_trade_no, out_biz_no)
    key: Callable[[Any], str] | None = None


def reply_scope(app_id: str, family: str) -> str:
    """Idempotency keys are scoped by app: two apps may use the same out_request_no."""
    return f"alipay:{app_id}:{family}"
