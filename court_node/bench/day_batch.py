"""One batch of the bulk path, timed from its POST until it is completed, with its items' outcomes."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from court_node.client import BatchItemJson, CourtClient

#: items read per page of ``GET /api/v1/batches/<id>/items``
PAGE = 1_000
#: how often the batch's progress is read while it runs
POLL_S = 0.2


@dataclass(frozen=True)
class BatchRun:
    """A finished batch: its kind, items, the wall time from POST to completed, and its items."""

    kind: str
    batch_id: int
    total: int
    succeeded: int
    failed: int
    seconds: float
    items: list[BatchItemJson] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Items per second, failed ones included (each was worked through)."""
        return self.total / self.seconds if self.seconds > 0 else 0.0

    @property
    def first_errors(self) -> list[str]:
        """Up to five failed items as ``case <id>: CODE: message``."""
        failed = [i for i in self.items if i["state"] == "failed"][:5]
        return [f"case {i['case_id']}: {_error(i)}" for i in failed]

    def results(self) -> list[dict[str, Any]]:
        """The succeeded items' results, in item order."""
        return [i["result"] or {} for i in self.items if i["state"] == "succeeded"]


def run_batch(client: CourtClient, kind: str, *, echo: Callable[[str], None] = print, timeout_s: float = 3_600.0,
              **body: Any) -> BatchRun:
    """POST a ``kind`` batch (``cases=`` or ``case_ids=`` and the kind's options), wait for it, read its items."""
    began = time.monotonic()
    batch = client.create_batch(kind, **body)
    last = [0.0]

    def progress(p: Any) -> None:
        if time.monotonic() - last[0] >= 5.0:
            last[0] = time.monotonic()
            echo(f"  batch {p['id']} {kind}: {p['done']}/{p['total']} done, {p['failed']} failed")

    done = client.wait_batch(batch["id"], on_progress=progress, timeout_s=timeout_s, interval_s=POLL_S)
    seconds = time.monotonic() - began
    items: list[BatchItemJson] = []
    while len(items) < done["total"]:
        page = client.batch_items(batch["id"], offset=len(items), limit=PAGE)["items"]
        if not page:
            break
        items.extend(page)
    echo(f"  batch {done['id']} {kind}: {done['total']} items in {seconds:.1f} s, {done['failed']} failed")
    return BatchRun(kind, done["id"], done["total"], done["succeeded"], done["failed"], seconds, items)


def _error(item: BatchItemJson) -> str:
    error = item["error"]
    return f"{error['code']}: {error['message']}" if error else "no error given"


#: case bodies in one filing batch: 2,000 stay well under the node's request size limit (max_body_bytes, 1 MB)
FILING_CHUNK = 2_000


def run_filing(client: CourtClient, bodies: list[dict[str, Any]], *, echo: Callable[[str], None] = print,
               chunk: int = FILING_CHUNK) -> BatchRun:
    """File ``bodies`` by filing batches of ``chunk``, one after another, as one timed run of them all."""
    runs = [run_batch(client, "filing", cases=bodies[start:start + chunk], echo=echo)
            for start in range(0, len(bodies), chunk)]
    return BatchRun("filing", runs[0].batch_id if runs else 0, sum(r.total for r in runs),
                    sum(r.succeeded for r in runs), sum(r.failed for r in runs), sum(r.seconds for r in runs),
                    [item for r in runs for item in r.items])
