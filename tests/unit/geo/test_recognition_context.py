"""Recognition and admin/country context on sentences written for these tests (never the evaluation files)."""

import pytest

from conflictmap.geo.geoparse import Geoparser


@pytest.fixture(scope="module")
def parser():
    return Geoparser()


def parsed(parser, text):
    return {t.name: t for t in parser.parse(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Shelling hit Nuqtah in Idleb countryside on Tuesday.",
        "Shelling hit Nuqtah, in the southern countryside of Idlib, on Tuesday.",
    ],
)
def test_unknown_village_is_placed_at_its_named_province(parser, text):
    out = parsed(parser, text)
    village = out["Nuqtah"]
    assert village.place.country_code == "SY" and village.place.feature == "admin1"
    assert village.place.precision == 3 and "not in the gazetteer" in village.note


def test_countryside_of_a_city_means_the_province(parser):
    out = parsed(parser, "Jets struck a village in the northern countryside of Aleppo.")
    assert out["Aleppo"].place.feature == "admin1" and out["Aleppo"].place.precision == 3


def test_village_on_the_outskirts_in_a_named_province(parser):
    out = parsed(parser, "Clashes erupted on the outskirts of Ruzwa in al-Hasakeh on Friday.")
    assert out["Ruzwa"].place.country_code == "SY"
    assert out["al-Hasakeh"].place.country_code == "SY"


def test_the_country_named_in_the_sentence_holds_its_places(parser):
    out = parsed(parser, "Kurdish fighters advanced near Ras al-Ain in Syria's Hasakeh province.")
    assert out["Ras al-Ain"].place.country_code == "SY"
    assert out["Hasakeh"].place.country_code == "SY"


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Rebels entered Busra Esh-Sham after a week of fighting.", {"Busra", "Esh", "Sham", "Esh-Sham"}),
        ("Fighters of the Hamza Division moved north.", {"Hamza", "Hamza Division"}),
        ("The Sultan Murad Brigade and Boko Haram issued statements.", {"Murad", "Boko", "Haram", "Boko Haram"}),
        ("Residents fled Dar'a Al Balad at dawn.", {"Dar'a Al", "Dar'a", "Al Balad", "Balad"}),
        # "Wadi" has a big namesake only by a loose spelling (El Oued): the best reading is a small town
        ("Gunmen opened fire in Wadi Zarqawi on Monday.", {"Wadi", "Zarqawi", "Wadi Zarqawi"}),
    ],
)
def test_multi_word_names_whole_or_not_at_all(parser, text, absent):
    assert not absent & set(parsed(parser, text))


@pytest.mark.parametrize("word", ["JaS", "QSD", "IEDs", "MPs"])
def test_acronyms_are_not_places(parser, word):
    assert word not in parsed(parser, f"Officials said {word} were seen near the market in Mosul.")


def test_country_abbreviation_is_still_a_place(parser):
    out = parsed(parser, "Officials said the U.S. would send advisers to Iraq.")
    assert out["U.S."].place.country_code == "US"


@pytest.mark.parametrize("spelling", ["Dayr az Zawr", "Deir ez-Zor", "Deir-ez-Zor", "Deir al-Zor"])
def test_agency_spellings_resolve_to_one_place(parser, spelling):
    out = parsed(parser, f"Airstrikes hit targets in {spelling} on Sunday.")
    assert out[spelling].place.country_code == "SY"
    assert abs(out[spelling].place.lat - 35.33) < 0.3 and abs(out[spelling].place.lon - 40.14) < 0.3


def test_a_place_name_heading_a_civic_name_stays_a_place(parser):
    # "the Baghdad Operations Command": a major city before a capitalised word is still the city
    out = parsed(parser, "A spokesman for the Baghdad Operations Command said the road was open.")
    assert out["Baghdad"].place.country_code == "IQ"


def test_feature_nouns_keep_the_place(parser):
    out = parsed(parser, "Engineers inspected the Mosul Dam on Monday.")
    assert any(name.startswith("Mosul") and t.place.country_code == "IQ" for name, t in out.items())


def test_demonyms_are_not_loose_spellings_of_villages(parser):
    assert "Syrian" not in parsed(parser, "The fighters crossed near the Syrian border.")


def test_a_country_abbreviation_after_a_place_word_is_the_country(parser):
    out = parsed(parser, "Talks were held in the UAE, the IOM said.")
    assert out["UAE"].place.feature == "country" and "IOM" not in out


def test_the_veto_is_milder_for_a_name_the_text_calls_a_place(monkeypatch):
    # the learned recogniser drops a name the rules keep below VETO; after a place word ("in X") or before a word
    # that says what the place is ("X subdivision (...)", "X village") the bar is the lower VETO_IN_CONTEXT
    import numpy as np

    from conflictmap.geo import recognition as rec

    model = rec.default_recogniser()
    text = "Soldiers raided Kolobo subdivision (Wumba, Ouest) and Kolobo Limited said so."
    first, second = text.index("Kolobo"), text.rindex("Kolobo")
    mentions = [
        rec.Mention(first, first + 6, "Kolobo", "kolobo", []),
        rec.Mention(second, second + 6, "Kolobo", "kolobo", []),
    ]
    assert rec.described(text, mentions).tolist() == [True, False]
    p = (rec.VETO + rec.VETO_IN_CONTEXT) / 2  # between the two bars
    monkeypatch.setattr(type(model), "scores", lambda self, X: np.full(len(X), np.log(p / (1 - p))))
    X = np.zeros((2, len(rec.FEATURES)))
    kept = model.keep(X, np.array([True, True]), rec.described(text, mentions))
    assert kept.tolist() == [True, False]


def test_both_ends_of_a_road_are_places(parser):
    # "X-Y road": a town the gazetteer has, joined to a name it lacks, is one end of a road, not a fragment of a name
    assert "Estepona" in parsed(parser, "Farmers blocked the Estepona-Zorbath Gil road on Monday.")


def test_a_name_ending_a_chain_after_a_preposition_of_place_is_described_as_a_place(parser):
    from conflictmap.geo.recognition import described

    text = "Two men died in a firefight in Barangay Kalyo, Upper Drem, Antequera. Antequera Hotel staff said so."
    raw = parser.recognise(text, 0, len(text), None)
    flags = {(m.text, m.start): bool(d) for m, d in zip(raw, described(text, raw), strict=True)}
    assert flags[("Antequera", text.index("Antequera"))] is True
    assert flags[("Antequera", text.rindex("Antequera"))] is False


def test_the_names_in_a_parenthesis_after_a_name_are_described_as_places(parser):
    from conflictmap.geo.recognition import described

    text = "On 3 March 2021, arsonists burnt a barn in the hamlet of Cortijo Zorbath (Antequera, Andalusia)."
    raw = parser.recognise(text, 0, len(text), None)
    flags = {m.text: bool(d) for m, d in zip(raw, described(text, raw), strict=True)}
    assert flags["Antequera"] and flags["Andalusia"]
