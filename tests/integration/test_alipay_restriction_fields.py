"""Restriction orders need only what the issuing court is sure to have: no judge, and no document to lift one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.alipay_support import DEBTOR, Gateway, court

CREATE = "alipay.judicial.restriction.create"
CANCEL = "alipay.judicial.restriction.cancel"


@pytest.fixture
def gw(tmp_path: Path) -> Iterator[Gateway]:
    gateway = Gateway(tmp_path)
    yield gateway
    gateway.close()


def bare(request_no: str, **extra: str) -> dict[str, str]:
    return {"out_request_no": request_no, "court_code": "京0101", "court_name": "北京市东城区人民法院", **extra}


def test_restriction_create_without_a_judge_is_accepted(gw: Gateway) -> None:
    biz = court("X1", subject=DEBTOR.subject())
    del biz["judge_name"]
    assert gw.ok(CREATE, biz)["status"] == "EFFECTIVE"


def test_restriction_create_still_needs_its_document(gw: Gateway) -> None:
    biz = court("X1", subject=DEBTOR.subject())
    del biz["document_no"]
    node = gw.node(CREATE, biz)
    assert (node["code"], node["sub_code"]) == ("40001", "isv.missing-document-no")


def test_restriction_cancel_needs_only_the_court_and_the_number(gw: Gateway) -> None:
    created = gw.ok(CREATE, court("X1", subject=DEBTOR.subject()))
    cancelled = gw.ok(CANCEL, bare("X2", restriction_no=created["restriction_no"]))
    assert cancelled["status"] == "CANCELLED"


def test_restriction_cancel_checks_an_optional_case_number(gw: Gateway) -> None:
    created = gw.ok(CREATE, court("X1", subject=DEBTOR.subject()))
    node = gw.node(CANCEL, bare("X2", restriction_no=created["restriction_no"], case_no="not a case"))
    assert (node["code"], node["sub_code"]) == ("40002", "isv.invalid-parameter")
    assert node["sub_msg"].startswith("case_no:")


def test_restriction_cancel_twice_answers_cancelled_again(gw: Gateway) -> None:
    created = gw.ok(CREATE, court("X1", subject=DEBTOR.subject()))
    first = gw.ok(CANCEL, bare("X2", restriction_no=created["restriction_no"]))
    second = gw.ok(CANCEL, bare("X3", restriction_no=created["restriction_no"]))
    assert (second["status"], second["gmt_cancel"]) == ("CANCELLED", first["gmt_cancel"])
