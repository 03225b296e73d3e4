"""``freezesim batch``: file, serve, inspect, freeze or deduct many cases at once on a running court node.

The node is ``--node URL`` (or ``FREEZESIM_NODE_URL``), else the court node of the stack running from
``--data-dir``/``--stack`` (default .freezesim/stack); the user is ``--token`` (or ``FREEZESIM_TOKEN``).
Exit status: 0 when every item succeeded, 1 when some failed (or the node could not be reached), 2 on usage errors
(bad options, or a batch the node refused as malformed).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from court_node.cli.processes import StartupError
from court_node.cli.stack_options import locate_options, stack_data_dir
from court_node.client import BatchJson, CourtApiError, CourtClient
from court_node.stack.launcher import Stack

F = TypeVar("F", bound=Callable[..., Any])
#: at most this many case ids from one --cases range
MAX_RANGE = 1_000_000


class BatchUsageError(click.ClickException):
    """A usage error found after parsing: exit status 2."""

    exit_code = 2


def parse_case_ids(text: str) -> list[int]:
    """``1-500,733``: ranges and single ids, in order, each once."""
    ids: list[int] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        low, dash, high = part.partition("-")
        try:
            first, last = int(low), int(high) if dash else int(low)
        except ValueError:
            raise BatchUsageError(f"--cases: {part!r} is not a case id or a range like 1-500") from None
        if first < 1 or last < first or last - first >= MAX_RANGE:
            raise BatchUsageError(f"--cases: {part!r} is not a range of positive ids, low to high")
        ids.extend(range(first, last + 1))
    if not ids:
        raise BatchUsageError("--cases: no case ids given")
    return list(dict.fromkeys(ids))


def read_case_ids(handle: IO[str]) -> list[int]:
    """Case ids from a file: one per line (ranges and commas allowed too); blank lines and # comments skipped."""
    parts = [line.split("#", 1)[0].strip() for line in handle]
    return parse_case_ids(",".join(p for p in parts if p))


def read_case_bodies(handle: IO[str]) -> list[dict[str, Any]]:
    """Case bodies from JSON lines: one ``POST /api/v1/cases`` body per line."""
    bodies = []
    for number, line in enumerate(handle, 1):
        if not line.strip():
            continue
        try:
            body = json.loads(line)
        except ValueError as exc:
            raise BatchUsageError(f"line {number}: not JSON ({exc})") from None
        if not isinstance(body, dict):
            raise BatchUsageError(f"line {number}: a case body (a JSON object) is required")
        bodies.append(body)
    if not bodies:
        raise BatchUsageError("no case bodies in the file")
    return bodies


def node_options(command: F) -> F:
    """``--node``, ``--token``, ``--data-dir``/``--stack``."""
    command = locate_options(command)
    command = click.option("--token", envvar="FREEZESIM_TOKEN", help="The user's token (else FREEZESIM_TOKEN).")(
        command)
    return click.option("--node", "node_url", envvar="FREEZESIM_NODE_URL",
                        help="The court node's URL (else FREEZESIM_NODE_URL, else the running stack's).")(command)


def wait_options(command: F) -> F:
    command = click.option("--timeout", "timeout_s", type=click.FloatRange(1, 86_400), default=3600,
                           show_default=True, help="Seconds to wait for the batch.")(command)
    return click.option("--no-wait", is_flag=True, help="Print the batch's id and return at once.")(command)


def ids_options(command: F) -> F:
    command = click.option("--from-file", "ids_file", type=click.File("r", encoding="utf-8"),
                           help="A file of case ids, one per line ('-' for standard input).")(command)
    return click.option("--cases", "cases_text", help="Case ids, e.g. 1-500,733.")(command)


def connect(node_url: str | None, token: str | None, data_dir: Path | None, stack_file: Path | None) -> CourtClient:
    if not token:
        raise BatchUsageError("give the user's token with --token or FREEZESIM_TOKEN")
    if not node_url:
        try:
            node_url = Stack.attach(stack_data_dir(data_dir, stack_file)).url("node")
        except (StartupError, KeyError) as exc:
            raise BatchUsageError(f"no --node given and no running stack found: {exc}") from None
    return CourtClient(node_url, token, timeout=60)


def case_ids_from(cases_text: str | None, ids_file: IO[str] | None) -> list[int]:
    if (cases_text is None) == (ids_file is None):
        raise BatchUsageError("give the cases with exactly one of --cases or --from-file")
    return parse_case_ids(cases_text) if cases_text is not None else read_case_ids(ids_file)  # type: ignore[arg-type]


