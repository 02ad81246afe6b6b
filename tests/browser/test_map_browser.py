"""The map page as an analyst uses it: map visible offline, markers match the window, slider, click a town."""

from __future__ import annotations

import re
import time
from datetime import date

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from conflictmap.store.csvfile import read_events
from conflictmap.store.places import place_summary
from conflictmap.store.select import mappable, select_events

from .conftest import ROOT
from .harness import hover_tooltip

pytestmark = pytest.mark.browser
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
MARKERS = ".leaflet-marker-pane .cm-marker"


def expected_places(start: date, end: date) -> int:
    df = read_events(ROOT / "events.csv").valid
    return len(place_summary(mappable(select_events(df, start, end))))


def window_shown(page) -> tuple[date, date]:
    values = page.locator(
        '[data-testid="stMain"] [data-testid="stSlider"] [data-testid="stSliderThumbValue"]'
    ).all_inner_texts()
    return date.fromisoformat(values[0].strip()), date.fromisoformat(values[-1].strip())


def wait_for_markers(page, n: int, timeout: float = 20_000) -> None:
    page.wait_for_function(
        """([sel, n]) => { const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
             return f && f.contentDocument && f.contentDocument.querySelectorAll(sel).length === n; }""",
        arg=[MARKERS, n],
        timeout=timeout,
    )


def settled_window(page, timeout: float = 90.0) -> tuple[date, date, int]:
    """The window the slider shows once the map's markers match it: (start, end, places). On a busy machine a key
    press can land late and move the window again after it was read, so the window is read anew until the markers
    agree with it and it has not moved meanwhile (conditions polled, no fixed pause)."""
    deadline = time.monotonic() + timeout
    while True:
        start, end = window_shown(page)
        n = expected_places(start, end)
        try:
            wait_for_markers(page, n, timeout=10_000)
            if window_shown(page) == (start, end):
                return start, end, n
        except PlaywrightTimeoutError:
            if time.monotonic() > deadline:
                raise


def open_map(offline_page, url):
    page = offline_page.page
    page.goto(url, wait_until="domcontentloaded")
    page.locator(MAP_IFRAME).wait_for(state="visible", timeout=60_000)
    frame = page.frame_locator(MAP_IFRAME)
    frame.locator(".leaflet-container").wait_for(state="visible", timeout=30_000)
    return page, frame


def test_map_renders_offline_with_a_marker_per_place(offline_page, dashboard):
    page, frame = open_map(offline_page, dashboard)
    start, end = window_shown(page)
    n = expected_places(start, end)
    assert n >= 5
    wait_for_markers(page, n)
    # the basemap is drawn from bundled GeoJSON, fetched from the app's static file: no tile server; countries
    # and water on canvases, Iraq's 18 governorate borders as paths, all beneath the markers
    page.wait_for_function(
        f"() => document.querySelector('{MAP_IFRAME}').contentWindow.cmBasemapReady === true", timeout=30_000
    )
    assert frame.locator(".leaflet-cmLand-pane canvas, .leaflet-cmWater-pane canvas").count() == 2
    assert frame.locator(".leaflet-cmBorders-pane path").count() >= 18
    names = set()
    for marker in frame.locator(MARKERS).all():
        names.add(hover_tooltip(frame, marker).split(" (")[0])
    assert {"Mosul", "Tikrit", "Tal Afar", "Samarra", "Baghdad"} <= names
    assert offline_page.blocked == [], f"requests left 127.0.0.1: {offline_page.blocked}"
    assert offline_page.errors == []


def test_slider_changes_markers_and_click_shows_excerpt(offline_page, dashboard):
    page, frame = open_map(offline_page, dashboard)
    start, end = window_shown(page)
    wait_for_markers(page, expected_places(start, end))
    # drag the start of the window forward with the keyboard, one day per key press, until fewer places remain
    thumb = page.locator('[data-testid="stMain"] [data-testid="stSlider"] input[type="range"]').first
    before = expected_places(start, end)
    shown_start = start
    for _ in range(3 * (end - start).days):  # bounded: a press that is lost is made again, a few times at most
        if shown_start >= end or expected_places(shown_start, end) < before:
            break
        thumb.focus()
        thumb.press("ArrowRight")
        # each press is waited for: on a busy machine a press made while the page reruns can be lost, then again
        try:
            page.wait_for_function(
                """(d) => document.querySelector('[data-testid="stMain"] [data-testid="stSliderThumbValue"]')
                          .innerText.trim() > d""",
                arg=shown_start.isoformat(),
                timeout=10_000,
            )
        except PlaywrightTimeoutError:
            continue
        shown_start = window_shown(page)[0]
    new_start, _, after = settled_window(page)
    assert new_start > start
    assert after < before

    # back to the full window, then click Tikrit and read its source excerpt in the side panel
    thumb.focus()
    thumb.press("Home")
    wait_for_markers(page, before)
    for marker in frame.locator(MARKERS).all():
        if hover_tooltip(frame, marker).startswith("Tikrit"):
            marker.click()
            break
    else:
        pytest.fail("no marker has a Tikrit tooltip")
    panel = page.locator('[data-testid="stMain"]')
    panel.get_by_text(re.compile(r"1,700")).first.wait_for(timeout=20_000)
    assert "Tikrit" in panel.locator("h3").all_inner_texts()[0]
    assert offline_page.blocked == []
