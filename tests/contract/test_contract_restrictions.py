"""Consumption restriction orders (限制消费令): published and lifted where the provider takes them online."""

from __future__ import annotations

import pytest

from court_node.adapters.base import AdapterError
from court_node.adapters.errors import RefusalCode
from tests.contract.kit import CASE_NO, IMPOSTOR, Desk, request_no
from tests.contract.targets import Target

pytestmark = pytest.mark.slow


def test_a_restriction_order_is_published_and_lifted_where_supported(target: Target, desk: Desk) -> None:
    target.seed_debtor(desk.subject, [1_000_000])
    case_no = CASE_NO[desk.court.code]
    if not desk.adapter.capabilities().restrictions:
        with pytest.raises(AdapterError) as caught:
            desk.adapter.restrict(request_no("L"), desk.court, case_no, case_no + "限消", desk.subject)
        assert caught.value.code == RefusalCode.CAPABILITY_NOT_SUPPORTED
        return
    reference = desk.adapter.restrict(request_no("L"), desk.court, case_no, case_no + "限消", desk.subject)
    assert reference
    desk.adapter.lift_restriction(request_no("U"), desk.court, reference)


def test_a_restriction_order_for_someone_else_is_refused(target: Target, desk: Desk) -> None:
    if not target.capabilities.restrictions:
        pytest.skip(f"{target.name} takes no restriction orders online")
    target.seed_debtor(desk.subject, [1_000_000])
    case_no = CASE_NO[desk.court.code]
    with pytest.raises(AdapterError) as caught:
        desk.adapter.restrict(request_no("L"), desk.court, case_no, case_no + "限消", IMPOSTOR)
    assert caught.value.code == RefusalCode.IDENTITY_NOT_MATCH


def test_a_restriction_order_blocks_exactly_the_categories_it_names(target: Target, desk: Desk) -> None:
    from tests.contract.targets import MockTarget

    if not isinstance(target, MockTarget) or not target.capabilities.restrictions:
        pytest.skip(f"{target.name} keeps no merchant categories to check")
    [account] = target.seed_debtor(desk.subject, [1_000_000])
    case_no = CASE_NO[desk.court.code]
    desk.adapter.restrict(request_no("L"), desk.court, case_no, case_no + "限消", desk.subject, judge="张法官",
                          categories=["g_train", "golf"])
    assert target.payment_refused(account, "g_train") and target.payment_refused(account, "golf")
    assert not target.payment_refused(account, "air_travel")
