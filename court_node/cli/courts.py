"""``freezesim courts add|list``: the courts the node serves."""

from __future__ import annotations

from pathlib import Path

import click

from court_node.adapters.types import Court
from court_node.cli.options import open_store, store_options
from court_node.config import COURT_CODE
from court_node.store.courts_repo import add_court, all_courts


@click.group("courts")
def courts_group() -> None:
    """Add and list the node's courts."""


@courts_group.command("add")
@click.option("--code", required=True, help="Court code, e.g. 京0101.")
@click.option("--name", required=True, help="Court name, e.g. 北京市东城区人民法院.")
@click.option("--enforcement-account", required=True, help="The court's enforcement account (执行款专户).")
@store_options
def add_command(code: str, name: str, enforcement_account: str, data_dir: Path | None,
                config_file: Path | None) -> None:
    """Add a court."""
    if not COURT_CODE.match(code):
        raise click.ClickException(f"{code!r} is not a court code like 京0101")
    if not name.strip() or not enforcement_account.strip():
        raise click.ClickException("a court needs a name and an enforcement account")
    with open_store(data_dir, config_file) as (_, store), store.write() as conn:
        added = add_court(conn, Court(code, name.strip(), enforcement_account.strip()))
    if not added:
        raise click.ClickException(f"court {code} is already on this node")
    click.echo(f"added court {code} {name}")


@courts_group.command("list")
@store_options
def list_command(data_dir: Path | None, config_file: Path | None) -> None:
    """List the courts."""
    with open_store(data_dir, config_file) as (_, store), store.read() as conn:
        courts = all_courts(conn)
    if not courts:
        click.echo("no courts")
    for court in courts:
        click.echo(f"{court.code:<8} {court.name}  enforcement account {court.enforcement_account}")
