"""Words the console shows: English first, the Chinese term beside the key ones (冻结, 续冻, 解冻, 扣划, 轮候)."""

from __future__ import annotations

PROVIDERS = {"bank": "Bank 银行", "alipay": "Alipay 支付宝", "wechat": "WeChat Pay 微信支付"}

STATUSES = {
    "filed": "Filed 已立案", "notice_served": "Notice served 已送达", "satisfied": "Satisfied 执行完毕",
    "closed": "Closed 结案", "pending": "Pending 待答复", "active": "Frozen 冻结中", "waiting": "Waiting 轮候",
    "expired": "Expired 已到期", "released": "Released 已解冻", "deducted": "Deducted 已扣划",
    "failed": "Failed 失败", "completed": "Completed 完成", "unknown": "Unknown 待核实", "lifting": "Lifting 解除中",
    "lifted": "Lifted 已解除",
}

MODES = {"amount": "Amount 按金额", "account": "Whole account 整户 (只收不付)"}

ACTIONS = {
    "case.filed": "Case filed 立案", "notice.served": "Notice served 送达执行通知书",
    "inspection.requested": "Inspect 查询 requested", "inspection.result": "Inspect 查询 answer",
    "freeze.requested": "Freeze 冻结 requested", "freeze.placed": "Freeze 冻结 placed",
    "freeze.failed": "Freeze 冻结 failed", "freeze.pending": "Freeze 冻结 accepted, answer owed",
    "freeze.unknown": "Freeze 冻结 unanswered", "freeze.waiting": "Freeze waits in line 轮候",
    "freeze.took_effect": "Waiting freeze took effect 轮候生效", "freeze.held_changed": "Freeze holds more",
    "freeze.expired": "Freeze expired 到期", "freeze.deducted_in_full": "Freeze deducted in full",
    "freeze.renewal_requested": "Renew 续冻 requested", "freeze.renewed": "Renew 续冻 done",
    "freeze.renewal_failed": "Renew 续冻 failed", "freeze.release_requested": "Release 解冻 requested",
    "freeze.released": "Release 解冻 done", "freeze.release_failed": "Release 解冻 failed",
    "deduction.requested": "Deduct 扣划 requested", "deduction.completed": "Deduct 扣划 done",
    "deduction.failed": "Deduct 扣划 failed", "deduction.unknown": "Deduct 扣划 unanswered",
    "deduction.pending": "Deduct 扣划 accepted, answer owed", "case.satisfied": "Case satisfied 执行完毕",
    "payment.recorded": "Debtor paid the court", "debtor.listed": "Listed as dishonest 失信",
    "restriction.published": "Restriction 限制消费 in force", "restriction.lifted": "Restriction 限制消费 lifted",
    "debtor.delisted": "Taken off the dishonest list",
}

CATEGORIES = {
    "air_travel": "Air travel 乘坐飞机", "soft_sleeper": "Soft sleeper 软卧", "g_train": "G trains 高铁",
    "bullet_train_first_class": "Bullet train first class 动车一等座", "star_hotel": "Star hotels 星级宾馆",
    "nightclub": "Nightclubs 夜总会", "golf": "Golf 高尔夫", "real_estate": "Real estate 购买不动产",
    "car": "Cars 购买车辆", "travel": "Travel 旅游度假", "private_school": "Private schools 高收费私立学校",
    "high_premium_insurance": "High-premium insurance 高额保险", "wealth_product": "Wealth products 理财产品",
}

#: form fields as the console names them in error messages
FIELDS = {
    "document_no": "Document number", "notice_no": "Assistance notice number", "amount": "Amount",
    "freeze_id": "Freeze", "days": "Days", "end_date": "End date", "term_days": "Term (days)", "mode": "Mode",
    "categories": "Categories", "transactions.from": "From", "transactions.to": "To", "transactions": "Period",
    "case_number": "Case number", "principal": "Principal", "costs": "Costs", "judgment_date": "Judgment date",
    "creditor.name": "Creditor's name", "creditor.id_type": "Creditor's ID type",
    "creditor.id_number": "Creditor's ID number", "debtor.name": "Debtor's name",
    "debtor.id_type": "Debtor's ID type", "debtor.id_number": "Debtor's ID number", "providers": "Providers",
}


def label(table: dict[str, str], key: str) -> str:
    """The console's words for ``key``, or the key itself."""
    return table.get(key, key)
