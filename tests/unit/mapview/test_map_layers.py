"""The live map's layers: place summary, grid aggregation, clustering, heatmap and choropleth, marked excerpts."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from conflictmap.mapview import assets
from conflictmap.mapview.basemap import base_map
from conflictmap.mapview.highlight import highlight_excerpt
from conflictmap.mapview.mapping import (
    CLUSTER_MIN_PLACES,
    EventPoints,
    event_layer,
    event_markers,
    governorate_counts,
    governorate_layer,
    heat_layer,
)
from conflictmap.mapview.places import grid_cells
from conflictmap.store.csvfile import read_events
from conflictmap.store.places import events_at, place_keys, place_summary
from tests.conftest import FIXTURES


@pytest.fixture
def df(small_events):
    return read_events(small_events).valid


def scattered(n: int, seed: int = 1) -> pd.DataFrame:
    """n events at n distinct coordinate-only places around Iraq."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "event_id": [f"e{i}" for i in range(n)],
            "event_type": rng.choice(["Battles", "Protests"], n),
            "location": [f"P{i}" for i in range(n)],
            "admin1": "",
            "country_code": "IQ",
            "latitude": rng.uniform(29, 37, n),
            "longitude": rng.uniform(39, 48, n),
            "geonameid": pd.array([None] * n, dtype="Int64"),
            "geo_precision": 2,
            "fatalities": pd.array(rng.integers(0, 50, n), dtype="Int64"),
            "claim_status": "reported",
        }
    )


def points_rows(fg) -> tuple[list, EventPoints]:
    points = next(c for c in fg._children.values() if isinstance(c, EventPoints))
    return json.loads(points.rows_json), points


def test_summary_breaks_type_ties_alphabetically_and_sums_per_place(df):
    one = df.iloc[[0]]
    rows = pd.concat([one] * 4, ignore_index=True).assign(
        event_id=["a", "b", "c", "d"],
        event_type=["Riots", "Battles", "Riots", "Battles"],  # a tie: Battles comes first
        fatalities=pd.array([3, None, 4, 1], dtype="Int64"),
        claim_status=["claimed", "claimed", "claimed", "claimed"],
    )
    moved = rows.iloc[[0]].assign(event_id="e", geonameid=pd.NA, latitude=36.33333, longitude=43.11111)
    s = place_summary(pd.concat([rows, moved], ignore_index=True)).set_index("place_key")
    town = s.loc[str(int(one["geonameid"].iloc[0]))]
    assert (town["events"], town["fatalities"], town["max_fatalities"]) == (4, 8, 4.0)
    assert town["main_type"] == "Battles" and town["all_claims"]
    assert s.loc["36.3333,43.1111", "events"] == 1  # no geonameid: keyed by its coordinates


def test_summary_knows_main_type_and_claims_only(df):
    s = place_summary(df).set_index("location")
    assert s.loc["Tikrit", "main_type"] == "Violence against civilians" and s.loc["Tikrit", "all_claims"]
    assert not s.loc["Mosul", "all_claims"] and s.loc["Tikrit", "max_fatalities"] == 1700


@pytest.mark.parametrize("limit", [1, 10, 200])
def test_grid_cells_never_exceed_the_limit_and_keep_every_event(limit):
    summary = place_summary(scattered(3000))
    cells = grid_cells(summary, zoom=8, max_features=limit)
    assert 0 < len(cells) <= limit
    assert cells["events"].sum() == 3000 and cells["places"].sum() == len(summary)


@pytest.mark.parametrize("zoom", [2, 5, 9])
def test_grid_cells_keep_every_event_and_death_inside_the_world(zoom):
    events = scattered(3000).assign(fatalities=pd.array(np.arange(3000) % 7, dtype="Int64"))
    cells = grid_cells(place_summary(events), zoom=zoom, max_features=200)
    assert 0 < len(cells) <= 200
    assert cells["events"].sum() == len(events) and cells["fatalities"].sum() == int(events["fatalities"].sum())
    assert cells["latitude"].between(-90, 90).all() and cells["longitude"].between(-180, 180).all()


def test_grid_cell_centroid_is_the_events_mean_and_tolls_add_up(df):
    rows = pd.concat([df.iloc[[0]]] * 4, ignore_index=True).assign(
        event_id=list("abcd"), latitude=[10.0, 10.2, 10.4, -40.0], longitude=[20.0, 20.2, 20.4, 100.0],
        geonameid=pd.array([1, 2, 3, 4], dtype="Int64"), event_type=["Riots", "Battles", "Battles", "Protests"],
        fatalities=pd.array([1, None, 5, 0], dtype="Int64"),
    )  # fmt: skip
    cells = grid_cells(place_summary(rows), zoom=3, max_features=2).sort_values("latitude").reset_index(drop=True)
    assert list(cells["events"]) == [1, 3]
    top = cells.iloc[1]
    assert top["fatalities"] == 6 and top["places"] == 3
    assert np.isclose(top["latitude"], 10.2) and np.isclose(top["longitude"], 20.2)


def test_summary_of_nothing_is_empty():
    assert place_summary(pd.DataFrame(columns=["latitude", "longitude"])).empty


