"""Exported HTML and PNG in real Chromium, opened from file:// with every other request blocked."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from conflictmap.export import formats as export
from conflictmap.export.snapshot import Snapshot, data_version, make_snapshot
from conflictmap.mapview.mapping import type_colour
from conflictmap.store.csvfile import read_events
from conflictmap.store.places import place_summary

from ..unit.export.test_export import write_hostile_events
from .conftest import ROOT

pytestmark = pytest.mark.browser
MARKERS = ".leaflet-marker-pane .cm-marker"


def snapshot(path, **filters) -> Snapshot:
    loaded = read_events(path)
    return make_snapshot(loaded.valid, version=data_version(path), **filters)


def open_file_page(chromium, path):
    """A page on a file:// URL; anything not file: or data: is aborted and recorded."""
    context = chromium.new_context(viewport={"width": 1200, "height": 800})
    blocked, errors = [], []

    def route(r):
        if r.request.url.startswith(("file://", "data:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri(), wait_until="load")
    return context, page, blocked, errors


@pytest.mark.parametrize("source", ["events.csv", "hostile"])
def test_exported_html_works_offline_with_a_marker_per_place(chromium, tmp_path, source):
    events_path = ROOT / "events.csv" if source == "events.csv" else write_hostile_events(tmp_path / "hostile.csv")
    snap = snapshot(events_path)
    out = tmp_path / "map.html"
    export.write_export("html", snap, out)
    n = len(place_summary(snap.mapped))
    assert n >= 5
    context, page, blocked, errors = open_file_page(chromium, out)
    try:
        page.wait_for_function("([s, n]) => document.querySelectorAll(s).length === n", arg=[MARKERS, n])
        assert page.locator(".leaflet-overlay-pane path").count() > 10  # the bundled basemap drew
        markers, shown = page.locator(MARKERS), []
        for i in range(markers.count()):  # open every popup and tooltip: payloads in them must stay text
            markers.nth(i).dispatch_event("mouseover")
            markers.nth(i).dispatch_event("click")
            shown.append(page.locator(".leaflet-popup-content").last.inner_text())
        page.wait_for_timeout(300)
        if source == "hostile":
            shown = " ".join(shown)
            assert "<script>alert('xss1')</script>" in shown and "${alert('template literal')} `tick`" in shown
            assert page.locator(".leaflet-popup-content script, .leaflet-popup-content img").count() == 0
        assert "event" in page.locator(".cm-export-caption").inner_text()
        assert blocked == [], blocked
        assert errors == [], errors
    finally:
        context.close()


def test_png_screenshot_is_offline_sized_and_shows_markers(chromium, small_events):
    snap = snapshot(small_events)
    png = export.render("png", snap, 900, 600, renderer="chromium", browser=chromium)
    img = Image.open(io.BytesIO(png)).convert("RGB")
    assert img.size == (900, 600)
    colours = {type_colour(t) for t in snap.mapped["event_type"]}
    hist = img.getcolors(maxcolors=900 * 600)
    present = {f"#{r:02X}{g:02X}{b:02X}" for _, (r, g, b) in hist}
    filled = colours - {type_colour(t) for t in snap.mapped[snap.mapped["claim_status"] == "claimed"]["event_type"]}
    assert filled <= present, (filled, len(present))
    assert "data_version" in Image.open(io.BytesIO(png)).text["Comment"]
