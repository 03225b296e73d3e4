"""``python -m court_node ...`` is the ``freezesim`` command."""

from court_node.cli.main import main

main()
