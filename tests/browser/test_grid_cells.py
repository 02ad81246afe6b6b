"""Above MAX_FEATURES places the map shows grid cells; clicking one zooms in instead of selecting a town."""

from __future__ import annotations

import pytest

from tests.browser.harness import synthetic_dashboard

from .test_map_browser import open_map

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def busy_dashboard(tmp_path_factory):
    """The dashboard on 20,000 synthetic events at a few thousand places (more than the map draws one by one)."""
    yield from synthetic_dashboard(tmp_path_factory, "busy", 20_000, seed=3)


def test_clicking_a_grid_cell_zooms_in_and_selects_nothing(offline_page, busy_dashboard):
    page, frame = open_map(offline_page, busy_dashboard)
    frame.locator(".leaflet-marker-pane .cm-cell").first.wait_for(timeout=30_000)
    iframe = next(f for f in page.frames if "st_folium" in f.url)
    zoom_before = iframe.evaluate("() => window.map.getZoom()")
    cells_before = frame.locator(".leaflet-marker-pane .cm-cell").count()
    assert cells_before > 10
    # a cell well inside the map (the first in the page may lie outside the view, or under the zoom buttons)
    inside = iframe.evaluate(
        """() => { const box = document.querySelector('.leaflet-container').getBoundingClientRect();
             return [...document.querySelectorAll('.leaflet-marker-pane .cm-cell .cm-pin')].findIndex(e => {
               const r = e.getBoundingClientRect(), x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
               return x > box.left + 60 && x < box.right - 60 && y > box.top + 80 && y < box.bottom - 40; }); }"""
    )
    assert inside >= 0
    frame.locator(".leaflet-marker-pane .cm-cell .cm-pin").nth(inside).click()
    iframe.wait_for_function(f"() => window.map.getZoom() === {zoom_before + 2}", timeout=30_000)
    page.wait_for_function("() => new URLSearchParams(location.search).get('view')?.endsWith(',' + arguments[0])"
                           .replace("arguments[0]", str(zoom_before + 2)), timeout=20_000)  # fmt: skip
    page.wait_for_timeout(1000)  # the rerun after the click has drawn
    heading = page.locator('[data-testid="stMain"] h3').first.inner_text()
    assert heading.startswith("Events"), f"a cell click must not select a town, the panel shows {heading!r}"
    assert "place=" not in page.url
    assert offline_page.blocked == [] and offline_page.errors == []
