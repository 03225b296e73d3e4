"""The story on a terminal, with rich: a rule per step, the narration, a table of what was sent and what came back,
and a spinner while an asynchronous answer is on its way."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from rich.console import Console
from rich.table import Table

from court_node.demo.runner import Failure
from court_node.demo.step import Row, Step
from court_node.demo.summary import Summary
from court_node.demo.table import SUMMARY_HEADINGS, case_lines, summary_rows


class RichRenderer:
    def __init__(self, console: Console) -> None:
        self.console = console

    def heading(self, text: str, details: Sequence[str] = ()) -> None:
        self.console.print(f"[bold]{text}[/bold]", highlight=False)
        for line in details:
            self.console.print(f"  {line}", style="dim", highlight=False)

    def step_started(self, number: int, total: int, step: Step) -> None:
        self.console.print()
        self.console.rule(f"[bold cyan]Step {number}/{total}[/]  [bold]{step.title}[/]")
        self.console.print(step.narration, style="italic", highlight=False)

    @contextmanager
    def waiting(self, what: str) -> Iterator[None]:
        with self.console.status(f"waiting for {what}…", spinner="dots"):
            yield

    def step_done(self, rows: Sequence[Row], seconds: float, invariants_hold: bool) -> None:
        table = Table(show_lines=False, expand=True, highlight=False)
        table.add_column("who", style="bold", no_wrap=True)
        table.add_column("sent", ratio=1)
        table.add_column("came back", ratio=1, style="green")
        for row in rows:
            table.add_row(row.who, row.sent, row.answer)
        self.console.print(table)
        checked = "invariants hold" if invariants_hold else "[red]an invariant is broken[/red]"
        self.console.print(f"[dim]{seconds:.1f} s · {checked}[/dim]", justify="right", highlight=False)

    def failed(self, failure: Failure) -> None:
        self.console.print(f"[bold red]✗ {failure}[/]", highlight=False)

    def summary(self, summary: Summary) -> None:
        self.console.print()
        self.console.rule("[bold]Summary[/]")
        table = Table(highlight=False)
        for i, heading in enumerate(SUMMARY_HEADINGS):
            table.add_column(heading, justify="left" if i == 0 else "right")
        rows = summary_rows(summary)
        for i, row in enumerate(rows):
            table.add_row(*row, style="bold" if i == len(rows) - 1 else None)
        self.console.print(table)
        for line in case_lines(summary):
            self.console.print(f"  {line}", highlight=False)

    def invariants_hold(self, checks: int) -> None:
        self.console.print(f"[bold green]invariants: all hold[/] (checked {checks} times: after every step and "
                           "at the end)", highlight=False)
