"""alipay.judicial.account.query for someone the platform does not know, and the courts behind each measure."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.alipay_support import DEBTOR, Gateway, court, freeze

QUERY = "alipay.judicial.account.query"
STRANGER = {"name": "王五", "cert_type": "IDENTITY_CARD", "cert_no": "110101199003077774"}


@pytest.fixture
def gw(tmp_path: Path) -> Iterator[Gateway]:
    gateway = Gateway(tmp_path)
    yield gateway
    gateway.close()


def test_someone_the_platform_never_saw_has_no_accounts(gw: Gateway) -> None:
    node = gw.ok(QUERY, court("Q1", subject=STRANGER))
    assert (node["accounts"], node["restrictions"]) == ([], [])


def test_a_known_number_under_another_name_is_still_refused(gw: Gateway) -> None:
    node = gw.node(QUERY, court("Q1", subject={**DEBTOR.subject(), "name": "张四"}))
    assert (node["code"], node["sub_code"]) == ("40004", "JUDICIAL.IDENTITY_NOT_MATCH")


def test_every_measure_names_its_court_by_code(gw: Gateway) -> None:
    freeze(gw, "F1", "1000.00")
    freeze(gw, "F2", "200.00", court_code="京0105")
    measures = gw.ok(QUERY, court("Q1", subject=DEBTOR.subject()))["accounts"][0]["judicial_measures"]
    assert [(m["court_code"], "freeze_no" in m) for m in measures] == [("京0101", True), ("京0105", False)]
