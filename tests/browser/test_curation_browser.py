"""Curation as an analyst does it: change an event's type on the Events page; it is logged, written, and survives
a re-ingest of the articles."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conflictmap.events.corrections import apply_to_file, load_corrections
from conflictmap.store.csvfile import read_events, read_evidence

from .harness import ROOT, start_dashboard, stop

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def private_dashboard(tmp_path):
    """The dashboard on a private copy of the project's events.csv + evidence.csv (this test writes to them)."""
    for name in ("events.csv", "evidence.csv"):
        shutil.copy(ROOT / name, tmp_path / name)
    proc, url = start_dashboard(tmp_path / "events.csv")
    yield url, tmp_path
    stop(proc)


def pick(page, label: str, option: str) -> None:
    """Choose an option of the Streamlit selectbox with this label."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box.locator("input").click()
    box.locator("input").fill(option)
    page.get_by_role("option").filter(has_text=option).first.click()


def save_correction(page, who: str, why: str) -> None:
    """Fill in who and why (each committed with Enter, as a person would) and save."""
    field = page.get_by_label("Who")
    field.fill(who)
    field.press("Enter")
    reason = page.get_by_label("Why (required)")
    reason.fill(why)
    reason.press("Control+Enter")
    page.get_by_role("button", name="Save correction").click()


def test_type_correction_persists_and_survives_reingest(offline_page, private_dashboard):
    url, tmp = private_dashboard
    events = read_events(tmp / "events.csv").valid
    target = events[events["event_type"] != "Riots"].iloc[0]
    eid = target["event_id"]
    page = offline_page.page
    page.goto(f"{url}/events", wait_until="domcontentloaded")
    page.get_by_text("Correct an event").wait_for(timeout=60_000)
    pick(page, "Event", eid)
    page.locator('[data-testid="stRadio"]').get_by_text("Type", exact=True).click()
    page.get_by_text("Sub-event type").wait_for(timeout=20_000)
    pick(page, "Event type", "Riots")
    save_correction(page, "ana", "The second report describes a riot, not fighting.")
    page.get_by_text(f"Saved event_type of {eid}.").wait_for(timeout=30_000)

    (c,) = load_corrections(tmp / "corrections.csv")
    assert (c.event_id, c.field, c.value, c.who) == (eid, "event_type", "Riots", "ana")
    assert c.why == "The second report describes a riot, not fighting."
    assert read_events(tmp / "events.csv").valid.set_index("event_id").loc[eid, "event_type"] == "Riots"

    # re-ingest the articles over the same events file: the event comes back with the same id, and the
    # correction applies to it again (the pipeline may already do this; applying twice changes nothing)
    cmd = [sys.executable, "-m", "conflictmap", "ingest", "articles/", "-o", str(tmp / "events.csv")]
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, timeout=300)
    assert eid in set(read_events(tmp / "events.csv").valid["event_id"])
    assert apply_to_file(tmp / "events.csv", load_corrections(tmp / "corrections.csv")) == []
    assert read_events(tmp / "events.csv").valid.set_index("event_id").loc[eid, "event_type"] == "Riots"
    assert offline_page.blocked == [] and offline_page.errors == []


def test_moving_an_event_by_clicking_the_map(offline_page, private_dashboard):
    url, tmp = private_dashboard
    events = read_events(tmp / "events.csv").valid
    target = events[events["location"] == "Tikrit"].iloc[0]
    eid = target["event_id"]
    page = offline_page.page
    page.goto(f"{url}/events", wait_until="domcontentloaded")
    page.get_by_text("Correct an event").wait_for(timeout=60_000)
    # a deep link as a fresh server's first visit still gets the app's own page list, not pages/'s modules
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Data quality" in nav and "common" not in nav and "panels" not in nav, nav
    pick(page, "Event", eid)
    page.locator('[data-testid="stRadio"]').get_by_text("Place", exact=True).click()
    pick(page, "Gazetteer candidates", "Click on the map...")
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    frame.locator(".leaflet-container").wait_for(timeout=30_000)
    iframe = next(f for f in page.frames if "st_folium" in f.url)
    # wait for the map to know its final size (the component can grow after Leaflet first measured it), then
    # click 60 px east of the town where the map itself draws it: a few km east at zoom 9
    iframe.wait_for_function(
        "() => window.map && window.map.getZoom() === 9"
        " && window.map.getSize().y === window.map.getContainer().clientHeight",
        timeout=30_000,
    )
    # and for the view to stand still: the same centre and zoom on two polls in a row, no zoom or pan animating
    iframe.wait_for_function(
        "() => { const m = window.map, c = m.getCenter(), k = [c.lat, c.lng, m.getZoom(), m.getSize().x].join();"
        " const still = window.__cmView === k && !m._animatingZoom && !(m._panAnim && m._panAnim._inProgress);"
        " window.__cmView = k; return still; }",
        polling=100,
        timeout=30_000,
    )
    town = [float(target["latitude"]), float(target["longitude"])]
    for _ in range(3):
        x, y = iframe.evaluate(
            "([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }", town
        )
        # where Leaflet itself says the click landed, and where it drew the town at that moment: on a starved machine
        # the view can still move between measuring and clicking, and the saved place must be the clicked one
        iframe.evaluate(
            "([lat, lon]) => { window.__cmClicked = null; window.map.once('click', e => { const t ="
            " window.map.latLngToContainerPoint([lat, lon]); window.__cmClicked = [e.latlng.lat, e.latlng.lng,"
            " e.containerPoint.x - t.x, e.containerPoint.y - t.y]; }); }",
            town,
        )
        # a click relative to the map element, placed by Playwright when it clicks (after its stability check), so a
        # caption or panel that shifts the page between measuring and clicking cannot move the point
        frame.locator(".leaflet-container").click(position={"x": x + 60, "y": y})
        iframe.wait_for_function("() => window.__cmClicked !== null", timeout=20_000)
        clicked_lat, clicked_lon, dx, dy = iframe.evaluate("() => window.__cmClicked")
        if abs(dx - 60) < 15 and abs(dy) < 15:
            break  # the click landed 60 px east of the town as drawn when it landed; else the view moved: again
    # the app has the last click (not an earlier one of the loop) before it is saved
    page.get_by_text(f"the clicked point ({clicked_lat:.5f}, {clicked_lon:.5f})").wait_for(timeout=20_000)
    save_correction(page, "ana", "The report puts the fighting east of the town.")
    page.get_by_text(f"Saved location of {eid}.").wait_for(timeout=30_000)
    moved = read_events(tmp / "events.csv").valid.set_index("event_id").loc[eid]
    assert abs(moved["latitude"] - clicked_lat) < 0.001 and abs(moved["longitude"] - clicked_lon) < 0.001
    # and the click was east of the town, by roughly 60 px at zoom 9
    assert abs(clicked_lat - target["latitude"]) < 0.1
    assert 0.05 < clicked_lon - target["longitude"] < 0.3
    assert moved["country_code"] == "IQ" and moved["admin1"] == target["admin1"]  # still Salah ad Din
    assert offline_page.blocked == [] and offline_page.errors == []


def test_source_reader_scrolls_to_the_excerpt_and_links_places_to_the_map(offline_page, private_dashboard):
    url, tmp = private_dashboard
    evidence = read_evidence(tmp / "evidence.csv")
    row = evidence.sort_values("start").iloc[-1]
    page = offline_page.page
    page.goto(f"{url}/sources?source={row['source_id']}&at={row['start']}", wait_until="domcontentloaded")
    mark = page.locator("mark#cm-at")
    mark.wait_for(timeout=60_000)
    page.wait_for_function(
        "() => { const m = document.getElementById('cm-at'), b = m.closest('.cm-article').getBoundingClientRect(),"
        " r = m.getBoundingClientRect(); return r.top >= b.top && r.top < b.bottom; }",
        timeout=20_000,
    )
    marked = "".join(page.locator("mark.cm-at").all_inner_texts())
    assert " ".join(row["excerpt"].split()) in " ".join(marked.split())
    link = page.locator("a.cm-top").filter(has_text="Mosul").first
    href = link.get_attribute("href")
    assert href.startswith("./?place=")
    link.click()
    page.wait_for_url(f"**/?place={href.split('=', 1)[1]}*", timeout=30_000)
    page.locator('iframe[title="streamlit_folium.st_folium"]').wait_for(timeout=60_000)
    assert offline_page.blocked == [] and offline_page.errors == []
