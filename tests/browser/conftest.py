"""Browser tier: a real `streamlit run` of the dashboard and Debian's Chromium driven by Playwright.

Every request the page makes is checked: anything not addressed to 127.0.0.1 is aborted and recorded, so a
test can assert the dashboard works with no network at all.
"""

from __future__ import annotations

import shutil

import pytest

from .harness import CHROMIUM_ARGS, ROOT, OfflinePage, start_dashboard, stop


@pytest.fixture(scope="session")
def chromium():
    """A headless Debian Chromium (never a downloaded browser)."""
    exe = shutil.which("chromium")
    if exe is None:
        pytest.fail("Debian's chromium is not installed: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def dashboard():
    """The dashboard on the project's own events.csv."""
    proc, url = start_dashboard(ROOT / "events.csv")
    yield url
    stop(proc)


@pytest.fixture
def offline_page(chromium):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    op = OfflinePage(context)
    yield op
    context.close()
