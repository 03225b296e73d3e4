"""The ``freezesim`` command: one entry point for the stack, the demo, scenarios and the clock."""

from __future__ import annotations

import click

from court_node import __version__
from court_node.cli.batch import batch_group
from court_node.cli.bench import bench_command
from court_node.cli.chaos import chaos_command
from court_node.cli.clock import clock_group
from court_node.cli.demo import demo_command
from court_node.cli.down import down_command
from court_node.cli.mocks import mocks_command
from court_node.cli.node import NODE_COMMANDS
from court_node.cli.scenario import scenario_group
from court_node.cli.status import status_command
from court_node.cli.up import up_command


@click.group()
@click.version_option(__version__, prog_name="freezesim")
def cli() -> None:
    """freezesim: a court's network inspection and control system, with mock payment providers."""


cli.add_command(mocks_command)
cli.add_command(up_command)
cli.add_command(down_command)
cli.add_command(status_command)
cli.add_command(clock_group)
cli.add_command(scenario_group)
cli.add_command(demo_command)
cli.add_command(chaos_command)
cli.add_command(batch_group)
cli.add_command(bench_command)
for command in NODE_COMMANDS:
    cli.add_command(command)


def main() -> None:
    cli()
