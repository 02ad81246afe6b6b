import pytest

from tests.conftest import ROOT


@pytest.fixture
def app_env(monkeypatch, small_events):
    """Pages read the hand-written fixture events, never the user's settings file."""
    monkeypatch.setenv("CONFLICTMAP_EVENTS_PATH", str(small_events))
    monkeypatch.setenv("CONFLICTMAP_SETTINGS", str(ROOT / "tests" / "fixtures" / "no-settings.json"))
    monkeypatch.chdir(ROOT)