def run(client: CourtClient, no_wait: bool, timeout_s: float, kind: str, **body: Any) -> None:
    """Start the batch, then (unless ``no_wait``) show its progress, its failures, and exit by its outcome."""
    try:
        batch = client.create_batch(kind, **body)
    except CourtApiError as exc:
        if exc.status in (400, 403, 404, 409, 413, 415, 422):
            raise BatchUsageError(f"the node refused the batch: {exc.code}: {exc.message}") from None
        raise click.ClickException(f"the node failed: {exc}") from None
    if no_wait:
        click.echo(batch["id"])
        return
    try:
        final = watch(client, batch, timeout_s)
    except (CourtApiError, TimeoutError) as exc:
        raise click.ClickException(str(exc)) from None
    summary(client, final)


def watch(client: CourtClient, batch: BatchJson, timeout_s: float) -> BatchJson:
    """Wait for the batch with a progress bar on a terminal, plain progress lines otherwise."""
    console = Console()
    if not console.is_terminal:
        return client.wait_batch(batch["id"], plain_lines(), timeout_s=timeout_s)
    columns = (TextColumn(f"batch {batch['id']} {batch['kind']}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[outcome]}"), TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
               TimeRemainingColumn())
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("batch", total=batch["total"], outcome="", rate="")

        def show(progress: BatchJson) -> None:
            bar.update(task, completed=progress["done"], outcome=outcome(progress), rate=rate(progress))

        return client.wait_batch(batch["id"], show, timeout_s=timeout_s)


def plain_lines() -> Callable[[BatchJson], None]:
    """A reporter printing a progress line at most once a second (and on completion)."""
    last = [0.0, -1.0]

    def report(progress: BatchJson) -> None:
        now = time.monotonic()
        if progress["state"] != "completed" and (now - last[0] < 1.0 or progress["done"] == last[1]):
            return
        last[0], last[1] = now, progress["done"]
        click.echo(f"batch {progress['id']} {progress['kind']}: {progress['done']}/{progress['total']} done, "
                   f"{outcome(progress)}, {rate(progress)}, {progress['state']}")
        sys.stdout.flush()

    return report


def outcome(progress: BatchJson) -> str:
    return f"{progress['succeeded']} succeeded, {progress['failed']} failed"


def rate(progress: BatchJson) -> str:
    seconds = progress["elapsed_ms"] / 1000
    return f"{progress['done'] / seconds:.0f}/s" if seconds > 0 else "-/s"


def summary(client: CourtClient, final: BatchJson) -> None:
    click.echo(f"batch {final['id']} {final['kind']} completed: {final['total']} items, {outcome(final)} "
               f"in {final['elapsed_ms'] / 1000:.1f}s")
    if final["failed"]:
        shown = client.batch_items(final["id"], state="failed", limit=20)
        for item in shown["items"]:
            click.echo(f"  item {item['index']}: {describe_error(item)}")
        if shown["total"] > len(shown["items"]):
            click.echo(f"  ... and {shown['total'] - len(shown['items'])} more "
                       f"(freezesim batch items {final['id']} --failed)")
        sys.exit(1)


def describe_error(item: Any) -> str:
    error = item.get("error") or {}
    case = f"case {item['case_id']}: " if item.get("case_id") else ""
    return f"{case}{error.get('code', '')}: {error.get('message', '')}"


@click.group("batch")
def batch_group() -> None:
    """Work on many cases at once through the court node's bulk path, with progress."""


@batch_group.command("file")
@click.argument("cases_file", type=click.File("r", encoding="utf-8"))
@node_options
@wait_options
def file_command(cases_file: IO[str], node_url: str | None, token: str | None, data_dir: Path | None,
                 stack_file: Path | None, no_wait: bool, timeout_s: float) -> None:
    """File the cases of CASES_FILE: JSON lines, each exactly the body POST /api/v1/cases takes ('-': stdin)."""
    bodies = read_case_bodies(cases_file)
    run(connect(node_url, token, data_dir, stack_file), no_wait, timeout_s, "filing", cases=bodies)


@batch_group.command("notice")
@ids_options
@click.option("--document-no", help="The notice's number (default <case number>通知书).")
@node_options
@wait_options
def notice_command(cases_text: str | None, ids_file: IO[str] | None, document_no: str | None,
                   node_url: str | None, token: str | None, data_dir: Path | None, stack_file: Path | None,
                   no_wait: bool, timeout_s: float) -> None:
    """Record service of the enforcement notice for each case."""
    ids = case_ids_from(cases_text, ids_file)
    run(connect(node_url, token, data_dir, stack_file), no_wait, timeout_s, "notice", case_ids=ids,
        document_no=document_no)


