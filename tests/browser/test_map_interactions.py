"""The map page as an all-day tool, in a real Chromium: scrub, play, click, filter, share a link, keep the zoom."""

from __future__ import annotations

import time
from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest

from conflictmap.store.csvfile import read_events
from conflictmap.store.places import place_summary
from conflictmap.store.select import date_bounds, select_events
from tests.browser.harness import hover_tooltip, synthetic_dashboard

from .conftest import ROOT
from .test_map_browser import MARKERS, open_map, wait_for_markers, window_shown

pytestmark = pytest.mark.browser
THUMBS = '[data-testid="stMain"] [data-testid="stSlider"] input[type="range"]'


def expected_places(start: date, end: date, types: list[str] | None = None) -> int:
    df = read_events(ROOT / "events.csv").valid
    return len(place_summary(select_events(df, start, end, types)))


MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def map_frame(page):
    """The map's iframe as the page shows it, once a rerun has settled on one (a stale copy may linger briefly)."""
    page.wait_for_function(f"() => document.querySelectorAll('{MAP_IFRAME}').length === 1", timeout=30_000)
    return page.locator(MAP_IFRAME).element_handle().content_frame()


def add_probes(page) -> None:
    """Marks in the page and in the map's iframe that vanish on a page reload or a map remount."""
    page.evaluate("() => { window.__probe = 1; }")
    map_frame(page).evaluate("() => { window.__probe = 1; }")


def probes_intact(page) -> bool:
    return page.evaluate("() => window.__probe === 1") and map_frame(page).evaluate("() => window.__probe === 1")


def test_scrub_updates_markers_without_reload_and_keeps_zoom(offline_page, dashboard):
    page, frame = open_map(offline_page, dashboard)
    start, end = window_shown(page)
    wait_for_markers(page, expected_places(start, end))
    add_probes(page)
    # zoom in and pan on the map itself, as an analyst would, and let the page hear about it
    map_frame(page).evaluate("() => { window.map.setView([34.6, 43.7], 8); }")
    map_frame(page).wait_for_function(
        "() => ((window.__GLOBAL_DATA__ || {}).previous_data || {}).zoom === 8", timeout=20_000
    )  # the component told the page
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    end_thumb = page.locator(THUMBS).nth(1)
    for _ in range(3):  # end of the window back three days: 2014-06-14, fewer places
        end_thumb.focus()
        end_thumb.press("ArrowLeft")
        page.wait_for_timeout(200)
    new_start, new_end = window_shown(page)
    assert new_end < end
    wait_for_markers(page, expected_places(new_start, new_end))
    assert expected_places(new_start, new_end) < expected_places(start, end)
    view = map_frame(page).evaluate(
        "() => [window.map.getZoom(), window.map.getCenter().lat, window.map.getCenter().lng]"
    )
    assert view[0] == 8 and abs(view[1] - 34.6) < 0.01 and abs(view[2] - 43.7) < 0.01
    assert probes_intact(page), "the slider move reloaded the page or rebuilt the map"
    assert offline_page.blocked == [] and offline_page.errors == []


def test_play_steps_the_window_and_pause_stops_it(offline_page, dashboard):
    page, _ = open_map(offline_page, f"{dashboard}/?from=2014-06-09&to=2014-06-09")
    wait_for_markers(page, expected_places(date(2014, 6, 9), date(2014, 6, 9)))
    speed = page.locator('[data-testid="stSidebar"] [data-testid="stSlider"]').filter(has_text="Speed")
    speed.get_by_role("slider").focus()
    speed.get_by_role("slider").press("End")  # 4 frames/s
    page.wait_for_function(  # the fastest speed is set, and the page has run with it
        """(el) => el.getAttribute('aria-valuenow') === el.getAttribute('aria-valuemax')
                   && !document.querySelector('[data-testid="stStatusWidget"]')""",
        arg=speed.get_by_role("slider").element_handle(),
        timeout=20_000,
    )
    add_probes(page)
    page.get_by_role("button", name="Play").click()
    seen, counts, deadline = [], set(), time.monotonic() + 20
    while time.monotonic() < deadline and (len(seen) < 4 or len(counts) < 2):
        w = window_shown(page)
        if not seen or seen[-1] != w:
            seen.append(w)
        counts.add(frame_markers(page))
        page.wait_for_timeout(60)
    assert len(seen) >= 4, f"playback showed only {seen}"
    assert all(b[0] > a[0] and (b[1] - b[0]) == (a[1] - a[0]) for a, b in zip(seen, seen[1:], strict=False))
    assert len(counts) >= 2, "the markers did not change while playing"
    if page.get_by_role("button", name="Pause").count():
        page.get_by_role("button", name="Pause").click()
        page.get_by_role("button", name="Play").wait_for(timeout=30_000)
    paused = window_shown(page)
    page.wait_for_timeout(1200)
    assert window_shown(page) == paused
    assert probes_intact(page)
    assert offline_page.errors == []


