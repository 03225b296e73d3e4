"""A scenario as the parser leaves it: every value checked and typed, every part with its line."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

PROVIDERS = ("bank", "alipay", "wechat")
DEFAULT_START = "2026-03-02T09:00:00+08:00"


@dataclass(frozen=True)
class StackSpec:
    """How the fresh stack a scenario runs on is set up."""

    start: str = DEFAULT_START  # every clock is stopped at this instant before the first step
    providers: tuple[str, ...] = PROVIDERS
    grace_days: int = 0
    living_allowance: str = "1500.00"
    default_freeze_days: int = 365
    bank_delay: timedelta | None = None  # the bank answers this much simulated time after a request
    bank_delay_text: str = "0s"
    profiles: dict[str, str] = field(default_factory=dict)  # capability profile per provider, e.g. wechat: 2019


@dataclass(frozen=True)
class AccountSpec:
    provider: str
    account_no: str
    balance: str  # yuan, "8600.00"
    line: int


@dataclass(frozen=True)
class SubjectSpec:
    key: str  # how steps name this subject (its ``key``, else its name)
    name: str
    id_type: str
    id_number: str | None  # None: generated from the seed
    accounts: tuple[AccountSpec, ...]
    line: int


@dataclass(frozen=True)
class AccountRef:
    provider: str
    account_no: str

    def __str__(self) -> str:
        return f"{self.provider}/{self.account_no}"


@dataclass(frozen=True)
class FreezeRef:
    """A freeze: by the name a step gave it, or as the latest freeze of a case on a provider (and account)."""

    name: str | None = None
    case: str | None = None
    provider: str | None = None
    account_no: str | None = None

    def __str__(self) -> str:
        if self.name is not None:
            return self.name
        return "/".join(p for p in (self.case, self.provider, self.account_no) if p)


# ---- expectations ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ExpLeaf:
    line: int
    value: Any


@dataclass(frozen=True)
class ExpMap:
    line: int
    fields: tuple[tuple[str, int, ExpNode], ...]
    exact: bool = False  # the keys found must be exactly these (e.g. the accounts an inspection found)


@dataclass(frozen=True)
class ExpList:
    line: int
    items: tuple[ExpNode, ...]


ExpNode = ExpLeaf | ExpMap | ExpList


@dataclass(frozen=True)
class Probe:
    """One thing to read after a step and compare: ``kind`` says what, ``key`` which one."""

    kind: str  # case | freeze | account | provider_freezes | plan | deductions | results
    key: Any  # case name, FreezeRef, AccountRef, or None for the step's own outcome
    expected: ExpNode
    label: str  # the expectation's path in messages: "cases.loan", "freezes.first"


@dataclass(frozen=True)
class ErrorExpect:
    line: int
    status: int | None
    code: str | None


@dataclass(frozen=True)
class Expectation:
    line: int
    error: ErrorExpect | None = None
    probes: tuple[Probe, ...] = ()


@dataclass(frozen=True)
class Step:
    index: int  # 1-based
    line: int
    action: str
    label: str  # what the report calls it
    target: Any  # the action's own value: a case name, a FreezeRef, an AccountRef, a provider, a duration...
    args: dict[str, Any]
    expect: Expectation
    case: str | None = None  # the case ``expect: case:`` means
    freeze: FreezeRef | None = None  # the freeze ``expect: freeze:`` means


@dataclass(frozen=True)
class Scenario:
    source: str  # the file's path as given
    name: str
    description: str
    seed: int | None
    stack: StackSpec
    subjects: tuple[SubjectSpec, ...]
    steps: tuple[Step, ...]
