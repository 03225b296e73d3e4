"""The chaos run's whole plan, drawn from one seed before anything runs: debtors, cases, operations, faults.

The same seed, duration and courts give the same schedule, byte for byte (``Schedule.to_json``). Only the
order in which worker threads then carry the operations out is left to the machine.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass, field
from typing import Any

from court_node.chaos.faults import CLOCK_JUMP, KILL_NODE, KILL_PROVIDER, NETWORK_FAULTS, FaultWindow, plan_fault

PROVIDERS = ("bank", "alipay", "wechat")
DEFAULT_COURTS = ("京0101", "京0105", "浙0106")
#: how often each kind of operation is drawn after the opening inspections and freezes
OPERATION_WEIGHTS = {"inspect": 1, "freeze": 3, "renew": 2, "release": 1, "deduct": 4, "pay": 2, "credit": 2}
OPERATIONS_PER_SECOND = 1.5
OPENING_S = 6.0  # every case is inspected, then frozen, within the first seconds
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = ("伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


@dataclass(frozen=True)
class Account:
    provider: str
    account_no: str
    balance_fen: int


@dataclass(frozen=True)
class Debtor:
    name: str
    id_number: str  # a resident ID: every debtor is a natural person
    accounts: tuple[Account, ...]


@dataclass(frozen=True)
class CaseSpec:
    key: str  # "c1", "c2"... names the case in operations before the node gives it an id
    court: str
    case_number: str
    debtor: int  # index into Schedule.debtors
    principal_fen: int


@dataclass(frozen=True)
class Operation:
    seq: int
    at_s: float  # planned offset from the start of the chaos phase
    kind: str  # inspect | freeze | renew | release | deduct | pay | credit
    case: str = ""  # CaseSpec.key, for the court's operations
    provider: str = ""  # for the debtor's pay and credit
    account_no: str = ""
    amount_fen: int | None = None  # pay, credit; deduct (None: what the case's freezes hold, up to the due)
    term_days: int = 0  # freeze
    days: int = 0  # renew
    pick: int = 0  # which of the case's freezes a renew or release takes (index modulo those eligible)


@dataclass(frozen=True)
class Schedule:
    seed: int
    duration_s: float
    courts: tuple[str, ...]
    debtors: tuple[Debtor, ...]
    cases: tuple[CaseSpec, ...]
    operations: tuple[Operation, ...]
    faults: tuple[FaultWindow, ...] = field(default=())

    def to_json(self) -> str:
        """Canonical JSON: the same schedule always gives the same bytes."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True, indent=1)

    def case(self, key: str) -> CaseSpec:
        return next(c for c in self.cases if c.key == key)

    def as_summary(self) -> dict[str, Any]:
        return {"debtors": len(self.debtors), "accounts": sum(len(d.accounts) for d in self.debtors),
                "cases": len(self.cases), "operations": len(self.operations), "faults": len(self.faults)}


def build_schedule(seed: int, duration_s: float, courts: tuple[str, ...] = DEFAULT_COURTS,
                   providers: tuple[str, ...] = PROVIDERS) -> Schedule:
    """Everything the run will do, from ``random.Random(seed)`` alone."""
    if len(courts) < 2:
        raise ValueError("a chaos run needs at least two courts, so that they compete for the same money")
    rng = random.Random(seed)
    debtors = tuple(_debtor(rng, i, providers) for i in range(max(3, len(courts) + 1)))
    cases = _cases(rng, courts, len(debtors))
    operations = _operations(rng, duration_s, cases, debtors)
    faults = _faults(rng, duration_s, providers)
    return Schedule(seed, duration_s, tuple(courts), debtors, cases, operations, faults)


def resident_id(rng: random.Random) -> str:
    """A valid resident ID (GB 11643 check character) born in Dongcheng between 1960 and 1999."""
    first = (f"110101{rng.randint(1960, 1999)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
             f"{rng.randint(0, 999):03d}")
    return first + "10X98765432"[sum(int(d) * w for d, w in zip(first, _ID_WEIGHTS, strict=True)) % 11]


def _account_no(rng: random.Random, provider: str, serial: int) -> str:
    if provider == "bank":
        return f"62220{serial:04d}{rng.randint(0, 10**10 - 1):010d}"
    if provider == "alipay":
        return f"2088{serial:04d}{rng.randint(0, 10**8 - 1):08d}"
    letters = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(20))
    return f"oChaos{serial:02d}{letters}"


