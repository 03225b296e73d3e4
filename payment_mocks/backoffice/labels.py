"""Words on the pages: English labels with the Chinese term beside the key ones, and Beijing times."""

from __future__ import annotations

from datetime import datetime

from payment_mocks.clock import to_us
from payment_mocks.terms import format_beijing

PROVIDERS = {"bank": "Bank 银行", "alipay": "Alipay-like 支付宝", "wechat": "WeChat-like 微信支付"}
DIALECTS = {
    "bank": "bank gateway (asynchronous, HMAC)",
    "alipay": "Alipay gateway /gateway.do (RSA2)",
    "wechat": "WeChat Pay API v3 (RSA)",
}
STATUSES = {
    "active": "Frozen 冻结",
    "waiting": "Waiting 轮候",
    "expired": "Expired 到期",
    "released": "Released 解冻",
    "deducted": "Deducted 扣划",
}
MODES = {"amount": "Amount 冻结款项", "account": "Whole account 冻结账户"}
ID_TYPES = {"resident_id": "Resident ID 居民身份证", "uscc": "USCC 统一社会信用代码"}
MOVEMENTS = {
    "seed": "Opening balance 期初",
    "credit": "Credit 入账",
    "payment": "Payment 支付",
    "deduction": "Deduct 扣划",
}
MONEY_IN = frozenset({"seed", "credit"})
FAULT_KINDS = {
    "error": "error: the dialect's own server failure",
    "timeout": "timeout: no answer for timeout_s, then handled",
    "drop": "drop: handled and committed, then the connection closes",
}


def label(table: dict[str, str], key: object) -> str:
    """The label of ``key``, or the key itself when there is none."""
    text = "" if key is None else str(key)
    return table.get(text, text)


def beijing(instant: object) -> str:
    """An ISO 8601 instant from the control API's views as ``yyyy-MM-dd HH:mm:ss`` Beijing time; '' for none."""
    if not isinstance(instant, str) or not instant:
        return ""
    return format_beijing(to_us(datetime.fromisoformat(instant.replace("Z", "+00:00"))))


def beijing_us(us: int) -> str:
    """An instant in microseconds as ``yyyy-MM-dd HH:mm:ss`` Beijing time."""
    return format_beijing(us)
