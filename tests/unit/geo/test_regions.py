"""Regions named by their divisions (scripts/build_regions.py), on made-up divisions and on the built gazetteer."""

import pytest

from conflictmap.geo.geoparse import Geoparser
from scripts.build_geodata import Builder
from scripts.build_regions import add_split_regions, split_rest


@pytest.mark.parametrize(
    ("name", "rest"),
    [
        ("North Mavro", "Mavro"),
        ("Mavro del Sur", "Mavro"),
        ("Haut-Mavro", "Mavro"),
        ("Mavro-Est", "Mavro"),
        ("Western Mavro Hills", None),  # ends in a class word
        ("Eastern Cape", None),
        ("Province du Nord", None),  # no name before the direction, a class word opens it
        ("Estrela do Norte", None),  # the rest ends in a particle
        ("North Hill", None),  # an English word
        ("Mavro", None),
    ],
)
def test_split_rest(name, rest):
    assert split_rest(name, {"hill"}) == rest


def _place(name, feature, cc, lat, lon, population=0):
    return {"geonameid": None, "name": name, "lat": lat, "lon": lon, "feature": feature, "country_code": cc,
            "admin1": "", "population": population, "source": "test"}  # fmt: skip


def test_two_divisions_of_one_country_make_a_region_at_their_mean():
    b = Builder()
    b.add(_place("North Mavro", "admin1", "XA", 10.0, 20.0), ["Mavro-Nord"])
    b.add(_place("South Mavro", "admin1", "XA", 8.0, 22.0), [])
    b.add(_place("North Bar", "admin1", "XA", 1.0, 1.0), [])  # only one division: no region
    assert add_split_regions(b) == 1
    region = b.places[-1]
    assert (region["name"], region["feature"], region["country_code"]) == ("Mavro", "region", "XA")
    assert (region["lat"], region["lon"]) == (9.0, 21.0)
    assert "North Mavro" in region["source"] and "South Mavro" in region["source"]


@pytest.mark.parametrize(
    "other",
    [
        _place("Mavro", "admin2", "XA", 5.0, 5.0),  # the country already has a division of that name
        _place("Mavro", "city", "XB", 5.0, 5.0, population=250_000),  # a big city abroad is what the name means
        _place("East Mavro", "admin1", "XB", 5.0, 5.0),  # another country's divisions are named after it too
    ],
)
def test_no_region_where_the_bare_name_means_something_else(other):
    b = Builder()
    b.add(_place("North Mavro", "admin1", "XA", 10.0, 20.0), [])
    b.add(_place("South Mavro", "admin1", "XA", 8.0, 22.0), [])
    b.add(other, [])
    assert add_split_regions(b) == 0


@pytest.fixture(scope="module")
def parser():
    return Geoparser()


def test_a_region_split_into_divisions_is_found_by_its_own_name(parser):
    out = [(t.name, t.place.country_code, t.place.feature) for t in parser.parse("Clashes spread across Mashonaland.")]
    assert out == [("Mashonaland", "ZW", "region")]
    assert [t.place.country_code for t in parser.parse("Rebels advanced in Logone on Monday.")] == ["TD"]
