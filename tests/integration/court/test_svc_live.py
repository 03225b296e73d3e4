"""The enforcement flow through CourtClient against a served court node with fake providers."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from court_node.adapters.fake import FakeAdapter
from court_node.app import create_app
from court_node.client import CourtApiError, CourtClient, Party
from court_node.context import EXTENSION_KEY, NodeContext

CREDITOR = Party("北京某小额贷款有限公司", "uscc", "91110000600037341L")
DEBTOR = Party("李明", "resident_id", "11010519491231002X")


@pytest.fixture
def node(tmp_path: Path) -> Iterator[tuple[str, NodeContext]]:
    providers = [{"name": name, "adapter": "fake", "base_url": f"memory://{name}", "options": options}
                 for name, options in (("bank", {"capture_credits": True}), ("alipay", {}))]
    app = create_app({"data_dir": str(tmp_path / "court"), "demo": True, "grace_days": 60, "providers": providers})
    ctx: NodeContext = app.extensions[EXTENSION_KEY]
    ctx.clock.set(datetime(2026, 3, 1, 2, tzinfo=UTC))
    ctx.clock.stop()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=functools.partial(server.serve_forever, poll_interval=0.05), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", ctx
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)
        ctx.close()


def test_inspect_freeze_wait_deduct_and_satisfy(node: tuple[str, NodeContext]) -> None:
    url, ctx = node
    for name, account in (("bank", "6222001"), ("alipay", "2088001")):
        adapter = ctx.adapters[name]
        assert isinstance(adapter, FakeAdapter)
        adapter.open_account(DEBTOR.name, DEBTOR.id_type, DEBTOR.id_number, account, 3_000_000)
    judge = CourtClient(url, "demo-judge-0101", timeout=10)
    case = judge.file_case("（2026）京0101执9号", CREDITOR, DEBTOR, "50000.00", "750.00", judgment_date="2025-12-01")
    judge.serve_notice(case["id"], "（2026）京0101执9号通知书")
    inspection = judge.inspect(case["id"])
    assert [r["state"] for r in inspection["results"]] == ["completed", "completed"]
    assert judge.plan_freezes(case["id"], "冻结裁定")["total"] == "50750.00"
    batch = judge.freeze(case["id"], "冻结裁定")
    assert {f["status"] for f in batch["freezes"]} == {"active"}
    assert judge.case(case["id"])["frozen"] == "50750.00"
    with pytest.raises(CourtApiError) as early:
        judge.deduct(case["id"], "扣划裁定", "协助执行通知书")
    assert (early.value.status, early.value.code) == (422, "DEDUCTION_TOO_EARLY")
    ctx.clock.advance(timedelta(days=60))
    done = judge.deduct(case["id"], "扣划裁定", "协助执行通知书")
    assert (done["case"]["status"], done["case"]["collected"]) == ("satisfied", "50750.00")
    assert "deduction.completed" in [e["action"] for e in judge.events(case["id"])]
