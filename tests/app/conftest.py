import shutil

import pytest
from streamlit.testing.v1 import AppTest

import ui.common
from tests.conftest import FIXTURES, ROOT


def run_page(page: str, timeout: float = 60, **query: str | list[str]) -> AppTest:
    """Run a page (or dashboard.py) once, opened at a URL with these query parameters."""
    at = AppTest.from_file(str(ROOT / page), default_timeout=timeout)
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def run_drawn_page(page: str, timeout: float = 60, **query: str | list[str]) -> AppTest:
    """The map page (or dashboard.py) after its second run: in the browser the map reports its view once drawn,
    and the page's sidebar, export panel and timeline come with the run that follows (pages/map.py)."""
    return run_page(page, timeout, **query).run()


@pytest.fixture
def app_env(monkeypatch, small_events):
    """Pages read the hand-written fixture events, never the user's settings file."""
    monkeypatch.setenv("CONFLICTMAP_EVENTS_PATH", str(small_events))
    monkeypatch.setenv("CONFLICTMAP_SETTINGS", str(ROOT / "tests" / "fixtures" / "no-settings.json"))
    monkeypatch.chdir(ROOT)


@pytest.fixture
def work(app_env, monkeypatch, tmp_path):
    """A private copy of the small events file (pages write to it) and an empty articles folder."""
    events = tmp_path / "events.csv"
    shutil.copy(FIXTURES / "events_small.csv", events)
    monkeypatch.setenv("CONFLICTMAP_EVENTS_PATH", str(events))
    (tmp_path / "articles").mkdir()
    monkeypatch.setattr(ui.common, "ARTICLES_DIR", tmp_path / "articles")
    return tmp_path
