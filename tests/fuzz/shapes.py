"""What a refusal must look like in each app's own dialect, and what a refused request must leave unchanged."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from court_node.context import NodeContext
from court_node.store.tables import metadata


def json_of(body: bytes) -> Any:
    """The answer's JSON; a failed assertion (not an exception) when it is not JSON."""
    try:
        return json.loads(body)
    except ValueError:
        raise AssertionError(f"the answer is not JSON: {body[:200]!r}") from None


def assert_node_refusal(body: bytes) -> None:
    """The court node's shape: ``{"error": {"code", "message", "details"}}``."""
    error = json_of(body).get("error")
    assert isinstance(error, dict), body[:300]
    assert isinstance(error.get("code"), str) and error["code"], body[:300]
    assert isinstance(error.get("message"), str) and error["message"], body[:300]
    assert isinstance(error.get("details"), dict), body[:300]


def assert_wechat_refusal(body: bytes) -> None:
    """WeChat Pay v3's shape: ``{"code", "message"}`` and optionally ``detail``."""
    answer = json_of(body)
    assert isinstance(answer, dict), body[:300]
    assert isinstance(answer.get("code"), str) and answer["code"], body[:300]
    assert isinstance(answer.get("message"), str) and answer["message"], body[:300]
    assert "detail" not in answer or isinstance(answer["detail"], dict), body[:300]


def assert_bank_refusal(body: bytes) -> None:
    """The bank's shape: ``{"error": {"code", "message"}}`` (``field`` when one field is at fault)."""
    error = json_of(body).get("error")
    assert isinstance(error, dict), body[:300]
    assert isinstance(error.get("code"), str) and error["code"], body[:300]
    assert isinstance(error.get("message"), str) and error["message"], body[:300]


#: the node stores its first answer under an Idempotency-Key, refusals included (docs/court-node-api.md)
_ANSWER_RECORDS = {"idempotency_keys"}


def node_rows(ctx: NodeContext) -> dict[str, int]:
    """How many rows each table of the node's store holds, besides the stored answers."""
    with ctx.store.read() as conn:
        return {name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
                for name, table in metadata.tables.items() if name not in _ANSWER_RECORDS}


def http_refusal(assert_shape: Callable[[bytes], None]) -> Callable[[int, bytes], bool]:
    """A dialect that refuses with an HTTP 4xx in ``assert_shape``'s shape."""

    def refusal(status: int, body: bytes) -> bool:
        if status < 400:
            return False
        assert status < 500, body[:300]
        assert_shape(body)
        return True

    return refusal


#: Alipay's success code; everything else in a node is a refusal (40001, 40002, 40004...)
ALIPAY_SUCCESS = "10000"


def alipay_refusal(status: int, body: bytes) -> bool:
    """Alipay's envelope: one ``<method>_response`` or ``error_response`` node with code and msg (sub_code and
    sub_msg on a refusal); HTTP 200 on the gateway, the runtime's status elsewhere."""
    answer = json_of(body)
    assert isinstance(answer, dict), body[:300]
    nodes = [value for key, value in answer.items() if key.endswith("_response")]
    assert len(nodes) == 1 and isinstance(nodes[0], dict), body[:300]
    node = nodes[0]
    assert isinstance(node.get("code"), str) and isinstance(node.get("msg"), str), body[:300]
    if node["code"] == ALIPAY_SUCCESS:
        assert status == 200, body[:300]
        return False
    assert status < 500, body[:300]
    assert isinstance(node.get("sub_code"), str) and node["sub_code"], body[:300]
    assert isinstance(node.get("sub_msg"), str) and node["sub_msg"], body[:300]
    return True
