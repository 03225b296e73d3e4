"""The consoles' browser tests: Debian's headless chromium driven through its own chromedriver (Selenium).

A test module imports the ``browser`` fixture (``from tests.browser import browser  # noqa: F401``) and a test
takes it as an argument (``# noqa: F811`` on that line). Without chromium, chromedriver or selenium the test is
skipped, unless ``FREEZESIM_REQUIRE_BROWSER`` is set (``.ci/run`` sets it): then it fails. Pictures go to docs/
only with ``FREEZESIM_SAVE_SCREENSHOTS=1`` (``screenshot_target``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
REQUIRE = "FREEZESIM_REQUIRE_BROWSER"
#: set to refresh the pictures under docs/ (they need a CJK font: apt-get install fonts-noto-cjk)
SAVE_TO_DOCS = "FREEZESIM_SAVE_SCREENSHOTS"
DOCS = Path(__file__).resolve().parents[1] / "docs"
#: without these, chromium tries the network at start and fails on a machine without internet
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1400,1000")


def missing() -> str | None:
    """Why no browser test can run here, or None."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (os.path.exists(path) or shutil.which(os.path.basename(path))):
            return f"{path} is not installed (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e .[test])"
    return None


def screenshot_target(name: str) -> Path:
    """Where a test saves its picture: docs/ when FREEZESIM_SAVE_SCREENSHOTS is set, else a temporary folder,
    so that an ordinary test run never rewrites the committed pictures."""
    folder = DOCS if os.environ.get(SAVE_TO_DOCS) else Path(tempfile.gettempdir()) / "freezesim-screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def require_browser() -> None:
    """Skip the calling test when there is no browser, or fail it when one is required."""
    reason = missing()
    if reason is None:
        return
    if os.environ.get(REQUIRE):
        pytest.fail(f"{REQUIRE} is set but {reason}")
    pytest.skip(reason)


@pytest.fixture
def browser() -> Iterator[Any]:
    """A headless chromium 1400 px wide; quit after the test, whatever happens."""
    require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for arg in FLAGS:
        options.add_argument(arg)
    options.binary_location = CHROMIUM
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
