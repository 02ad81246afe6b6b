"""The map's own timeline: a window moved inside the map is drawn there at once, with no server round trip,
and the window the analyst settles on reaches the page (slider, caption, URL)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from .test_map_browser import MAP_IFRAME, open_map, window_shown

pytestmark = pytest.mark.browser
FRAME = f"document.querySelector('{MAP_IFRAME}').contentWindow"
# the markers on the map, order aside: how many, and each one's text (its count), sorted
MARKER_TITLES = (
    f"() => {{ const m = Array.from({FRAME}.document.querySelectorAll('.leaflet-marker-pane .cm-marker'));"
    " return m.length + ':' + m.map(e => e.textContent).sort().join('|'); }"
)


def scrub_ready(page) -> None:
    # the control appears with the page's second run (the first sends the map without the filters' events)
    page.wait_for_function(f"() => {FRAME}.cmScrubDraws > 0", timeout=60_000)


def caption(page) -> str:
    return page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first.inner_text()


def test_moving_the_map_timeline_redraws_in_the_browser_then_the_page_follows(offline_page, dashboard):
    page, frame = open_map(offline_page, dashboard)
    scrub_ready(page)
    start, end = window_shown(page)
    before_caption = caption(page)
    markers_before = page.evaluate(f"() => {FRAME}.document.querySelectorAll('.leaflet-marker-pane .cm-marker').length")
    local, loads = page.evaluate(f"() => [{FRAME}.cmScrubLocalDraws || 0, {FRAME}.cmScrubLoads]")
    # the window's start to the last day but one
    control = frame.locator(".cm-scrub-from")
    control.focus()
    control.press("End")
    control.press("ArrowLeft")
    wanted = [(end - timedelta(days=1)).isoformat(), end.isoformat()]
    # new markers drawn by the browser before the server's layer of the new window came (the server is told once the
    # control rests): the browser's own drawing records the window of the last layer that had arrived when it drew (a
    # late layer of the window before may land first on a busy machine)
    page.wait_for_function(f"(d) => ({FRAME}.cmScrubLocalDraws || 0) > d", arg=local, timeout=30_000)
    at_local_draw = page.evaluate(f"() => {FRAME}.cmScrubLoadWindowAtLocalDraw")
    assert at_local_draw is not None and at_local_draw != wanted
    page.wait_for_function(
        f"(n) => {FRAME}.document.querySelectorAll('.leaflet-marker-pane .cm-marker').length !== n",
        arg=markers_before,
        timeout=30_000,
    )
    page.wait_for_function(f"(w) => {FRAME}.cmScrubWindow.join() === w.join()", arg=wanted, timeout=30_000)
    shown = page.evaluate(f"() => {FRAME}.cmScrubWindow")
    drawn = page.evaluate(MARKER_TITLES)
    assert shown == wanted and start.isoformat() < wanted[0]
    # the settled window reaches the server: slider, caption and URL follow it
    page.wait_for_function(
        """(d) => Array.from(document.querySelectorAll('[data-testid="stMain"] [data-testid="stSliderThumbValue"]'))
              .map(e => e.innerText.trim())[0] === d""",
        arg=shown[0],
        timeout=30_000,
    )
    assert window_shown(page) == (date.fromisoformat(shown[0]), date.fromisoformat(shown[1]))
    page.wait_for_function(
        "(d) => new URLSearchParams(window.location.search).get('from') === d", arg=shown[0], timeout=30_000
    )
    after_caption = caption(page)
    assert after_caption != before_caption and f"{shown[0]} to {shown[1]}" in after_caption
    # the server's layer for the settled window agrees with what the browser drew: the same window, the same markers
    page.wait_for_function(f"() => {FRAME}.cmScrubLoads > {loads}", timeout=30_000)
    assert page.evaluate(f"() => {FRAME}.cmScrubWindow") == shown
    assert not drawn.startswith("0:") and page.evaluate(MARKER_TITLES) == drawn


def test_the_events_come_once_and_again_when_the_map_lacks_them(offline_page, dashboard):
    page, frame = open_map(offline_page, dashboard)
    scrub_ready(page)
    got = page.evaluate(f"() => {FRAME}.cmScrubReceived")
    loads = page.evaluate(f"() => {FRAME}.cmScrubLoads")
    # a rerun that keeps the filters (the page's slider moved) sends the window, not the events again
    thumb = page.locator('[data-testid="stMain"] [data-testid="stSlider"] input[type="range"]').first
    thumb.focus()
    thumb.press("ArrowRight")
    page.wait_for_function(f"() => {FRAME}.cmScrubLoads > {loads}", timeout=30_000)
    assert page.evaluate(f"() => {FRAME}.cmScrubReceived") == got
    # told to draw from events it does not hold (as a frame built anew would be): it asks, and they come again
    page.evaluate(
        f"""() => {{ const w = {FRAME}; const g = w.feature_group[w.feature_group.length - 1];
            w.map.cmScrub.load(null, 'not-held', [["2014-06-09", "2014-06-17", "2014-06-09", "2014-06-17"]], -1, g); }}"""
    )
    page.wait_for_function(f"() => {FRAME}.cmScrubReceived > {got}", timeout=30_000)
    assert page.evaluate(f"() => {FRAME}.document.querySelectorAll('.leaflet-marker-pane .cm-marker').length") > 0
