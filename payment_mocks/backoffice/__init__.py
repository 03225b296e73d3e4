"""The provider back office at ``/_backoffice``: subjects, accounts, freezes and waiting queues, the request
journal, and switches for the faults and the capability profile, as HTML pages for trainers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask

from payment_mocks.backoffice import pages_books, pages_journal, pages_session, pages_switches
from payment_mocks.backoffice.blueprint import PREFIX, bp
from payment_mocks.backoffice.session import EXTENSION_KEY, make_serializer

if TYPE_CHECKING:
    from payment_mocks.runtime import Provider

__all__ = ["PAGES", "PREFIX", "install"]

#: the modules that add their pages to the blueprint
PAGES = (pages_books, pages_journal, pages_session, pages_switches)


def install(app: Flask, provider: Provider) -> None:
    """Serve the back office on ``app``; its session secret is created in the data folder on first start."""
    app.extensions[EXTENSION_KEY] = make_serializer(provider.settings.data_dir)
    app.register_blueprint(bp)
