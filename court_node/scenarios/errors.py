"""The two ways a scenario goes wrong: a malformed file (refused before anything runs) and a failing step."""

from __future__ import annotations


class ScenarioError(Exception):
    """A malformed scenario file: ``file.yaml:17: step 3 (freeze): unknown key 'amout' ...``."""

    def __init__(self, source: str, line: int, message: str) -> None:
        super().__init__(f"{source}:{line}: {message}")
        self.source = source
        self.line = line
        self.message = message


class StepFailed(Exception):
    """A step did not do what its expectations say; ``lines`` are the differences, one per line."""

    def __init__(self, summary: str, lines: list[str] | None = None) -> None:
        super().__init__(summary)
        self.summary = summary
        self.lines = list(lines or [])

    def __str__(self) -> str:
        return "\n".join([self.summary, *self.lines])
