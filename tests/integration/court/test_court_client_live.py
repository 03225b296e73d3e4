"""CourtClient against a real court node served by werkzeug on a free loopback port."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from werkzeug.serving import make_server

from court_node.app import create_app
from court_node.cli.main import cli
from court_node.client import CourtApiError, CourtClient, Party
from court_node.context import EXTENSION_KEY

CREDITOR = Party("北京某小额贷款有限公司", "uscc", "91110000600037341L")
DEBTOR = Party("李明", "resident_id", "11010519491231002X")
BEIJING = timezone(timedelta(hours=8))


@pytest.fixture
def node_url(tmp_path: Path) -> Iterator[str]:
    app = create_app({"data_dir": str(tmp_path / "court"), "demo": True, "grace_days": 60})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=functools.partial(server.serve_forever, poll_interval=0.05), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)
        app.extensions[EXTENSION_KEY].close()


def test_a_case_from_filing_to_timeline(node_url: str) -> None:
    judge = CourtClient(node_url, "demo-judge-0101", timeout=5)
    assert judge.health()["status"] == "ok" and judge.providers() == []
    case = judge.file_case("(2026)京0101执88号", CREDITOR, DEBTOR, "50000.00", "750.00", judgment_date="2025-12-01",
                           delay_interest=True)
    assert case["case_number"] == "（2026）京0101执88号" and case["status"] == "filed"
    served = CourtClient(node_url, "demo-clerk-0101").serve_notice(
        case["id"], "（2026）京0101执88号通知书", served_at=datetime(2026, 1, 5, 9, 30, tzinfo=BEIJING))
    assert served["deductions_allowed_from"] == "2026-03-06"
    assert judge.case(case["id"])["notice_document_no"] == "（2026）京0101执88号通知书"
    assert [c["id"] for c in judge.cases(status="notice_served")["cases"]] == [case["id"]]
    assert [e["action"] for e in judge.events(case["id"])] == ["case.filed", "notice.served"]


def test_errors_arrive_as_court_api_errors(node_url: str) -> None:
    judge = CourtClient(node_url, "demo-judge-0101")
    judge.file_case("（2026）京0101执88号", CREDITOR, DEBTOR, "1.00", "0", judgment_date="2025-12-01")
    with pytest.raises(CourtApiError) as taken:
        judge.file_case("（2026）京0101执88号", CREDITOR, DEBTOR, "1.00", "0", judgment_date="2025-12-01")
    assert (taken.value.status, taken.value.code) == (409, "CASE_NUMBER_TAKEN")
    with pytest.raises(CourtApiError) as unknown:
        CourtClient(node_url, "not-a-token").cases()
    assert unknown.value.status == 401


def test_a_retried_call_with_its_key_files_once(node_url: str) -> None:
    judge = CourtClient(node_url, "demo-judge-0101")
    first = judge.file_case("（2026）京0101执89号", CREDITOR, DEBTOR, "1.00", "0", judgment_date="2025-12-01",
                            idempotency_key="file-89")
    again = judge.file_case("（2026）京0101执89号", CREDITOR, DEBTOR, "1.00", "0", judgment_date="2025-12-01",
                            idempotency_key="file-89")
    assert again == first and judge.cases()["total"] == 1


def test_concurrent_filings_keep_the_audit_chain_whole(node_url: str, tmp_path: Path) -> None:
    def file(serial: int) -> int:
        client = CourtClient(node_url, "demo-clerk-0101" if serial % 2 else "demo-judge-0101")
        return client.file_case(f"（2026）京0101执{serial}号", CREDITOR, DEBTOR, "100.00", "0",
                                judgment_date="2025-12-01")["id"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(file, range(1, 25)))
    assert len(set(ids)) == 24
    result = CliRunner().invoke(cli, ["audit", "verify", "--data-dir", str(tmp_path / "court")])
    assert result.exit_code == 0 and "24 records" in result.output, result.output
