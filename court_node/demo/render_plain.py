"""The story as plain text lines: for a file, a pipe or a log, with no escape codes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TextIO

from court_node.demo.runner import Failure
from court_node.demo.step import Row, Step
from court_node.demo.summary import Summary
from court_node.demo.table import SUMMARY_HEADINGS, case_lines, summary_rows


class PlainRenderer:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def _line(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()  # a reader following a pipe sees each step as it happens

    def heading(self, text: str, details: Sequence[str] = ()) -> None:
        self._line(text)
        for line in details:
            self._line(f"  {line}")

    def step_started(self, number: int, total: int, step: Step) -> None:
        self._line()
        self._line(f"[{number}/{total}] {step.title}")
        self._line(f"  {step.narration}")

    @contextmanager
    def waiting(self, what: str) -> Iterator[None]:
        yield  # the rows say afterwards how long an answer took; a log needs no spinner

    def step_done(self, rows: Sequence[Row], seconds: float, invariants_hold: bool) -> None:
        for row in rows:
            self._line(f"  {row.who}")
            self._line(f"    sent: {row.sent}")
            self._line(f"    back: {row.answer}")

    def failed(self, failure: Failure) -> None:
        self._line()
        self._line(f"FAILED: {failure}")

    def summary(self, summary: Summary) -> None:
        self._line()
        self._line("Summary")
        rows = [SUMMARY_HEADINGS, *summary_rows(summary)]
        widths = [max(len(r[i]) for r in rows) for i in range(len(SUMMARY_HEADINGS))]
        for row in rows:
            cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:], widths[1:],
                                                                                          strict=True)]
            self._line("  " + "  ".join(cells).rstrip())
        for line in case_lines(summary):
            self._line(f"  {line}")

    def invariants_hold(self, checks: int) -> None:
        self._line(f"  invariants: all hold (checked {checks} times: after every step and at the end)")
