"""Place names on the live map and in the exported HTML: named without hovering, never overlapping."""

from __future__ import annotations

import pytest

from conflictmap.export import formats as export

from .test_export_browser import open_file_page, snapshot
from .test_map_browser import open_map

pytestmark = pytest.mark.browser
SAMPLE_TOWNS = {"Mosul", "Tikrit", "Tal Afar", "Samarra", "Baghdad"}
OVERLAPS = """sel => { const doc = (document.querySelector('iframe[title="streamlit_folium.st_folium"]') || {})
    .contentDocument || document;
  const boxes = [...doc.querySelectorAll(sel)].map(e => e.getBoundingClientRect());
  let n = 0;
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
    if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) n++; }));
  return n; }"""


def labels_shown(page, names: set[str], timeout: float = 30_000) -> None:
    page.wait_for_function(
        """names => { const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
             const doc = f ? f.contentDocument : document;
             if (!doc) return false;
             const shown = new Set([...doc.querySelectorAll('.cm-label-event .cm-label-text')].map(e => e.textContent));
             return names.every(n => shown.has(n)); }""",
        arg=sorted(names),
        timeout=timeout,
    )


def test_landing_map_names_the_sample_towns_without_hovering(offline_page, dashboard):
    page, frame = open_map(offline_page, dashboard)
    labels_shown(page, SAMPLE_TOWNS)
    assert frame.locator(".leaflet-tooltip-pane .leaflet-tooltip").count() == 0  # nothing hovered
    assert page.evaluate(OVERLAPS, ".cm-label-text") == 0
    # reference names beneath the events: a capital or a big city without events is named too (they come with
    # the basemap file, fetched after the markers are drawn)
    page.wait_for_function(
        """() => { const w = document.querySelector('iframe[title="streamlit_folium.st_folium"]').contentWindow;
             return w.cmBasemapReady === true && !w.cmLabelsQueued; }""",
        timeout=30_000,
    )
    assert page.evaluate(OVERLAPS, ".cm-label-text") == 0
    ref = frame.locator(".cm-label-capital .cm-label-text, .cm-label-city .cm-label-text").all_inner_texts()
    assert ref and not SAMPLE_TOWNS & set(ref)
    # zoom in: the names are placed again, still without overlaps, and the towns stay named
    before = frame.locator(".cm-label").count()
    frame.locator(".leaflet-control-zoom-in").click()
    page.wait_for_function(
        """n => { const d = document.querySelector('iframe[title="streamlit_folium.st_folium"]').contentDocument;
             return d.querySelector('.leaflet-container').className.indexOf('zoom-anim') < 0
                 && d.querySelectorAll('.cm-label').length !== n; }""",
        arg=before,
        timeout=20_000,
    )
    labels_shown(page, {"Tikrit", "Samarra", "Baghdad"})  # the towns still in view (Mosul and Tal Afar left it)
    assert page.evaluate(OVERLAPS, ".cm-label-text") == 0
    assert offline_page.blocked == [] and offline_page.errors == []


def test_exported_html_names_the_sample_towns(chromium, tmp_path):
    from .conftest import ROOT

    out = tmp_path / "map.html"
    export.write_export("html", snapshot(ROOT / "events.csv"), out)
    context, page, blocked, errors = open_file_page(chromium, out)
    try:
        labels_shown(page, SAMPLE_TOWNS)
        assert page.evaluate(OVERLAPS, ".cm-label-text") == 0
        assert blocked == [] and errors == []
    finally:
        context.close()
