"""Many real cases in a stopped node's data folder, filed through the node's own service (audit records included).

Each case goes through ``check_filing`` and ``record_filing``, the two halves of ``file_case``, in transactions of
``BATCH`` cases: the same rows and the same hash-chained audit record as a filing over the API, without a
commit and a case view per case.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from court_node.app import build_context
from court_node.config import load_settings
from court_node.services.cases import Filing, Party, check_filing, record_filing
from court_node.store.users_repo import user_by_token

COURT_CODE = "京0101"
JUDGE_TOKEN = "demo-judge-0101"
#: cases filed in one transaction
BATCH = 500
CREDITOR = Party("某网络借贷信息中介公司", "uscc", "91110000600037341L")


@dataclass(frozen=True)
class Filed:
    cases: int
    seconds: float
    first_case_id: int
    last_case_id: int

    @property
    def rate(self) -> float:
        return self.cases / self.seconds if self.seconds else 0.0


def case_number(n: int) -> str:
    """The n-th (0-based) case: years 2020-2026 in turn, serials counting up within each year."""
    return f"（{2020 + n % 7}）{COURT_CODE}执{n // 7 + 1}号"


def file_cases(node_dir: Path, count: int, debtors: Sequence[dict[str, Any]], *, seed: int = 1,
               echo: Callable[[str], None] = print) -> Filed:
    """File ``count`` cases for court 京0101 against ``debtors`` in turn, with the node stopped."""
    ctx = build_context(load_settings({"data_dir": str(node_dir), "demo": True, "background": False}))
    rng = random.Random(seed)
    try:
        with ctx.store.read() as conn:
            judge = user_by_token(conn, JUDGE_TOKEN)
        assert judge is not None, "the demo judge of 京0101 is missing"
        judgment = ctx.clock.today() - timedelta(days=30)
        ids: list[int] = []
        started = time.perf_counter()
        for start in range(0, count, BATCH):
            with ctx.store.write() as conn:
                for n in range(start, min(start + BATCH, count)):
                    debtor = debtors[n % len(debtors)]
                    filing = Filing(
                        case_number=case_number(n), creditor=CREDITOR,
                        debtor=Party(debtor["name"], debtor["id_type"], debtor["id_number"]),
                        principal=rng.randrange(100_000, 100_000_000), costs=rng.randrange(0, 500_000),
                        delay_interest=n % 3 == 0, judgment_date=judgment)
                    check_filing(ctx, judge, filing)
                    ids.append(record_filing(ctx, conn, judge, filing))
            if len(ids) % 10_000 < BATCH <= len(ids):
                echo(f"node scale: {len(ids):,} cases filed ({len(ids) / (time.perf_counter() - started):.0f}/s)")
        first, last = (ids[0], ids[-1]) if ids else (0, 0)
        return Filed(count, time.perf_counter() - started, first, last)
    finally:
        ctx.close()
