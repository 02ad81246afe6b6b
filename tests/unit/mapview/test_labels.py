"""Place names: the greedy placer never overlaps, goes busiest first, shows more as you zoom in; reference data."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from conflictmap.mapview import labels
from conflictmap.mapview.basemap import base_map
from conflictmap.mapview.labels import Label, place_labels
from conflictmap.mapview.mapping import event_layer
from conflictmap.mapview.places import label_rows
from conflictmap.store.csvfile import read_events
from conflictmap.store.places import place_summary

FRAME = (0, 0, 800, 600)


def projector(zoom: float):
    """A web-map-like projection around 34N 44E: pixels per degree double with each zoom level."""
    scale = 256 * 2**zoom / 360

    def to_pixel(lon: float, lat: float) -> tuple[float, float]:
        return 400 + (lon - 44) * scale, 300 - (lat - 34) * scale

    return to_pixel


def measure(lab: Label) -> tuple[float, float]:
    return 7 * len(lab.text) + 4, 15


def crowd(n: int = 60) -> list[Label]:
    return [Label(f"Town {i}", 34 + (i % 8) * 0.15, 44 + (i // 8) * 0.2, rank=i, radius=8) for i in range(n)]


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("zoom", [5, 6, 7, 8, 9])
def test_placed_labels_never_overlap_each_other_or_a_marker(zoom):
    to_pixel = projector(zoom)
    items = crowd()
    markers = []
    for lab in items:
        x, y = to_pixel(lab.lon, lab.lat)
        markers.append((x - lab.radius, y - lab.radius, x + lab.radius, y + lab.radius))
    placed = place_labels(items, to_pixel, measure, FRAME, markers)
    for a, b in itertools.combinations(placed, 2):
        assert not _overlap(a.box, b.box), (a.label.text, b.label.text)
    for p in placed:
        assert not any(_overlap(p.box, m) for m in markers)
        assert FRAME[0] <= p.box[0] and p.box[2] <= FRAME[2] and FRAME[1] <= p.box[1] and p.box[3] <= FRAME[3]


def test_busiest_first_and_more_names_as_you_zoom_in():
    counts = [len(place_labels(crowd(), projector(z), measure, FRAME)) for z in (5, 6, 7, 8)]
    assert counts == sorted(counts) and counts[0] < counts[-1]
    at_5 = {p.label.text for p in place_labels(crowd(), projector(5), measure, FRAME)}
    assert "Town 0" in at_5  # the top-ranked place is always named when it fits anywhere
    clash = [Label("Busy", 34, 44, rank=0, radius=5), Label("Quiet", 34, 44.001, rank=1, radius=5)]
    busy, quiet = place_labels(clash, projector(6), lambda lab: (300, 15), FRAME)
    assert (busy.label.text, busy.spot) == ("Busy", "right") and quiet.spot != "right"  # first pick to the busiest
    x, y = projector(6)(44, 34)
    only_right = [(0, 0, 800, y - 8), (0, y + 8, 800, 600), (0, 0, x - 6, 600)]  # room for one name only
    crowded = place_labels(clash, projector(6), lambda lab: (100, 15), FRAME, only_right)
    assert [p.label.text for p in crowded] == ["Busy"]


def test_a_label_tries_the_other_side_before_giving_up():
    # a wall of markers right of the town: its name goes to the left
    to_pixel = projector(6)
    x, y = to_pixel(44, 34)
    wall = [(x + 6, y - 40, x + 200, y + 40)]
    (p,) = place_labels([Label("Mosul", 34, 44, rank=0, radius=5)], to_pixel, measure, FRAME, wall)
    assert p.spot == "left" and p.box[2] <= x


def test_country_names_are_centred_and_city_dots_need_room():
    to_pixel = projector(6)
    (c,) = place_labels([Label("Iraq", 34, 44, 0, 0, "country")], to_pixel, measure, FRAME)
    assert c.spot == "centre"
    x, y = to_pixel(44, 34)
    blocked = place_labels(
        [Label("Town", 34, 44, 0, 2.5, "city")], to_pixel, measure, FRAME, [(x - 9, y - 9, x + 9, y + 9)]
    )
    assert blocked == []


def test_label_rows_rank_the_selected_then_the_busiest(small_events):
    summary = place_summary(read_events(small_events).valid)
    rows = label_rows(summary)
    busiest = summary.sort_values(["events", "max_fatalities"], ascending=False).iloc[0]["location"]
    assert next(r for r in rows if r[1] == 0)[0] == busiest
    last = summary.iloc[-1]["place_key"]
    assert label_rows(summary, selected_key=last)[-1][1] == 0
    assert sorted(r[1] for r in rows) == list(range(len(summary)))


def test_reference_names_include_capitals_countries_and_big_cities():
    rows = labels.reference_places()
    kinds = {(k, n) for k, n, *_ in rows}
    assert {("capital", "Baghdad"), ("capital", "Damascus"), ("country", "Iraq"), ("city", "Mosul")} <= kinds
    assert not any(n == "Sadr City" for _, n, *_ in rows)  # a district of Baghdad: one name per urban area
    assert {lab.kind for lab in labels.reference_labels(3)} == {"capital", "country"}
    assert len(labels.reference_labels(6)) > len(labels.reference_labels(5)) > len(labels.reference_labels(3))


def test_reference_places_file_is_what_the_script_builds():
    from scripts import build_reference as build

    rows = build.country_labels(build.GEODATA / "boundaries" / "countries.geojson")
    rows += build.city_labels(build.GEODATA / "places.tsv.gz")
    assert build.places_text(rows) == labels.REFERENCE_PLACES.read_text(encoding="utf-8")
    assert labels.REFERENCE_WATER.exists()


def test_maps_carry_the_label_engine_water_and_event_names(small_events):
    df = read_events(small_events).valid
    m = base_map()  # a snapshot's map: everything inline (the live map fetches its basemap: test_live_basemap.py)
    event_layer(place_summary(df)).add_to(m)
    page = m.get_root().render()
    assert "cmLabels" in page and '"lake"' in page and '"Baghdad"' in page  # engine, water, a reference name
    assert '"Tikrit",' in page  # the event layer hands its names to the engine


def test_place_summary_keeps_the_most_precise_code():
    df = pd.DataFrame(
        {"geonameid": [1, 1, 2], "latitude": [33.0, 33.0, 34.0], "longitude": [44.0, 44.0, 45.0],
         "fatalities": [1, 2, 3], "event_type": ["Battles"] * 3, "claim_status": ["reported"] * 3,
         "location": ["Iraq", "Iraq", "Town"], "admin1": ["", "", ""], "country_code": ["IQ"] * 3,
         "geo_precision": [4, 4, 1]}
    )  # fmt: skip
    s = place_summary(df).set_index("location")
    assert s.loc["Iraq", "precision"] == 4 and s.loc["Town", "precision"] == 1
    points = next(c for c in event_layer(s.reset_index())._children.values() if hasattr(c, "rows_json"))
    assert "placed at the country" in points.rows_json and points.labels_json.count("true") == 1  # Iraq: a square
