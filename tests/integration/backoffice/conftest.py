"""Every back-office test runs against each of the three dialect apps, in-process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.integration.backoffice.office import DIALECTS, Office, Seeded, make_app, provider_of, seed_books, signed_in


@pytest.fixture(params=DIALECTS)
def dialect(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def app(dialect: str, tmp_path: Path) -> Iterator[Flask]:
    app = make_app(dialect, tmp_path / dialect)
    yield app
    provider_of(app).ledger.close()


@pytest.fixture
def seeded(app: Flask) -> Seeded:
    return seed_books(app)


@pytest.fixture
def office(app: Flask) -> Office:
    return signed_in(app)
