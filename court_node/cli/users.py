"""``freezesim users create|list``: the people who use the node, one court and one role each."""

from __future__ import annotations

from pathlib import Path

import click

from court_node.cli.options import open_store, store_options
from court_node.store.clock_repo import persisted_clock
from court_node.store.users_repo import Role, UserError, create_user, list_users


@click.group("users")
def users_group() -> None:
    """Create and list the node's users."""


@users_group.command("create")
@click.option("--court", "court_code", required=True, help="The user's court code, e.g. 京0101.")
@click.option("--name", required=True, help="The user's name, e.g. 张法官.")
@click.option("--role", required=True, type=click.Choice([str(r) for r in Role]),
              help="judge: everything; clerk: file, serve notices, query; viewer: read.")
@store_options
def create_command(court_code: str, name: str, role: str, data_dir: Path | None, config_file: Path | None) -> None:
    """Create a user and print its token (shown this once; only its hash is stored)."""
    with open_store(data_dir, config_file) as (_, store):
        now = persisted_clock(store).now_us()
        try:
            with store.write() as conn:
                user, token = create_user(conn, court_code=court_code, name=name, role=role, now_us=now)
        except UserError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"created user {user.id}: {user.name}, {user.role} at {user.court_code}")
    click.echo(f"token (shown once, keep it safe): {token}")


@users_group.command("list")
@click.option("--court", "court_code", help="Only this court's users.")
@store_options
def list_command(court_code: str | None, data_dir: Path | None, config_file: Path | None) -> None:
    """List users (never their tokens)."""
    with open_store(data_dir, config_file) as (_, store), store.read() as conn:
        users = list_users(conn, court_code)
    if not users:
        click.echo("no users")
    for user in users:
        state = "  (disabled)" if user.disabled else ""
        click.echo(f"{user.id:>5}  {user.court_code:<8} {user.role:<7} {user.name}{state}")
