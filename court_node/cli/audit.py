"""``freezesim audit verify``: check the audit trail's hash chain; exit 1 naming the first broken record."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import func, select

from court_node.audit.chain import verify
from court_node.cli.options import open_store, store_options
from court_node.store.tables import audit_events


@click.group("audit")
def audit_group() -> None:
    """Check the audit trail."""


@audit_group.command("verify")
@store_options
def verify_command(data_dir: Path | None, config_file: Path | None) -> None:
    """Walk the hash chain from the first record to the last."""
    with open_store(data_dir, config_file) as (_, store), store.read() as conn:
        broken = verify(conn)
        count = conn.execute(select(func.count()).select_from(audit_events)).scalar_one()
    if broken is not None:
        raise click.ClickException(f"the audit trail is broken at {broken}")
    click.echo(f"the audit trail holds: {count} records, every hash matches")
