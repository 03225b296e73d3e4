"""Freeze planning: no over-freezing, living allowance, provider order, waiting and capturing freezes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from court_node.domain.planning import FoundAccount, PlanMode, plan_freezes

BANK = FoundAccount("bank", "6222021234567890123", 860_000, 860_000, captures_credits=True)
ALIPAY = FoundAccount("alipay", "2088102146225135", 325_050, 325_050, captures_credits=False)
WECHAT = FoundAccount("wechat", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", 128_000, 128_000, captures_credits=True)


def test_plan_never_exceeds_the_amount_due() -> None:
    plan = plan_freezes(500_000, [BANK, ALIPAY, WECHAT], provider_order=["bank", "alipay", "wechat"])
    assert plan.total == 500_000
    assert [(i.provider, i.amount) for i in plan.items] == [("bank", 500_000)]


def test_plan_follows_the_provider_order() -> None:
    plan = plan_freezes(500_000, [BANK, ALIPAY, WECHAT], provider_order=["alipay", "wechat", "bank"])
    assert [(i.provider, i.amount) for i in plan.items] == [("alipay", 325_050), ("wechat", 128_000),
                                                            ("bank", 46_950)]


def test_plan_leaves_the_living_allowance_unfrozen() -> None:
    plan = plan_freezes(10_000_000, [BANK, ALIPAY, WECHAT], allowance=150_000, provider_order=["bank", "alipay"])
    frozen_now = sum(i.expected_hold for i in plan.items)
    assert frozen_now == 860_000 + 325_050 + 128_000 - 150_000
    assert plan.allowance_left == 150_000


def test_shortfall_goes_to_an_amount_freeze_that_captures_credits() -> None:
    plan = plan_freezes(2_000_000, [BANK, ALIPAY], provider_order=["bank", "alipay"])
    bank = next(i for i in plan.items if i.provider == "bank")
    assert bank.amount == 2_000_000 - 325_050 and bank.expected_hold == 860_000
    assert plan.total == 2_000_000 and plan.shortfall == 0


def test_without_a_capturing_provider_the_shortfall_is_reported() -> None:
    plan = plan_freezes(2_000_000, [ALIPAY])
    assert plan.total == 325_050 and plan.shortfall == 2_000_000 - 325_050


def test_money_held_by_another_court_gets_a_waiting_freeze() -> None:
    held = FoundAccount("alipay", "2088102146225135", 325_050, 0, captures_credits=False)
    plan = plan_freezes(100_000, [held])
    assert [(i.amount, i.expected_hold) for i in plan.items] == [(100_000, 0)]


def test_whole_account_mode_only_where_the_account_fits_inside_the_amount_due() -> None:
    plan = plan_freezes(900_000, [BANK, WECHAT], mode=PlanMode.ACCOUNT, provider_order=["wechat", "bank"])
    assert [(i.provider, i.mode) for i in plan.items] == [("wechat", PlanMode.ACCOUNT), ("bank", PlanMode.AMOUNT)]


def test_nothing_to_plan_when_nothing_is_due() -> None:
    assert plan_freezes(0, [BANK]).items == []


accounts = st.lists(
    st.builds(lambda p, n, bal, frac, cap: FoundAccount(p, f"A{n}", bal, bal * frac // 100, cap),
              st.sampled_from(["bank", "alipay", "wechat"]), st.integers(0, 999), st.integers(0, 5_000_000),
              st.integers(0, 100), st.booleans()),
    max_size=6, unique_by=lambda a: (a.provider, a.account_no),
)


@given(target=st.integers(0, 20_000_000), found=accounts, allowance=st.integers(0, 500_000),
       mode=st.sampled_from(list(PlanMode)))
def test_any_plan_stays_within_the_amount_due_and_the_allowance(
    target: int, found: list[FoundAccount], allowance: int, mode: PlanMode
) -> None:
    plan = plan_freezes(target, found, allowance=allowance, mode=mode)
    assert plan.total <= target
    free = sum(a.available for a in found)
    assert sum(i.expected_hold for i in plan.items) <= max(0, free - min(allowance, free))
    assert plan.total + plan.shortfall == target or plan.shortfall == 0
    for item in plan.items:
        assert item.amount > 0
