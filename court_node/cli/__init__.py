"""The ``freezesim`` command."""