def frame_markers(page) -> int:
    return map_frame(page).evaluate(f"() => document.querySelectorAll('{MARKERS}').length")


def click_place(frame, name: str) -> None:
    for marker in frame.locator(MARKERS).all():
        if hover_tooltip(frame, marker).startswith(name):
            marker.click()
            return
    pytest.fail(f"no marker has a {name} tooltip")


def test_click_shows_marked_excerpt_and_source_links(offline_page, dashboard):
    page, frame = open_map(offline_page, dashboard)
    start, end = window_shown(page)
    wait_for_markers(page, expected_places(start, end))
    click_place(frame, "Tikrit")
    main = page.locator('[data-testid="stMain"]')
    main.locator("mark", has_text="1,700").first.wait_for(timeout=20_000)
    main.locator("a[href*='source=004_c8996f3f43ce9f72']").last.wait_for(timeout=20_000)  # the panel's last link
    marks = set(main.locator("mark").all_inner_texts())
    assert {"Tikrit", "1,700"} <= marks
    assert "claimed" in main.inner_text() and "date precision: week" in main.inner_text()
    links = [a.get_attribute("href") or "" for a in main.locator("a[href*='sources?']").all()]
    queries = [parse_qs(urlparse(h).query) for h in links]
    # one of Tikrit's four excerpts is in article 004, linked at its offset there
    assert any(q.get("source") == ["004_c8996f3f43ce9f72"] and int(q["at"][0]) > 0 for q in queries)
    assert all(q.get("at", ["0"])[0].isdigit() for q in queries) and len(queries) >= 4


def test_type_filter_changes_marker_count(offline_page, dashboard):
    page, _ = open_map(offline_page, dashboard)
    start, end = window_shown(page)
    wait_for_markers(page, expected_places(start, end))
    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.click()
    page.get_by_role("option", name="Strategic developments").click()
    page.keyboard.press("Escape")
    n = expected_places(start, end, ["Strategic developments"])
    assert n < expected_places(start, end)
    wait_for_markers(page, n)
    page.wait_for_function("() => location.search.includes('type=')", timeout=30_000)
    assert parse_qs(urlparse(page.url).query).get("type") == ["Strategic developments"]


def test_url_round_trip(offline_page, dashboard):
    query = (
        "from=2014-06-14&to=2014-06-15&type=Battles&type=Violence+against+civilians&place=Tikrit&view=34.6,43.7,8"
        "&layer=Markers&layer=Governorates"
    )
    page, frame = open_map(offline_page, f"{dashboard}/?{query}")
    assert window_shown(page) == (date(2014, 6, 14), date(2014, 6, 15))
    types = ["Battles", "Violence against civilians"]
    wait_for_markers(page, expected_places(date(2014, 6, 14), date(2014, 6, 15), types))
    page.locator('[data-testid="stMain"] h3', has_text="Tikrit").wait_for(timeout=20_000)
    view = map_frame(page).evaluate(
        "() => [window.map.getZoom(), window.map.getCenter().lat, window.map.getCenter().lng]"
    )
    assert view[0] == 8 and abs(view[1] - 34.6) < 0.01 and abs(view[2] - 43.7) < 0.01
    # the choropleth from the link is drawn: Iraq's 18 governorates in its outline colour
    map_frame(page).locator('path[stroke="#7f6a55"]').nth(17).wait_for(state="attached", timeout=20_000)
    page.wait_for_function("() => location.search.includes('view=')", timeout=30_000)
    back = parse_qs(urlparse(page.url).query)
    assert back["from"] == ["2014-06-14"] and back["to"] == ["2014-06-15"]
    assert back["type"] == types and back["place"] == ["90150"]
    assert back["view"][0].endswith(",8")
    assert back["layer"] == ["Markers", "Governorates"]


