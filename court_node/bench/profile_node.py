"""Where the node's time goes per inspection and per freeze-then-deduct cycle: the node app in this process
(sharing the store of a running bench stack's node, against its real mock providers) called through Flask's test
client under pyinstrument. ``python -m court_node.bench.profile_node [--count N] [--out DIR]``.

Only the calling thread is sampled: the provider calls the node makes in parallel show as the wait for them, and
everything else is the node's own work (store, audit, JSON, signing)."""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from pyinstrument import Profiler

from court_node.app import create_app
from court_node.bench import world
from court_node.bench.result import BenchContext
from court_node.bench.stack import running_stack


def node_app(stack: Any) -> Flask:
    """A second node app on the running node's own store and configuration, without its worker thread."""
    return create_app({"data_dir": str(stack.data_dir / "court"), "demo": True, "background": False,
                       "config_file": str(stack.data_dir / "node-config.json")})


def _post(client: Any, path: str, body: dict[str, Any]) -> Any:
    answer = client.post(path, json=body, headers={"Authorization": f"Bearer {world.JUDGE_TOKEN}",
                                                   "Idempotency-Key": str(uuid.uuid4())})
    if answer.status_code >= 300:
        raise RuntimeError(f"POST {path} -> {answer.status_code}: {answer.get_data(as_text=True)[:300]}")
    return answer.get_json()


def profile(count: int, out_dir: Path) -> dict[str, float]:
    """Per kind (inspections, cycles): ``count`` warm-up operations, ``count`` timed (CPU of this process, which
    runs the node), ``count`` profiled; writes the two profiles; returns CPU ms per operation."""
    out_dir.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="freezesim-profile-") as scratch:
        ctx = BenchContext(quick=True, work_dir=Path(scratch))
        with running_stack(ctx, "profile") as stack:
            debtor = world.debtor(0)
            world.seed(stack, [debtor], 1_000_000_00)
            case_id = world.file_case(stack, world.judge(stack), 0, debtor, 1_000_000_00)
            app = node_app(stack)
            client = app.test_client()
            operations: dict[str, Callable[[int], object]] = {
                "inspection": lambda n: _post(client, f"/api/v1/cases/{case_id}/inspections", {}),
                "cycle": lambda n: _cycle(client, case_id, debtor, n),
            }
            for name, operation in operations.items():
                for n in range(count):  # warm-up: connections, caches
                    operation(count + n)
                began = time.process_time()
                for n in range(count):
                    operation(2 * count + n)
                timings[f"{name} CPU"] = round((time.process_time() - began) * 1000 / count, 2)
                profiler = Profiler(interval=0.0005)
                with profiler:
                    for n in range(count):
                        operation(n)
                (out_dir / f"profile-{name}.txt").write_text(profiler.output_text(unicode=True, show_all=False))
    return timings


def _cycle(client: Any, case_id: int, debtor: world.Debtor, n: int) -> None:
    placed = _post(client, f"/api/v1/cases/{case_id}/freezes",
                   {"document_no": f"冻结裁定P{n}", "items": [
                       {"provider": "alipay", "account_no": debtor.accounts["alipay"], "amount": "1.00"}]})
    freeze_id = placed["freezes"][0]["id"]
    _post(client, f"/api/v1/cases/{case_id}/deductions",
          {"document_no": f"扣划裁定P{n}", "notice_no": f"协助执行通知书P{n}", "freeze_id": freeze_id,
           "amount": "1.00"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "freezesim-profile")
    args = parser.parse_args()
    timings = profile(args.count, args.out)
    for name, ms in timings.items():
        print(f"{name}: {ms} ms per operation (this process, one at a time, not profiled)")
    print(f"profiles: {args.out}/profile-inspection.txt, profile-cycle.txt")


if __name__ == "__main__":
    main()
