"""The run's own checks sampled while operations run: a planted bug in a fake stack is caught during the run and
the operation after which it appeared is named."""

from __future__ import annotations

from typing import Any

from court_node.chaos.bounds import ABOVE_TOTAL, BELOW_TOTAL
from court_node.chaos.history import OK, Begun, Entry, History
from court_node.chaos.report import violations_json
from court_node.chaos.sampling import Sampler, Watch
from court_node.chaos.schedule import Operation, Schedule

SEEDED = 1_000_000
CREDIT = 100_00
#: five credits at the bank, one a second: operation k runs from k to k + 0.5
OPERATIONS = tuple(Operation(seq, float(seq), "credit", provider="bank", account_no="6222001", amount_fen=CREDIT)
                   for seq in range(1, 6))
SCHEDULE = Schedule(1, 10.0, ("京0101", "京0105"), (), (), OPERATIONS)


class FakeStack:
    """Providers whose books follow the history, plus whatever bug a test plants after operation ``after``."""

    def __init__(self, now: list[float], after: int, extra_fen: int = 0, doubled_payout: bool = False) -> None:
        self.now = now
        self.after = after
        self.extra_fen = extra_fen
        self.doubled_payout = doubled_payout

    def _ended(self, seq: int) -> bool:
        return self.now[0] >= seq + 0.5

    def admin(self, name: str, method: str, path: str, body: Any = None) -> dict[str, Any]:
        planted = self._ended(self.after)
        if path == "/totals":
            credited = sum(CREDIT for op in OPERATIONS if self._ended(op.seq)) if name == "bank" else 0
            total = SEEDED + credited + (self.extra_fen if planted and name == "bank" else 0)
            return {"total_fen": total, "seeded_fen": SEEDED, "credited_fen": credited, "debtor_payments_fen": 0}
        if path == "/payouts":
            payout = {"authority_code": "京0101", "request_no": "R1", "amount_fen": 500}
            return {"payouts": [payout, payout] if planted and self.doubled_payout and name == "bank" else []}
        if path == "/invariants":
            return {"violations": []}
        if path.startswith("/freezes"):
            return {"freezes": []}
        raise AssertionError(f"unexpected read {name} {method} {path}")


def _run(stack: FakeStack, now: list[float]) -> tuple[Sampler, History]:
    """Sample every second at k + 0.75 while the history follows the schedule."""
    history = History()
    sampler = Sampler(stack, ("bank", "alipay"), 0.0, clock=lambda: now[0])
    sampler.watch = Watch(history, SCHEDULE, {}, {"bank": SEEDED, "alipay": SEEDED})
    for k in range(7):
        now[0] = k + 0.75
        for op in OPERATIONS:
            if op.seq == k:
                history.begin(Begun(op.seq, op.kind, "", "", "bank:6222001", op.at_s))
            if op.seq + 0.5 <= now[0] and op.seq not in {e.seq for e in history.entries()}:
                history.record(Entry(op.seq, op.kind, "", "", "bank:6222001", f"CHAOS-1-{op.seq}", op.at_s,
                                     op.at_s + 0.5, OK))
        sampler.sample_money()
        sampler.sample_checks()
    return sampler, history


def test_an_honest_stack_passes_every_sample() -> None:
    now = [0.0]
    sampler, history = _run(FakeStack(now, after=99), now)
    assert all(not s.findings and not s.violations for s in sampler.samples())
    assert violations_json([], sampler.samples(), 9.0, history.entries()) == []


def test_an_extra_credit_after_operation_3_is_caught_in_the_run_and_names_3() -> None:
    now = [0.0]
    sampler, history = _run(FakeStack(now, after=3, extra_fen=1), now)
    found = violations_json([], sampler.samples(), 9.0, history.entries())
    assert [(v["where"], v["message"]) for v in found] == [("bank", ABOVE_TOTAL)]
    assert (found[0]["first_seen_s"], found[0]["first_operation"]["seq"]) == (3.75, 3)
    expected = SEEDED + 3 * CREDIT
    assert found[0]["detail"] == f"total {expected + 1} fen, allowed {expected}..{expected}"


def test_a_credit_lost_after_operation_4_is_caught_below_the_bound_and_names_4() -> None:
    now = [0.0]
    sampler, history = _run(FakeStack(now, after=4, extra_fen=-CREDIT), now)
    found = violations_json([], sampler.samples(), 9.0, history.entries())
    assert [v["message"] for v in found] == [BELOW_TOTAL]
    assert (found[0]["first_seen_s"], found[0]["first_operation"]["seq"]) == (4.75, 4)


def test_a_payout_doubled_after_operation_2_is_caught_in_the_run_and_names_2() -> None:
    now = [0.0]
    sampler, history = _run(FakeStack(now, after=2, doubled_payout=True), now)
    found = violations_json([], sampler.samples(), 9.0, history.entries())
    assert [(v["rule"], v["message"]) for v in found] == [("deducted once", "request R1 was paid out 2 times")]
    assert (found[0]["first_seen_s"], found[0]["first_operation"]["seq"]) == (2.75, 2)
    assert [op["seq"] for op in found[0]["suspects"]] == [2]


def test_a_provider_that_cannot_be_read_leaves_a_gap_not_a_passing_sample() -> None:
    class Down(FakeStack):
        def admin(self, name: str, method: str, path: str, body: Any = None) -> dict[str, Any]:
            if path == "/payouts":
                raise RuntimeError("bank is down")
            return super().admin(name, method, path, body)

    now = [0.0]
    sampler, _ = _run(Down(now, after=99), now)
    assert sampler.checks == []
