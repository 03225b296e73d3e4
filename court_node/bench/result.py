"""What one benchmark reports: its figures, the goal beside them, and what limits it when it misses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class BenchContext:
    """What every benchmark is given: quick mode (CI size), a scratch folder, a seed and a line printer."""

    quick: bool
    work_dir: Path
    seed: int = 1
    echo: Callable[[str], None] = print


@dataclass(frozen=True)
class Figure:
    """One measured number, with its unit (``"ms"``, ``"req/s"``, ``"MiB"``, ``"s"``, ``"x"``, ``""``)."""

    name: str
    value: float | int
    unit: str = ""


@dataclass(frozen=True)
class BenchResult:
    """A benchmark's outcome; ``goal_met`` is None when the run was too small (quick mode) to judge the goal."""

    key: str  # "fanout", "throughput", "bulk", "national_day", "provider_scale", "node_scale"
    title: str
    figures: list[Figure]
    goal: str  # in words, e.g. "ratio <= 1.3"
    measured: str  # the figure the goal is about, in words, e.g. "ratio 1.07"
    goal_met: bool | None
    limits: str = ""  # what limits it when it misses (or what the quick run cannot tell)
    details: dict[str, Any] = field(default_factory=dict)  # anything else worth keeping in the JSON

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "goal": self.goal, "measured": self.measured,
                "goal_met": self.goal_met, "limits": self.limits,
                "figures": [{"name": f.name, "value": f.value, "unit": f.unit} for f in self.figures],
                "details": self.details}


#: a benchmark: runs on its own (starting and stopping every process it needs) and reports
Benchmark = Callable[[BenchContext], BenchResult]


def prose(doc: str | None) -> str:
    """A module docstring as report text: each paragraph on one line, paragraphs kept apart."""
    text = (doc or "").replace("``", "`")  # reST literals as Markdown code
    return "\n\n".join(" ".join(part.split()) for part in text.split("\n\n") if part.strip())
