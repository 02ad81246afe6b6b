"""Hostile text end to end: articles whose every field is an XSS payload are ingested, then every page is opened.

No payload may fire (a dialog), create an element (event-handler attribute, script, img src=x, javascript: URL)
in the page or the map iframe, or make a request that leaves 127.0.0.1.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conflictmap.model import EVENT_COLUMNS
from conflictmap.store.csvfile import atomic_write_text, csv_text

from .conftest import ROOT
from .harness import OfflinePage, hover_tooltip, start_dashboard, stop

pytestmark = pytest.mark.browser
PAYLOADS = [
    json.loads(line) for line in (ROOT / "tests/fixtures/hostile/payloads.jsonl").read_text().splitlines() if line
]
TOWNS = ["Mosul", "Tikrit", "Samarra", "Baghdad", "Kirkuk", "Ramadi", "Fallujah", "Baiji", "Erbil", "Basra"]
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
MARKERS = ".leaflet-marker-pane .cm-marker"
ARTICLES_ENV = "CONFLICTMAP_ARTICLES_DIR"  # the articles_dir setting: the Sources page reads the hostile articles
WINDOW = "?from=2014-06-01&to=2014-07-31"

# Run in every frame: whatever a payload would have created if it had been parsed as markup.
INJECTED_JS = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (['marquee', 'mglyph', 'base', 'object', 'embed'].includes(tag)) bad.push('<' + tag + '>');
    if (tag === 'script' && /xss|alert\\(/i.test(el.textContent)) bad.push('script: ' + el.textContent.slice(0, 60));
    if (tag === 'img' && /^(x|`x`|x:.*)$/.test(el.getAttribute('src') || '')) bad.push('img src=' + el.getAttribute('src'));
    if (tag === 'meta' && /refresh/i.test(el.getAttribute('http-equiv') || '')) bad.push('meta refresh');
    for (const a of el.attributes) {
      const v = a.value.trim().toLowerCase();
      if (a.name.startsWith('on') && /xss|alert|eval/.test(v)) bad.push(tag + ' ' + a.name + '=' + v.slice(0, 40));
      if (/^(javascript|vbscript):|^data:text\\/html/.test(v)) bad.push(tag + ' ' + a.name + '=' + v.slice(0, 40));
    }
  }
  return bad;
}"""


def hostile_articles(folder: Path) -> None:
    """One article per payload: payload as title, publisher, url and inside the sentence that reports the event."""
    folder.mkdir()
    for k, p in enumerate(PAYLOADS):
        town = TOWNS[k % len(TOWNS)]
        text = f"{p}\n\nFive people were killed in shelling of {town} on Sunday, witnesses said {p}.\n"
        meta = {"title": p, "publisher": p, "url": p, "published": f"2014-06-{1 + k % 28:02d}", "published_note": p}
        (folder / f"hostile_{k:02d}.txt").write_text(text, encoding="utf-8")
        (folder / f"hostile_{k:02d}.json").write_text(json.dumps(meta), encoding="utf-8")


