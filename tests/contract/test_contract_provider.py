"""Every adapter: health, declared capabilities, and no trust in an answer that was tampered with."""

from __future__ import annotations

import pytest

from court_node.adapters.base import AdapterError, ProviderAdapter
from court_node.adapters.types import Capabilities, QueryRequest
from tests.contract.kit import CASE_NO, COURT_A, DEBTOR, request_no
from tests.contract.proxy import TamperingProxy
from tests.contract.targets import Target

pytestmark = pytest.mark.slow


def test_health_says_the_provider_is_reachable(adapter: ProviderAdapter) -> None:
    health = adapter.health()
    assert health.reachable, health.detail


def test_capabilities_are_declared_as_the_provider_offers_them(target: Target, adapter: ProviderAdapter) -> None:
    declared = adapter.capabilities()
    assert isinstance(declared, Capabilities)
    assert declared == target.capabilities


def test_the_adapter_declares_its_name_and_dialect(target: Target, adapter: ProviderAdapter) -> None:
    assert (type(adapter).adapter_name, adapter.name) == (target.adapter_name, target.name)
    assert type(adapter).dialect


def test_a_tampered_answer_is_refused(target: Target) -> None:
    if target.url is None:
        pytest.skip(f"{target.name} has no wire to tamper with")
    target.seed_debtor(DEBTOR, [1_000_000])
    with TamperingProxy(target.url) as proxy:
        adapter = target.adapter(base_url=proxy.url)
        case_no = CASE_NO[COURT_A.code]
        asked = QueryRequest(request_no("Q"), COURT_A, "王法官", case_no, case_no + "之一", DEBTOR)
        with pytest.raises(AdapterError) as caught:
            adapter.query(asked)
    assert caught.value.code == "PROVIDER_SIGNATURE_INVALID"