def test_many_places_become_cells_few_are_clustered_fewer_are_plain():
    rows, points = points_rows(event_layer(place_summary(scattered(500)), max_features=100))
    assert len(rows) <= 100 and "cm-cell" in points.css_class_json
    rows, points = points_rows(event_layer(place_summary(scattered(CLUSTER_MIN_PLACES)), max_features=1000))
    assert len(rows) == CLUSTER_MIN_PLACES and points.cluster_js != "null"
    rows, points = points_rows(event_layer(place_summary(scattered(5)), max_features=1000))
    assert len(rows) == 5 and points.cluster_js == "null"


def test_point_rows_cannot_break_out_of_the_script(df):
    df = df.copy()
    df.loc[df.index[0], "location"] = "</script><script>alert(1)</script>"
    rows, points = points_rows(event_layer(place_summary(df)))
    assert "<" not in points.rows_json  # JSON-escaped, and the tooltip text HTML-escaped inside it
    assert any(r[7].startswith("&lt;/script&gt;&lt;script&gt;") for r in rows)


def test_governorates_by_point_in_polygon_without_country_level_events(df):
    counts = governorate_counts(df)
    assert counts == {"IQ-NI": 2, "IQ-SD": 2, "IQ-BG": 1}  # "Iraq" (precision 4) is in no governorate
    layer = governorate_layer(counts)
    assert layer._children, "the choropleth has its GeoJSON"


def test_live_map_and_layers_use_only_vendored_assets(df):
    m = base_map(live=True)
    heat = heat_layer(place_summary(df))
    m.add_child(heat)
    urls = [u for el in assets._walk(m) for _, u in getattr(el, "default_js", []) + getattr(el, "default_css", [])]
    assert urls and all(u.startswith(assets.STATIC_URL) for u in urls)
    assert all(assets.vendored_path(u) is not None for u in urls), "a vendored file is missing"
    assert m.default_js == [("live-map.js", assets.asset_url(assets.LIVE_JS))]
    bundle = assets.vendored_path(m.default_js[0][1]).read_text(encoding="utf-8")
    for needed in ("Leaflet 1.9.3", "markerClusterGroup=function", "L.heatLayer=function"):
        assert needed in bundle


HOSTILE = [json.loads(x) for x in (FIXTURES / "hostile" / "payloads.jsonl").read_text().splitlines() if x.strip()]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text += data


@pytest.mark.parametrize("payload", HOSTILE)
def test_highlighted_excerpt_is_text_plus_marks_only(payload):
    text = f"{payload} killed 1,700 in Tikrit {payload}"
    parsed = _Tags()
    parsed.feed(highlight_excerpt(text, ["Tikrit", payload[:5]], {1700}))
    assert all(tag == "mark" and not attrs for tag, attrs in parsed.tags)
    assert parsed.text == text


def test_highlight_marks_place_any_case_and_only_the_events_figures():
    out = highlight_excerpt("Tikrit: 1,700 dead, 17 hurt; in TIKRIT 1700 & more", ["Tikrit"], {1700})
    assert out.count("<mark>") == 4 and "<mark>17</mark>" not in out and "&amp;" in out


@pytest.mark.parametrize(
    "coords",
    [[(33.00005, 43.1), (33.0, 43.1)], [(34.61235, 43.67891), (34.61234, 43.67891)], [(-0.00001, 10.0), (0.0, 10.0)]],
)
def test_one_key_per_place_where_rounding_ties(df, coords):
    """Coordinates a hair apart (a click on the map gives 5 decimals) never get two keys for one place."""
    rows = pd.concat([df.iloc[[0]]] * len(coords), ignore_index=True).assign(
        event_id=[f"t{i}" for i in range(len(coords))], geonameid=pd.NA,
        latitude=[c[0] for c in coords], longitude=[c[1] for c in coords],
    )  # fmt: skip
    summary = place_summary(rows)
    assert summary["place_key"].is_unique
    assert sorted(summary["place_key"]) == sorted(set(place_keys(rows)))
    assert summary["events"].sum() == len(rows)
    for key, n in zip(summary["place_key"], summary["events"], strict=True):
        assert len(events_at(rows, key)) == n
    popups = [r[8] for r in points_rows(event_markers(rows))[0]]  # no KeyError, and every place has its popup
    assert len(popups) == len(summary) and all(p.count("<hr") >= 1 for p in popups)


def test_a_reruns_marker_rows_are_never_compiled_as_a_template(monkeypatch):
    """The live map sends new marker rows on every slider move: they go into the page as text. Wrapped in a jinja
    Template (folium's default for an element's script), ~30 KB of rows were lexed and compiled on every move."""
    import jinja2

    compiled = []
    real = jinja2.Environment.from_string
    monkeypatch.setattr(
        jinja2.Environment,
        "from_string",
        lambda self, source, *a, **k: compiled.append(source) or real(self, source, *a, **k),
    )
    m = base_map(live=True)
    fg = event_layer(place_summary(scattered(300)), max_features=1000)
    fg.add_to(m)
    html = m.get_root().render()
    rows_json = points_rows(fg)[1].rows_json
    assert rows_json in html  # drawn as ever...
    assert not [s for s in compiled if rows_json in s or "var rows" in s]  # ...and never compiled
