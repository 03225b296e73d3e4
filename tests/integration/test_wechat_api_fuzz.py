"""No input produces a 500: random bodies and random field values get a v3 answer below 500."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from payment_mocks.wechat.testkit import (
    DEBTOR,
    OPENID,
    WechatHarness,
    create_test_app,
    deduction_body,
    freeze_body,
    payment_body,
)

ENDPOINTS = ["/v3/judicial/account-queries", "/v3/judicial/freezes", "/v3/judicial/deductions",
             "/v3/judicial/restrictions", "/v3/wallet/payments", "/v3/wallet/transfers-in",
             "/v3/judicial/freezes/out-freeze-no/FRZ-000001/renew",
             "/v3/judicial/freezes/out-freeze-no/FRZ-000001/release"]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def wx(tmp_path: Path) -> Iterator[WechatHarness]:
    harness = WechatHarness(create_test_app(tmp_path / "wechat"))
    harness.open_wallet(OPENID, DEBTOR["name"], DEBTOR["id_number"], 100_000)
    yield harness
    harness.provider.ledger.close()


def _assert_v3_answer(wx: WechatHarness, path: str, body: Any) -> None:
    response = wx.post(path, body if isinstance(body, dict) else str(body).encode())
    assert response.status_code < 500, response.get_data()
    if response.status_code >= 400:
        answer = response.get_json()
        assert answer["code"] and answer["message"]


@FUZZ
@given(path=st.sampled_from(ENDPOINTS), body=st.dictionaries(st.text(max_size=20), JSON_VALUES, max_size=6))
def test_random_bodies_never_fail_the_server(wx: WechatHarness, path: str, body: dict[str, Any]) -> None:
    _assert_v3_answer(wx, path, body)


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [p for key, value in node.items() for p in _leaves(value, (*path, key))]
    return [path]


def _replace(node: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    target = node
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return node


@FUZZ
@given(data=st.data(), value=JSON_VALUES)
def test_one_bad_field_never_fails_the_server(wx: WechatHarness, data: st.DataObject, value: Any) -> None:
    path, body = data.draw(st.sampled_from([
        ("/v3/judicial/freezes", freeze_body(wx.date_in(30))),
        ("/v3/judicial/deductions", deduction_body(1_000)),
        ("/v3/wallet/payments", payment_body(1_000)),
    ]))
    leaf = data.draw(st.sampled_from(_leaves(body)))
    _assert_v3_answer(wx, path, _replace(body, leaf, value))
