"""Every method the gateway answers, by its ``method`` parameter."""

from __future__ import annotations

from payment_mocks.alipay.methods_judicial import JUDICIAL_METHODS
from payment_mocks.alipay.methods_trade import TRADE_METHODS
from payment_mocks.alipay.registry import MethodSpec

METHODS: dict[str, MethodSpec] = {**JUDICIAL_METHODS, **TRADE_METHODS}
