"""The live map's basemap is a static file the map fetches once, so a rerun sends the markers only."""

import json

from streamlit_folium import _get_map_string

from conflictmap.mapview import assets, basemap
from conflictmap.mapview.basemap import LIVE_BASEMAP, base_map, live_basemap_json, live_basemap_url
from conflictmap.model import PROJECT_ROOT


def test_the_static_basemap_file_is_built_from_geodata():
    # stale after `make geodata`: rebuild it with `python -m scripts.build_live_basemap`
    assert LIVE_BASEMAP.read_text(encoding="utf-8") == live_basemap_json()
    data = json.loads(LIVE_BASEMAP.read_text(encoding="utf-8"))
    assert set(data) == {"countries", "water", "governorates", "reference"}
    assert any(f["properties"].get("kind") == "lake" for f in data["water"]["features"])
    assert ["capital", "Baghdad"] == data["reference"][[r[1] for r in data["reference"]].index("Baghdad")][:2]


def test_the_static_basemap_is_served_from_the_apps_own_static_folder():
    url = live_basemap_url()
    assert url.startswith(f"{assets.STATIC_URL}/basemap/live-basemap.json?v=")  # same origin: passes the CSP
    assert LIVE_BASEMAP.parent.parent == PROJECT_ROOT / "static"  # Streamlit serves static/ at /app/static/
    assert "</" not in LIVE_BASEMAP.read_text(encoding="utf-8")  # JSON as _json_for_script writes it


def test_the_live_maps_script_is_small_and_fetches_the_basemap():
    live, snapshot = base_map(live=True), base_map()
    for m in (live, snapshot):
        m.get_root().render()
    live_js, snapshot_js = _get_map_string(live), _get_map_string(snapshot)
    assert live_basemap_url() in live_js and "fetch(" in live_js
    assert '"Baghdad"' not in live_js and '"lake"' not in live_js  # borders, water and names come from the file
    assert len(live_js) < 30_000 < 300_000 < len(snapshot_js)  # what every rerun sends, vs everything inline


def test_without_the_file_the_live_map_draws_its_basemap_inline(monkeypatch, tmp_path):
    monkeypatch.setattr(basemap, "LIVE_BASEMAP", tmp_path / "missing.json")
    basemap.live_basemap_url.cache_clear()
    try:
        m = base_map(live=True)
        page = m.get_root().render()
        assert "fetch(" not in page and '"Baghdad"' in page
    finally:
        basemap.live_basemap_url.cache_clear()
