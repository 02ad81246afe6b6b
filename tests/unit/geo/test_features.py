"""Airports, air bases and other named features: their feature class, recognition with the class word, and that
they never take a town's or a person's name (sentences and rows written for these tests, never the gold files)."""

import csv

import pytest

from conflictmap.geo import features
from conflictmap.geo.geoparse import Geoparser
from conflictmap.geo.names import name_key
from scripts import build_features


@pytest.fixture(scope="module")
def parser():
    return Geoparser()


def found(parser, text):
    return {t.name: t.place for t in parser.parse(text)}


def test_an_airport_named_in_full_is_one_place_with_its_feature_class(parser):
    out = found(parser, "A drone struck a hangar at Baghdad International Airport late on Tuesday.")
    assert list(out) == ["Baghdad International Airport"]
    place = out["Baghdad International Airport"]
    assert (place.feature, place.feature_class, place.country_code, place.precision) == ("airport", "S", "IQ", 1)
    assert abs(place.lat - 33.26) < 0.05 and abs(place.lon - 44.23) < 0.05


@pytest.mark.parametrize(
    ("text", "mention", "kind"),
    [
        ("Army units pulled back to Qayyarah airbase overnight.", "Qayyarah airbase", "airport"),
        ("Army units pulled back to Qayyarah Air Base overnight.", "Qayyarah Air Base", "airport"),
        ("Helicopters flew out of Bagram airfield at dawn.", "Bagram airfield", "airbase"),
        ("Soldiers guarded Kabul airport through the night.", "Kabul airport", "airport"),
    ],
)
def test_a_class_word_after_a_town_makes_the_feature_the_gazetteer_holds(parser, text, mention, kind):
    out = found(parser, text)
    assert mention in out, out
    assert out[mention].feature == kind and out[mention].feature_class == "S"
    assert not any(name in out for name in mention.split()[:1])  # whole or not at all: no town left beside it


def test_a_spelling_of_the_city_the_gazetteer_knows_names_its_airport_too(parser):
    # airportsdata calls the city "Arbil"; news writes Erbil, the gazetteer's main name
    out = found(parser, "Two transport planes landed at Erbil air base.")
    assert out["Erbil air base"].feature_class == "S" and out["Erbil air base"].country_code == "IQ"


def test_a_facility_the_gazetteer_lacks_leaves_the_town_as_it_was(parser):
    for text in ("Engineers inspected the Mosul Dam after the floods.", "Engineers inspected the Mosul dam."):
        out = found(parser, text)
        assert list(out) == ["Mosul"] and out["Mosul"].feature == "city"


def test_features_do_not_take_bare_names(parser):
    out = found(parser, "Shelling in Qayyarah and Bagram wounded four. Jordan said talks in Amman went well.")
    assert all(p.feature_class != "S" for p in out.values()), out
    assert found(parser, "Protesters marched from the square to the airport.") == {}


def test_feature_kinds_have_geonames_classes_and_precisions():
    assert [features.feature_class(k) for k in ("airport", "airbase", "dam", "river", "lake", "mountain")] == list(
        "SSSHHT"
    )
    assert features.feature_class("water") == "H" and features.feature_class("city") == "P"
    assert features.feature_class("region") == "L"
    assert features.feature_code("river") == "STM" and features.feature_code("city") == ""
    assert features.precision("river") > features.precision("lake") > features.precision("dam")


class _StubGazetteer:
    """Counts the lookups: a class word must be present before the gazetteer is asked."""

    def __init__(self, rows):
        self.rows = rows  # key -> [(pid, feature)]
        self.feature = {pid: f for entries in rows.values() for pid, f in entries}
        self.asked = 0

    def has_key(self, key):
        self.asked += 1
        return key in self.rows

    def ranked(self, surface):
        return [(pid, 1.0) for pid, _ in self.rows[name_key(surface)]]


def test_extended_match_needs_the_class_word_and_a_feature_of_that_class():
    gaz = _StubGazetteer({name_key("Tigris River"): [(7, "river")], name_key("Haditha Dam"): [(3, "city")]})
    text = "boats on the Tigris river near Haditha dam and Tigris Street"
    tigris = text.index("Tigris")
    assert features.extended_match(gaz, text, tigris, tigris + 6) == (tigris + 12, name_key("Tigris River"), [(7, 1.0)])
    haditha = text.index("Haditha")
    assert features.extended_match(gaz, text, haditha, haditha + 7) is None  # a dam key that is no dam
    street = text.rindex("Tigris")
    asked = gaz.asked
    assert features.extended_match(gaz, text, street, street + 6) is None and gaz.asked == asked  # no class word


def _airports(tmp_path, rows):
    path = tmp_path / "airports.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, ["icao", "iata", "name", "city", "subd", "country", "elevation", "lat", "lon"])
        w.writeheader()
        for r in rows:
            w.writerow(dict(zip(("icao", "iata", "name", "city", "country"), r, strict=True), lat=1, lon=2))
    return build_features.kept_airports(path)


def test_build_keeps_coded_airports_and_military_fields_only(tmp_path):
    kept = _airports(
        tmp_path,
        [
            ("ZZAA", "AAA", "Northtown International Airport", "Northtown", "XX"),
            ("ZZAB", "", "Pine Ridge Air Base", "Pine Ridge", "XX"),
            ("ZZAC", "", "Smith Family Farm Strip", "Westville", "XX"),  # private strip, no code
            ("ZZAD", "AAD", "Harbour Heliport", "Northtown", "XX"),
            ("ZZAE", "AAE", "Kabwum", "Kabwum", "XX"),  # no class word: its bare name could be the town's
        ],
    )
    assert [r["icao"] for r in kept] == ["ZZAA", "ZZAB"]


def test_build_names_carry_a_class_word_and_city_aliases_only_when_unambiguous():
    row = {"name": "Northtown International Airport", "city": "Northtown"}
    names = build_features._names(row, ["Northtown", "North Town"], unique_city=True, iata_city=True)
    assert "Northtown Airport" in names and "North Town Air Base" in names and "Northtown Airfield" in names
    assert all(build_features.CLASS_WORD.search(n) for n in names)
    shared = build_features._names(row, ["Northtown"], unique_city=False, iata_city=False)
    assert shared == ["Northtown International Airport", "Northtown Airport"]


def test_no_feature_shares_a_name_with_a_town_or_a_division():
    from conflictmap.geo.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    shared = []
    for key in gaz._index:
        kinds = {gaz.feature[pid] in features.KINDS for pid, _ in gaz.ids(key)}
        if len(kinds) > 1:
            shared.append(key)
    assert not shared, shared[:10]


def test_an_airport_name_without_its_opening_city_is_indexed_when_a_name_is_left():
    from scripts.build_features import _names

    assert "Stansted Airport" in _names({"name": "London Stansted Airport"}, ["London"], False, False)
    assert not {"International Airport", "Airport"} & set(
        _names({"name": "Erbil International Airport"}, ["Erbil"], False, True)
    )