def test_brushing_the_timeline_sets_the_window(offline_page, dashboard):
    page, _ = open_map(offline_page, dashboard)
    start, end = window_shown(page)
    wait_for_markers(page, expected_places(start, end))
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.scroll_into_view_if_needed()
    box = chart.locator("canvas, svg").first.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.55, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.75, y, steps=8)
    page.mouse.up()  # brushed about 2014-06-14 to 2014-06-16
    deadline = time.monotonic() + 20
    while window_shown(page) == (start, end) and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    new_start, new_end = window_shown(page)
    assert start < new_start <= new_end < end, "the brushed interval did not become the window"
    wait_for_markers(page, expected_places(new_start, new_end))
    # the shade over the chart covers the brushed days where they were brushed: from the first brushed day's
    # midnight (less than a day left of where the brush began) to the last one's end (less than a day right)
    lo, hi = date_bounds(read_events(ROOT / "events.csv").valid)
    day_px = (box["width"] - 95) / ((hi - lo).days + 1)  # the plot area: the chart less its two y axes
    x1, x2 = box["x"] + box["width"] * 0.55, box["x"] + box["width"] * 0.75
    shade_covers = lambda s: x1 - day_px - 1 < s[0] <= x1 + 1 and x2 - 1 <= s[1] < x2 + day_px + 1  # noqa: E731
    deadline = time.monotonic() + 20
    while not shade_covers(shade_px(page)) and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert shade_covers(shade_px(page)), (x1, x2, day_px, shade_px(page))


def shade_px(page) -> tuple[float, float]:
    """Left and right edge, in page px, of the window's shade over the timeline chart."""
    return tuple(
        page.evaluate(
            """() => { const e = document.querySelector('.st-key-timeline'); const a = getComputedStyle(e, '::after');
                 const left = e.getBoundingClientRect().left + parseFloat(a.left);
                 return [left, left + (parseFloat(a.width) || 0)]; }"""
        )
    )


@pytest.fixture(scope="module")
def years_dashboard(tmp_path_factory):
    """The dashboard on 3,000 synthetic events over several years: a timeline chart of tens of KB."""
    yield from synthetic_dashboard(tmp_path_factory, "years", 3_000, seed=5)


def test_a_slider_move_moves_the_shade_and_sends_no_chart_again(offline_page, years_dashboard):
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    received: list[bytes] = []
    offline_page.page.on("websocket", lambda ws: ws.on("framereceived", lambda f: received.append(f)))

    def run_finished(since: int) -> bool:
        kinds = (ForwardMsg.FromString(f).WhichOneof("type") for f in received[since:] if isinstance(f, bytes))
        return "script_finished" in kinds

    def wait_run_finished(since: int) -> None:
        deadline = time.monotonic() + 30
        while not run_finished(since) and time.monotonic() < deadline:
            offline_page.page.wait_for_timeout(50)  # frames reach Python while Playwright waits
        assert run_finished(since), "no script run finished"

    page, _ = open_map(offline_page, years_dashboard)
    page.locator('[data-testid="stVegaLiteChart"]').wait_for(timeout=60_000)
    chart_sent = next(i for i, f in enumerate(received) if b"killed/day" in f)  # the chart, sent once
    wait_run_finished(chart_sent)
    assert sum(len(f) for f in received if b"killed/day" in f) > 10_000  # large enough to be worth not resending
    shade_before, since = shade_px(page), len(received)
    thumb = page.locator(THUMBS).first
    thumb.focus()
    thumb.press("ArrowRight")
    wait_run_finished(since)
    assert not [f for f in received[since:] if b"killed/day" in f], "the slider move sent the chart again"
    deadline = time.monotonic() + 20
    while shade_px(page)[0] <= shade_before[0] and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert shade_px(page)[0] > shade_before[0] and shade_px(page)[1] == pytest.approx(shade_before[1], abs=0.5)
    assert offline_page.errors == []
