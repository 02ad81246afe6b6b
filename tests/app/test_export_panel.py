"""The export panel offers exactly the registered formats and downloads each as its row says."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from conflictmap.export import screenshot
from conflictmap.export.formats import EXPORT_FORMATS, ExportFormat
from conflictmap.export.snapshot import RenderOptions, Snapshot


def panel() -> None:
    """The panel alone, over the events file the environment names (June 2014, no filters)."""
    from datetime import date

    from conflictmap.store.csvfile import read_events
    from ui.common import events_path
    from ui.export_panel import render_export_panel

    render_export_panel(read_events(events_path()).valid, (date(2014, 6, 1), date(2014, 6, 30)), None, {})


def _ids(snap: Snapshot, opts: RenderOptions) -> bytes:
    """A toy format: one event id a line."""
    return "".join(f"{e}\n" for e in snap.events["event_id"]).encode()


@pytest.fixture
def no_chromium(monkeypatch):
    """PNGs drawn by matplotlib: the panel test checks the download, not the browser renderer."""
    monkeypatch.setattr(screenshot, "chromium_path", lambda: None)


def test_the_panel_offers_exactly_the_registered_formats(app_env, no_chromium):
    at = AppTest.from_function(panel, default_timeout=120).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="export_format").options == [f.label for f in EXPORT_FORMATS.values()]
    for spec in EXPORT_FORMATS.values():
        at.selectbox(key="export_format").set_value(spec.name).run()
        assert bool(at.number_input) == spec.sized, spec.name  # width and height asked for images only
        at.button(key="export_go").click().run()
        assert not at.exception, (spec.name, at.exception)
        labels = [b.proto.label for b in at.get("download_button")]
        assert labels[0] == f"Download conflict-events-2014-06-01-2014-06-30.{spec.extension}", spec.name
        assert ("Download metadata (.meta.json)" in labels) == (spec.columns is not None), spec.name


def test_a_new_row_is_offered_by_the_panel(app_env, monkeypatch):
    monkeypatch.setitem(EXPORT_FORMATS, "ids", ExportFormat("ids", "Event ids (one a line)", "text/plain", "txt", _ids))
    at = AppTest.from_function(panel, default_timeout=60).run()
    assert at.selectbox(key="export_format").options[-1] == "Event ids (one a line)"
    at.selectbox(key="export_format").set_value("ids").run()
    at.button(key="export_go").click().run()
    assert not at.exception, at.exception
    assert [b.proto.label for b in at.get("download_button")] == ["Download conflict-events-2014-06-01-2014-06-30.txt"]
