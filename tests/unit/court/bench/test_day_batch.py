"""A timed batch: posted, waited for, and every item read back page by page."""

from __future__ import annotations

from typing import Any, cast

from court_node.bench.day_batch import BatchRun, run_batch, run_filing
from court_node.client import BatchItemJson, CourtClient


def _item(index: int, failed: bool = False) -> BatchItemJson:
    return {"index": index, "case_id": index + 1, "state": "failed" if failed else "succeeded",
            "result": None if failed else {"case_id": index + 1},
            "error": {"code": "CASE_NOT_ACTIVE", "message": "satisfied"} if failed else None}


class _Node:
    """Answers a batch of ``total`` items, item 2 failed, in pages as the node does."""

    def __init__(self, total: int) -> None:
        self.items = [_item(i, failed=i == 2) for i in range(total)]
        self.posted: dict[str, Any] = {}
        self.pages: list[tuple[int, int]] = []

    def create_batch(self, kind: str, **body: Any) -> dict[str, Any]:
        self.posted = {"kind": kind, **body}
        return {"id": 9}

    def wait_batch(self, batch_id: int, **_: Any) -> dict[str, Any]:
        return {"id": batch_id, "state": "completed", "total": len(self.items), "done": len(self.items),
                "succeeded": len(self.items) - 1, "failed": 1}

    def batch_items(self, batch_id: int, *, offset: int, limit: int) -> dict[str, Any]:
        self.pages.append((offset, limit))
        return {"total": len(self.items), "items": self.items[offset:offset + limit]}


def test_every_item_is_read_back_across_pages() -> None:
    node = _Node(2_500)
    done = run_batch(cast(CourtClient, node), "inspection", case_ids=[1, 2], echo=lambda line: None)
    assert node.posted == {"kind": "inspection", "case_ids": [1, 2]}
    assert len(done.items) == 2_500
    assert [offset for offset, _ in node.pages] == [0, 1_000, 2_000]
    assert (done.batch_id, done.total, done.succeeded, done.failed) == (9, 2_500, 2_499, 1)


def test_failed_items_are_named_with_their_code() -> None:
    done = run_batch(cast(CourtClient, _Node(5)), "freeze", case_ids=[1], echo=lambda line: None)
    assert done.first_errors == ["case 3: CASE_NOT_ACTIVE: satisfied"]
    assert len(done.results()) == 4


def test_the_rate_counts_every_item_worked_through() -> None:
    assert BatchRun("freeze", 1, 300, 299, 1, 2.0).rate == 150.0
    assert BatchRun("freeze", 1, 300, 300, 0, 0.0).rate == 0.0


def test_filing_is_cut_into_batches_the_node_accepts() -> None:
    node = _Node(2)
    posted: list[int] = []
    create = node.create_batch

    def counting(kind: str, **body: Any) -> dict[str, Any]:
        posted.append(len(body["cases"]))
        return create(kind, **body)

    node.create_batch = counting  # type: ignore[method-assign]
    done = run_filing(cast(CourtClient, node), [{"n": i} for i in range(5)], echo=lambda line: None, chunk=2)
    assert posted == [2, 2, 1]
    assert (done.kind, done.total, done.failed, len(done.items)) == ("filing", 6, 3, 6)