@batch_group.command("inspect")
@ids_options
@click.option("--provider", "providers", multiple=True, help="Ask only this provider (repeatable).")
@node_options
@wait_options
def inspect_command(cases_text: str | None, ids_file: IO[str] | None, providers: tuple[str, ...],
                    node_url: str | None, token: str | None, data_dir: Path | None, stack_file: Path | None,
                    no_wait: bool, timeout_s: float) -> None:
    """Inspect each case's debtor at every (or the named) provider."""
    ids = case_ids_from(cases_text, ids_file)
    run(connect(node_url, token, data_dir, stack_file), no_wait, timeout_s, "inspection", case_ids=ids,
        providers=list(providers) or None)


@batch_group.command("freeze")
@ids_options
@click.option("--provider", "providers", multiple=True, help="Place only this provider's freezes (repeatable).")
@click.option("--document-no", help="The freeze ruling (default the case number).")
@click.option("--mode", type=click.Choice(["amount", "account"]), help="amount (default) or account.")
@click.option("--term-days", type=click.IntRange(1, 365), help="The term (default the node's).")
@node_options
@wait_options
def freeze_command(cases_text: str | None, ids_file: IO[str] | None, providers: tuple[str, ...],
                   document_no: str | None, mode: str | None, term_days: int | None, node_url: str | None,
                   token: str | None, data_dir: Path | None, stack_file: Path | None, no_wait: bool,
                   timeout_s: float) -> None:
    """Freeze what each case may still secure, planned from its latest inspection."""
    ids = case_ids_from(cases_text, ids_file)
    run(connect(node_url, token, data_dir, stack_file), no_wait, timeout_s, "freeze", case_ids=ids,
        providers=list(providers) or None, document_no=document_no, mode=mode, term_days=term_days)


@batch_group.command("deduct")
@ids_options
@click.option("--document-no", help="The deduction ruling (default the case number).")
@click.option("--notice-no", help="The assistance notice (default the ruling's number).")
@node_options
@wait_options
def deduct_command(cases_text: str | None, ids_file: IO[str] | None, document_no: str | None,
                   notice_no: str | None, node_url: str | None, token: str | None, data_dir: Path | None,
                   stack_file: Path | None, no_wait: bool, timeout_s: float) -> None:
    """Deduct what is due from each case's freezes into the court's enforcement account."""
    ids = case_ids_from(cases_text, ids_file)
    run(connect(node_url, token, data_dir, stack_file), no_wait, timeout_s, "deduction", case_ids=ids,
        document_no=document_no, notice_no=notice_no)


@batch_group.command("status")
@click.argument("batch_id", type=click.IntRange(1))
@node_options
def status_command(batch_id: int, node_url: str | None, token: str | None, data_dir: Path | None,
                   stack_file: Path | None) -> None:
    """A batch's progress."""
    try:
        progress = connect(node_url, token, data_dir, stack_file).batch(batch_id)
    except CourtApiError as exc:
        raise click.ClickException(f"{exc.code}: {exc.message}") from None
    click.echo(f"batch {progress['id']} {progress['kind']}: {progress['state']}, {progress['done']}/"
               f"{progress['total']} done, {outcome(progress)}, {progress['elapsed_ms'] / 1000:.1f}s")


@batch_group.command("items")
@click.argument("batch_id", type=click.IntRange(1))
@click.option("--failed", is_flag=True, help="Only the items that failed.")
@node_options
def items_command(batch_id: int, failed: bool, node_url: str | None, token: str | None, data_dir: Path | None,
                  stack_file: Path | None) -> None:
    """A batch's items, one line each: index, case, state, result or error."""
    client = connect(node_url, token, data_dir, stack_file)
    try:
        for item in all_items(client, batch_id, "failed" if failed else None):
            detail = describe_error(item) if item["error"] else json.dumps(item["result"], ensure_ascii=False)
            click.echo(f"{item['index']}\t{item['case_id'] or '-'}\t{item['state']}\t{detail}")
    except CourtApiError as exc:
        raise click.ClickException(f"{exc.code}: {exc.message}") from None


def all_items(client: CourtClient, batch_id: int, state: str | None) -> Iterator[Any]:
    offset = 0
    while True:
        page = client.batch_items(batch_id, offset=offset, state=state)
        yield from page["items"]
        offset += len(page["items"])
        if not page["items"] or offset >= page["total"]:
            return
