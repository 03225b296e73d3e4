"""The summary's figures as rows of text, shared by both renderings."""

from __future__ import annotations

from court_node.demo.summary import Summary
from court_node.demo.tally import Figures
from court_node.domain.money import fen_to_yuan as yuan

SUMMARY_HEADINGS = ("provider", "found", "frozen", "collected", "released", "lapsed")


def _cells(name: str, figures: Figures) -> tuple[str, ...]:
    return (name, yuan(figures.found), yuan(figures.frozen), yuan(figures.collected), yuan(figures.released),
            yuan(figures.lapsed))


def summary_rows(summary: Summary) -> list[tuple[str, ...]]:
    """One row per provider, then the totals."""
    return [*(_cells(name, figures) for name, figures in summary.providers.items()), _cells("total", summary.total)]


def case_lines(summary: Summary) -> list[str]:
    lines = [f"paid directly to the court by the debtor's family: {yuan(summary.paid_directly)}"]
    for case in summary.cases:
        lines.append(f"{case.case_number}: {case.status}, collected {yuan(case.collected)} of {yuan(case.due)}")
    return lines
