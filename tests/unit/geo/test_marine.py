"""Seas, gulfs, straits and bays from Natural Earth's marine polygons: the build's choice of names and points, the
data file read as plain data only, and recognition as one water body (sentences and rows written for these tests,
never the gold files)."""

import io
import pickle
from pathlib import Path

import pytest

from conflictmap.geo.geoparse import Geoparser
from scripts import build_features
from scripts.build_geodata import Builder


@pytest.fixture(scope="module")
def parser():
    return Geoparser()


def found(parser, text):
    return {t.name: t.place for t in parser.parse(text)}


def test_a_gulf_named_after_a_town_is_one_water_body_not_the_town(parser):
    out = found(parser, "Pirates boarded a bulk carrier in the Gulf of Aden on Monday.")
    assert list(out) == ["Gulf of Aden"], out
    gulf = out["Gulf of Aden"]
    assert (gulf.feature, gulf.feature_class) == ("water", "H")
    assert 10 < gulf.lat < 15 and 46 < gulf.lon < 52  # inside the gulf, east of the city of Aden (45.0 E)


def test_a_strait_is_not_the_territory_it_is_named_after(parser):
    out = found(parser, "Two warships sailed through the Strait of Gibraltar overnight.")
    assert list(out) == ["Strait of Gibraltar"] and out["Strait of Gibraltar"].feature_class == "H"


def test_a_strait_whose_name_carries_no_class_word_is_found(parser):
    out = found(parser, "Grain ships queued to cross the Bosporus at dawn.")
    assert "Bosporus" in out and out["Bosporus"].feature_class == "H"
    assert abs(out["Bosporus"].lat - 41.1) < 0.5 and abs(out["Bosporus"].lon - 29.05) < 0.5


def test_a_large_city_named_after_its_bay_stays_the_city(parser):
    out = found(parser, "Thousands protested in Bahía Blanca on Friday.")
    assert out["Bahía Blanca"].feature == "city" and out["Bahía Blanca"].country_code == "AR"


def test_a_town_sharing_a_bay_name_still_wins_in_its_own_context(parser):
    out = found(parser, "The mayor of Hudson Bay, Saskatchewan, opened the new rink.")
    assert out["Hudson Bay"].feature == "city" and out["Hudson Bay"].country_code == "CA"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Gulf of Zed", "water"),
        ("Zed Sea", "water"),
        ("Estrecho de Zed", "water"),
        ("Zed River", "river"),
        ("Lago de Zed", "lake"),
        ("Zedgat", None),
        ("Seaview", None),  # a class word inside another word is none
    ],
)
def test_marine_kind_comes_from_the_class_word(name, kind):
    assert build_features.marine_kind(name) == kind


def test_the_data_file_is_read_as_plain_data_only():
    plain = pickle.dumps({"marine": [("Zed Sea", (0, 0, 1, 1), [((0, 0, 1, 1), [(0, 0), (1, 0), (1, 1), (0, 0)])])]})
    assert build_features._PlainUnpickler(io.BytesIO(plain)).load()["marine"][0][0] == "Zed Sea"
    with pytest.raises(pickle.UnpicklingError, match="refusing"):
        build_features._PlainUnpickler(io.BytesIO(pickle.dumps(Path("x")))).load()


def _square(lon, lat, size=2.0):
    return [(lon, lat), (lon + size, lat), (lon + size, lat + size), (lon, lat + size), (lon, lat)]


def test_build_indexes_class_word_names_and_leaves_known_names_to_their_places(monkeypatch):
    b = Builder()
    town = {"name": "Zed", "lat": 5.0, "lon": 5.0, "feature": "city", "country_code": "XX", "population": 900}
    b.add(town, ["Zed", "Zed Lake", "Hud Bay"])
    city = {"name": "Bahia Zed", "lat": 9.0, "lon": 9.0, "feature": "city", "country_code": "XX", "population": 250_000}
    b.add(city, [])
    b.add({"name": "Known Sea", "lat": 0.0, "lon": 0.0, "feature": "water", "population": 0}, [])
    polygons = {
        "Gulf of Zed": [_square(10, 20), _square(40, 40, 0.5)],  # the point is inside the largest part
        "Zed": [_square(0, 0)],  # no class word and a town's name: left to the town
        "Zed Lake": [_square(0, 0)],  # a lake never takes a town's name
        "Hud Bay": [_square(-80, 55)],  # a bay may share a town's name, as seas in the supplement do
        "Bahía Zed": [_square(9, 8)],  # but not a city's that news names more often
        "Known Sea": [_square(0, 0)],  # already a water body: keeps its row
        "The Zed Passages": [_square(-100, 70)],
    }
    monkeypatch.setattr(build_features, "marine_polygons", lambda: polygons)
    assert build_features.add_marine(b) == 3
    added = {
        p["name"]: (p, b.names[pid]) for pid, p in enumerate(b.places) if p.get("source", "").startswith("Natural")
    }
    assert sorted(added) == ["Gulf of Zed", "Hud Bay", "The Zed Passages"]
    gulf, _ = added["Gulf of Zed"]
    assert gulf["feature"] == "water" and 20 < gulf["lat"] < 22 and 10 < gulf["lon"] < 12
    assert added["The Zed Passages"][1] == {"The Zed Passages", "Zed Passages"}
