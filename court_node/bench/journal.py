"""Counting the HTTP requests one operation makes, from the providers' request journals (control API)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from court_node.stack.launcher import PROVIDERS

Entry = dict[str, Any]


def journal_marks(stack: Any, providers: Iterable[str] = PROVIDERS) -> dict[str, int]:
    """The newest journal entry's id at each provider (0 when the journal is empty)."""
    marks = {}
    for provider in providers:
        entries = stack.admin(provider, "GET", "/journal?limit=1")["entries"]
        marks[provider] = int(entries[0]["id"]) if entries else 0
    return marks


def journal_since(stack: Any, marks: dict[str, int]) -> dict[str, list[Entry]]:
    """Each provider's dialect requests journaled after its mark, oldest first."""
    return {provider: list(reversed(stack.admin(provider, "GET", f"/journal?since_id={mark}&limit=1000")["entries"]))
            for provider, mark in marks.items()}


def wait_for_journal(stack: Any, marks: dict[str, int], done: Callable[[dict[str, list[Entry]]], bool],
                     timeout_s: float = 10.0) -> dict[str, list[Entry]]:
    """The entries since ``marks`` once ``done`` says they are complete (or as they stand after ``timeout_s``)."""
    deadline = time.monotonic() + timeout_s
    while True:
        entries = journal_since(stack, marks)
        if done(entries) or time.monotonic() >= deadline:
            return entries
        time.sleep(0.1)


def describe(entries: dict[str, list[Entry]]) -> dict[str, list[str]]:
    """``{"bank": ["POST /judicial/v1/queries", ...]}``: what each provider was asked, for the JSON report."""
    return {provider: [f"{e['method']} {e['path']}" for e in own] for provider, own in entries.items()}
