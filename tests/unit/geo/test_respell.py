"""A name the gazetteer lacks as spelled, found as a close spelling inside the area named after it (sentences and
misspellings written for these tests)."""

import pytest

from conflictmap.geo.respell import respell_before_areas
from tests.unit.geo.conftest import placed


def test_a_misspelt_town_before_its_region_is_that_regions_town(parser):
    places = placed(parser, "On 3 June 2021, police dispersed farmers in Chulucannas district (Piura region).")
    assert (places["Chulucannas"].name, places["Chulucannas"].country_code) == ("Chulucanas", "PE")


def test_a_region_sharing_its_name_with_its_capital_is_the_region(parser):
    # "Piura" reads as the city; the town spelled near Ayabaca lies 100 km away in the same region
    places = placed(parser, "On 3 June 2021, farmers blocked the road at Ayabacca (Huancabamba, Piura).")
    assert places["Ayabacca"].name == "Ayabaca"


def test_a_far_spelling_is_not_taken(parser):
    text = "On 3 June 2021, police dispersed farmers in Chalacanos district (Piura region)."
    assert all(t.name != "Chalacanos" for t in respell_before_areas(text, parser.parse(text), parser.gaz))


def test_without_an_area_after_it_a_near_spelling_is_not_a_place(parser):
    text = "On 3 June 2021, Chulucannas said farmers would march."
    assert all(t.name != "Chulucannas" for t in respell_before_areas(text, parser.parse(text), parser.gaz))


def test_a_first_name_before_a_parenthesis_is_no_place(parser):
    text = "On 3 June 2021, farmers led by Maria (Piura) blocked the road."
    assert all(t.name != "Maria" for t in respell_before_areas(text, parser.parse(text), parser.gaz))


def respelt_areas(parser, text):
    from conflictmap.geo.respell import respell_areas

    return {t.name: t.place for t in respell_areas(text, parser.parse(text), parser.gaz) if "spelled near" in t.note}


def test_a_misspelt_division_in_a_parenthesis_is_found_in_the_country_of_the_area_beside_it(parser):
    got = respelt_areas(parser, "On 3 June 2021, farmers blocked the road in Quellopampa (Huancabanba, Piura).")
    assert got["Huancabanba"].country_code == "PE" and got["Huancabanba"].feature == "admin2"


def test_a_division_called_by_english_words_is_not_respelt(parser):
    # "Central" is one letter from Togo's "Centrale": a plain word is found by its exact name or not at all
    assert respelt_areas(parser, "On 3 June 2021, farmers blocked the road in Quellopampa (Central).") == {}


def test_a_misspelt_division_needs_a_place_before_its_parenthesis(parser):
    assert respelt_areas(parser, "On 3 June 2021, farmers blocked the road (Huancabanba, Piura).") == {}


def test_a_name_ending_in_a_capitalised_part_opens_the_parenthesis_too(parser):
    got = respelt_areas(parser, "On 3 June 2021, gunmen clashed in Wadi al-Quellop (Huancabanba).")
    assert got["Huancabanba"].country_code == "PE"


def test_a_gap_of_capitals_is_read_in_linear_time():
    import time

    from conflictmap.geo.respell import _CHAIN

    t0 = time.process_time()
    assert _CHAIN.match(", " + "A" * 40 + ";") is None
    assert time.process_time() - t0 < 1.0  # backtracking into the word made this take minutes


@pytest.mark.parametrize(
    "text",
    ["In Chulukanas district, Piura region, police dispersed farmers.",
     "Police dispersed farmers in Chulukanas in Piura region."],
)  # fmt: skip
def test_a_near_spelling_after_a_capitalised_preposition_an_in_or_a_line_break_is_found(parser, text):
    # the geoparser's own reading of the misspelling is left out, so the near-spelling lookup must find it
    toponyms = [t for t in parser.parse(text) if t.name != "Chulukanas"]
    found = {t.name: t.place.name for t in respell_before_areas(text, toponyms, parser.gaz) if "spelled" in t.note}
    assert found == {"Chulukanas": "Chulucanas"}


def test_a_name_opening_a_line_is_not_respelt(parser):
    # like a sentence's first word, a line's first word may be anything capitalised
    text = "Farmers protest\nChulukanas (Piura region) was calm."
    assert not [t for t in respell_before_areas(text, parser.parse(text), parser.gaz) if "spelled" in t.note]


def test_a_division_called_by_plain_words_is_read_in_the_country_of_the_place_before_it(parser):
    got = placed(parser, "On 3 June 2021, gunmen killed a trader in Nkambe (Donga-Mantung, North-West).")
    assert (got["North-West"].country_code, got["North-West"].feature) == ("CM", "admin1")


def test_a_division_called_by_plain_words_that_the_place_before_it_is_not_in_is_not_read(parser):
    got = placed(parser, "On 3 June 2021, gunmen killed a trader in Koupela (North-West).")
    assert "North-West" not in got and got["Koupela"].country_code == "BF"


def test_an_english_word_before_its_area_in_a_parenthesis_is_that_areas_town(parser):
    got = placed(parser, "On 3 June 2021, dissidents clashed with soldiers in rural areas of Colon (Putumayo).")
    assert (got["Colon"].name, got["Colon"].country_code) == ("Colón", "CO")