def _debtor(rng: random.Random, index: int, providers: tuple[str, ...]) -> Debtor:
    name = rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.randint(1, 2)))
    held = [p for p in providers if p == providers[0] or rng.random() < 0.8]
    accounts = tuple(Account(p, _account_no(rng, p, index), rng.randint(2_000, 30_000) * 100) for p in held)
    return Debtor(f"{name}{index + 1}", resident_id(rng), accounts)


def _cases(rng: random.Random, courts: tuple[str, ...], debtors: int) -> tuple[CaseSpec, ...]:
    """Two or three cases per debtor at different courts, so that courts compete and freezes wait in line."""
    cases: list[CaseSpec] = []
    for debtor in range(debtors):
        for court in rng.sample(courts, k=min(len(courts), rng.randint(2, 3))):
            n = len(cases) + 1
            cases.append(CaseSpec(f"c{n}", court, f"（2026）{court}执{800 + n}号", debtor,
                                  rng.randint(30, 400) * 100_00))
    return tuple(cases)


def _operations(rng: random.Random, duration_s: float, cases: tuple[CaseSpec, ...],
                debtors: tuple[Debtor, ...]) -> tuple[Operation, ...]:
    drafts: list[dict[str, Any]] = []
    opening = min(OPENING_S, duration_s / 4)
    for case in cases:  # the opening: every case inspected, then frozen
        drafts.append({"at_s": rng.uniform(0, opening / 2), "kind": "inspect", "case": case.key})
        drafts.append({"at_s": rng.uniform(opening / 2, opening), "kind": "freeze", "case": case.key,
                       "term_days": rng.randint(3, 60)})
    kinds, weights = list(OPERATION_WEIGHTS), list(OPERATION_WEIGHTS.values())
    for _ in range(int(max(0.0, duration_s - opening) * OPERATIONS_PER_SECOND)):
        kind = rng.choices(kinds, weights)[0]
        draft: dict[str, Any] = {"at_s": rng.uniform(opening, duration_s), "kind": kind}
        if kind in ("pay", "credit"):
            account = rng.choice([a for d in debtors for a in d.accounts])
            draft.update(provider=account.provider, account_no=account.account_no,
                         amount_fen=rng.randint(1, 300) * 100 + rng.randint(0, 99))
        else:
            draft["case"] = rng.choice(cases).key
            if kind == "freeze":
                draft["term_days"] = rng.randint(3, 60)
            elif kind == "renew":
                draft.update(days=rng.randint(1, 30), pick=rng.randrange(1000))
            elif kind == "release":
                draft["pick"] = rng.randrange(1000)
            elif kind == "deduct":
                draft["amount_fen"] = None if rng.random() < 0.5 else rng.randint(1, 50) * 100_00
        drafts.append(draft)
    drafts.sort(key=lambda d: d["at_s"])
    return tuple(Operation(seq=i + 1, **{**d, "at_s": round(d["at_s"], 3)}) for i, d in enumerate(drafts))


def _faults(rng: random.Random, duration_s: float, providers: tuple[str, ...]) -> tuple[FaultWindow, ...]:
    """Two lanes: network faults on one provider at a time; crashes and clock jumps on their own, spaced out,
    from the end of the opening on (so that the opening's freezes are placed before the first crash).

    Each lane first goes through every kind in a seeded order (so a run of a minute meets them all), then draws.
    """
    windows: list[FaultWindow] = []
    lanes = ((NETWORK_FAULTS, 2.0, (2.0, 5.0), (1.0, 3.0)),
             ((KILL_PROVIDER, KILL_NODE, CLOCK_JUMP), OPENING_S + 2.0, (1.0, 3.0), (6.0, 10.0)))
    for kinds, start, lengths, gaps in lanes:
        order = rng.sample(kinds, k=len(kinds))
        t = start
        while t < duration_s - 3.0:
            kind = order.pop(0) if order else rng.choice(kinds)
            length = round(rng.uniform(*lengths), 3)
            windows.append(plan_fault(rng, kind, round(t, 3), length, providers))
            t += length + rng.uniform(*gaps)
    return tuple(sorted(windows, key=lambda w: (w.start_s, w.kind)))