def poison_events(events_path: Path) -> int:
    """events.csv can come from anywhere: put payloads into the text columns ingest fills from the gazetteer."""
    with open(events_path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for k, row in enumerate(rows):
        p = PAYLOADS[k % len(PAYLOADS)]
        row.update(actor1=p, actor2=PAYLOADS[(k + 7) % len(PAYLOADS)], claimed_by=p, admin1=p, summary=p,
                   location=f"{row['location']} {PAYLOADS[(k + 13) % len(PAYLOADS)]}")  # fmt: skip
    atomic_write_text(events_path, csv_text(rows, EVENT_COLUMNS))
    return len(rows)


@pytest.fixture(scope="module")
def hostile_dashboard(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    hostile_articles(tmp / "articles")
    events = tmp / "events.csv"
    run = subprocess.run([sys.executable, "-m", "conflictmap", "ingest", str(tmp / "articles"), "-o", str(events)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert poison_events(events) >= 20, "the hostile articles should still yield events"
    proc, url = start_dashboard(events, env_extra={ARTICLES_ENV: str(tmp / "articles")})
    yield url
    stop(proc)


def assert_clean(op: OfflinePage, where: str) -> None:
    page = op.page
    page.wait_for_timeout(500)  # let late handlers (onload, autofocus, animations) have their chance to fire
    for frame in page.frames:
        try:
            found = frame.evaluate(INJECTED_JS)
        except Exception as e:  # a frame that navigated away mid-check is not a finding
            if "detached" in str(e) or "destroyed" in str(e):
                continue
            raise
        assert found == [], f"{where}: injected markup in frame {frame.url[:80]}: {found[:5]}"
    assert [e for e in op.errors if e.startswith("dialog")] == [], f"{where}: a payload fired: {op.errors}"
    assert op.blocked == [], f"{where}: requests left 127.0.0.1: {op.blocked}"


def wait_idle(page) -> None:
    page.locator('[data-testid="stMain"]').wait_for(timeout=60_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def test_map_markers_tooltips_and_panel_do_not_run_payloads(chromium, hostile_dashboard):
    op = OfflinePage(chromium.new_context(viewport={"width": 1400, "height": 1000}))
    page = op.page
    page.goto(hostile_dashboard + WINDOW, wait_until="domcontentloaded")
    page.locator(MAP_IFRAME).wait_for(state="visible", timeout=60_000)
    frame = page.frame_locator(MAP_IFRAME)
    frame.locator(MARKERS).first.wait_for(timeout=30_000)
    markers = frame.locator(MARKERS)
    assert markers.count() >= 5
    for i in range(min(markers.count(), 6)):
        assert hover_tooltip(frame, markers.nth(i))
        markers.nth(i).click()
        page.locator('[data-testid="stMain"] h3').first.wait_for(timeout=20_000)
        wait_idle(page)
        assert_clean(op, f"map after clicking marker {i}")
    # payloads are shown as text (escaped), not dropped: the panel cites the excerpts with their markup visible
    shown = page.locator('[data-testid="stMain"]').inner_text()
    assert "witnesses said" in shown and any(p in shown for p in PAYLOADS if p.startswith("<")), shown[:1500]
    op.context.close()


@pytest.mark.parametrize("path", ["events", "data_quality", "sources"])
def test_pages_show_payloads_as_text(chromium, hostile_dashboard, path):
    op = OfflinePage(chromium.new_context(viewport={"width": 1400, "height": 1000}))
    page = op.page
    page.goto(f"{hostile_dashboard}/{path}{WINDOW}", wait_until="domcontentloaded")
    wait_idle(page)
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=30_000)
    if path == "sources":  # the reader shows a hostile article (every one says "witnesses said"), as text
        page.wait_for_function(
            """() => document.querySelector('[data-testid="stMain"]').innerText.includes('witnesses said')""",
            timeout=60_000,
        )
    wait_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator("body").inner_text()[:2000]
    assert_clean(op, path)
    op.context.close()


def test_the_checks_catch_a_payload_that_is_rendered_as_markup(chromium):
    """The detector itself: raw payloads put into a page are found, and the one that fires is seen as a dialog."""
    op = OfflinePage(chromium.new_context())
    op.page.set_content("<div>" + "".join(PAYLOADS[2:5]) + "<a href=\"javascript:alert('xss9')\">x</a></div>")
    op.page.wait_for_timeout(500)
    found = op.page.evaluate(INJECTED_JS)
    assert any("onerror" in f for f in found) and any("img src=x" in f for f in found), found
    assert any("javascript:" in f for f in found) and any(e.startswith("dialog") for e in op.errors), op.errors
    with pytest.raises(AssertionError, match="injected markup"):
        assert_clean(op, "raw payloads")
    op.context.close()


def test_the_map_timeline_draws_payloads_as_text(chromium, hostile_dashboard):
    op = OfflinePage(chromium.new_context(viewport={"width": 1400, "height": 1000}))
    page = op.page
    page.goto(hostile_dashboard + WINDOW, wait_until="domcontentloaded")
    page.locator(MAP_IFRAME).wait_for(state="visible", timeout=60_000)
    frame_js = f"document.querySelector('{MAP_IFRAME}').contentWindow"
    page.wait_for_function(f"() => {frame_js}.cmScrubDraws > 0", timeout=60_000)  # markers drawn in the browser
    frame = page.frame_locator(MAP_IFRAME)
    control = frame.locator(".cm-scrub-to")
    control.focus()
    draws = page.evaluate(f"() => {frame_js}.cmScrubDraws")
    control.press("ArrowLeft")  # a window drawn by the browser alone: names in tooltips and labels
    page.wait_for_function(f"() => {frame_js}.cmScrubDraws > {draws}", timeout=30_000)
    markers = frame.locator(MARKERS)
    assert markers.count() >= 5
    tips = []
    for i in range(min(markers.count(), 6)):
        tips.append(hover_tooltip(frame, markers.nth(i)))
    labels = frame.locator(".cm-label-event .cm-label-text").all_inner_texts()
    # the payloads are shown as text: their markup is visible in the tooltips and the names
    assert any("<" in t for t in tips + labels), (tips, labels[:5])
    assert_clean(op, "map timeline")
    op.context.close()
