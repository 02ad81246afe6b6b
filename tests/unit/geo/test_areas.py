"""Places inside the areas the text names (sentences written for these tests)."""

import pytest

from conflictmap.geo.areas import constrain_to_named_areas
from tests.unit.geo.conftest import placed


def test_a_town_followed_by_its_province_is_resolved_inside_it(parser):
    # "San Juan" exists in many countries; the province named after it decides
    places = placed(parser, "On 3 March 2021, in San Juan (Misiones), farmers blocked a road.")
    assert places["San Juan"].country_code == "AR"


def test_a_place_missing_from_the_named_province_falls_back_to_the_province(parser):
    # no "Paris" in Idlib: the event is in Idlib province, at the province's precision, never in France
    places = placed(parser, "On 3 March 2021, shelling hit Paris (Idlib) and nearby farms.")
    assert places["Paris"].country_code == "SY" and places["Paris"].precision == 3


def test_a_town_the_gazetteer_files_under_the_neighbouring_division_keeps_its_own_point(parser):
    # the gazetteer has Zwolle in Overijssel, next to the province the text names: the town, not the province's point
    places = placed(parser, "On 3 March 2021, farmers blocked a road in Zwolle (Gelderland).")
    assert (places["Zwolle"].admin1, places["Zwolle"].precision) == ("Overijssel", 1)


def test_the_towns_in_a_parenthesis_after_a_name_are_its_areas_not_one_inside_the_other(parser):
    # "hamlet (A, B)": A is the municipality the hamlet lies in, B the wider area; A is no neighbourhood of town B
    places = placed(
        parser, "On 3 March 2021, arsonists burnt a barn in the hamlet of Casarabonela Alta (Antequera, Marbella)."
    )
    assert (places["Antequera"].name, places["Antequera"].precision) == ("Antequera", 1)


def test_a_town_in_parentheses_may_name_the_district_of_a_town_near_it(parser):
    # "X (Y)": Y may be the district named after its seat; X, a town of the same country 70 km away, keeps its point
    places = placed(parser, "On 3 March 2021, shepherds protested at a well in Antequera (Marbella).")
    assert (places["Antequera"].name, places["Antequera"].precision) == ("Antequera", 1)


def test_a_sea_named_after_a_town_is_no_area_it_lies_in(parser):
    # "X, the Black Sea resort": the sea describes the town; no town lies "in" a sea
    places = placed(parser, "In Varna, the Black Sea harbour town, hundreds of people marched on Sunday.")
    assert (places["Varna"].name, places["Varna"].country_code, places["Varna"].precision) == ("Varna", "BG", 1)


def test_a_big_city_of_the_documents_country_beats_its_bigger_namesake_abroad(parser):
    # Tripoli in Libya is the bigger city; a report on Lebanon means Lebanon's Tripoli. A big city abroad with no
    # namesake in the document's country stays where it is (Damascus)
    text = ("Lebanon's president met party leaders on Monday. Later, thousands of people gathered in Tripoli for a "
            "rally, and an envoy flew in from Damascus.")  # fmt: skip
    places = placed(parser, text)
    assert places["Tripoli"].country_code == "LB" and places["Damascus"].country_code == "SY"


def test_a_reference_town_is_not_a_containing_area(parser):
    # "north of Baghdad" is a reference point, not the area Tikrit lies in
    places = placed(parser, "Fighting was reported in Tikrit, north of Baghdad.")
    assert places["Tikrit"].admin1 != places["Baghdad"].admin1


def test_a_place_named_with_its_town_is_not_a_far_namesake(parser):
    # a neighbourhood the gazetteer lacks, whose name matches a town far away, stands in at its town (precision 2)
    places = placed(parser, "On 3 March 2021, gunmen attacked a house in Bethlehem, Mosul.")
    assert places["Bethlehem"].country_code == "IQ" and places["Bethlehem"].precision == 2


def test_a_region_known_by_its_french_name_is_the_one_of_the_towns_country(parser):
    # Cameroon's "West" region is found by its French name; Haiti's Ouest department is another reading
    places = placed(parser, "On 3 March 2021, gunmen burnt a school in Dschang town (Menoua, Ouest).")
    assert places["Ouest"].country_code == "CM" and places["Dschang"].country_code == "CM"


def test_names_joined_by_a_hyphen_that_live_in_different_countries_are_no_places(parser):
    # "Galway-Sava" reads as Galway (Ireland) and Sava (Madagascar) only apart: one name the gazetteer lacks
    names = {t.name for t in parser.parse("Separatists attacked a checkpoint in Mokolo (Galway-Sava, Extreme-Nord).")}
    assert "Galway" not in names and "Sava" not in names and {"Mokolo", "Extreme-Nord"} <= names


def test_a_road_between_two_cities_keeps_both(parser):
    names = {
        t.name
        for t in parser.parse("Troops were deployed along the Tal Afar-Sinjar road and the Damascus-Beirut highway.")
    }
    assert {"Tal Afar", "Sinjar", "Damascus", "Beirut"} <= names


def test_a_named_city_keeps_its_country_when_the_document_names_another(parser):
    places = placed(parser, "On 3 March 2021, dozens protested in Minsk against closer ties with Russia.")
    assert places["Minsk"].country_code == "BY"


def test_a_loose_namesake_of_a_big_city_abroad_is_not_kept(parser):
    # "Cano" is no spelling of Kano (Nigeria) in a report whose areas are Colombian
    places = placed(
        parser, "On 3 March 2021, in the Cano Verde community, Tibu, Norte de Santander department, a leader was shot."
    )
    assert places.get("Cano") is None or places["Cano"].country_code == "CO"
    assert places["Tibu"].country_code == "CO"


def test_a_country_named_as_the_actor_does_not_pull_places_into_it(parser):
    # "Saudi warplanes": Saudi Arabia acted; the town is where it happened, in its own country
    places = placed(parser, "On 3 March 2021, Saudi warplanes struck a market in Tall Abyad.")
    assert places["Tall Abyad"] is not None and places["Tall Abyad"].country_code == "SY"


def test_a_village_placed_at_a_foreign_namesake_of_its_district_is_moved_into_the_named_state(parser):
    # the geoparser places the unknown village at the area of "Kuda" (a namesake abroad); the state named after
    # the chain says where it is
    places = placed(
        parser, "On 3 March 2021, raiders attacked a cattle camp near Malualdit in Kuda payam (Upper Nile state)."
    )
    assert places["Malualdit"].country_code == "SS" and places["Malualdit"].precision == 3


def test_a_division_misread_abroad_gives_way_to_the_region_of_the_towns_country(parser):
    # "Mayo" reads as Ireland's county; Nord-Ouest is a region of Cameroon (and a department of Haiti): Wum, a
    # Cameroonian town, stays in Cameroon and so does the region
    places = placed(parser, "On 3 March 2021, troops raided houses in Wum town (Mayo, Nord-Ouest).")
    assert places["Wum"].country_code == "CM" and places["Nord-Ouest"].country_code == "CM"
    assert places.get("Mayo") is None


def test_a_region_with_namesakes_in_two_countries_is_the_one_of_the_placed_towns(parser):
    # the town is Cameroonian, the division unknown: Nord-Ouest is Cameroon's region, not Haiti's department
    places = placed(parser, "On 3 March 2021, troops raided houses in Nkambe town (Momo, Nord-Ouest).")
    assert places["Nkambe"].country_code == "CM" and places["Nord-Ouest"].country_code == "CM"


def test_a_division_misread_abroad_does_not_make_a_second_document_country(parser):
    # "Bosso" after Kollo reads as a district of Nigeria until Tillaberi shows it is no area of a Nigerien town: the
    # misreading says nothing of the document's country, which stays Niger, so "Tanda" is not India's town
    places = placed(parser, "On 3 March 2021, soldiers clashed with bandits in Tanda near Kollo (Bosso, Tillaberi).")
    assert places["Kollo"].country_code == "NE" and places["Tillaberi"].country_code == "NE"
    assert places.get("Tanda") is None or places["Tanda"].country_code == "NE"


@pytest.mark.parametrize(("text", "name", "country"),
                         [("On 3 March 2021, Split Mayor's Office banned all protests for 15 days.", "Split", "HR"),
                          ("On 3 March 2021, Mobile Mayor's Office closed the port.", "Mobile", "US")])  # fmt: skip
def test_a_common_word_that_names_an_office_is_its_seat(parser, text, name, country):
    # "Split" and "Mobile" are frequent English words; a mayor's office names the town
    places = placed(parser, text)
    assert places.get(name) is not None and places[name].country_code == country


def seated(parser, text):
    from conflictmap.geo.areas import at_division_seats

    return {t.name: t for t in at_division_seats(text, constrain_to_named_areas(text, parser.parse(text)))}


def test_a_province_named_as_the_place_is_drawn_at_its_seat(parser):
    # ACLED codes a province-level event at the province's capital; the precision stays that of the province
    t = seated(parser, "On 3 June 2021, farmers clashed with police in Cajamarca region.")["Cajamarca region"]
    seat = parser.gaz.seat("PE", "Cajamarca")
    assert seat is not None and seat[0] == "Cajamarca"
    assert (t.place.lat, t.place.lon, t.place.precision) == (seat[1], seat[2], 3)
    assert "seat Cajamarca" in t.note


def test_a_country_named_as_the_place_is_drawn_at_its_capital(parser):
    # a national event ("in several cities of Peru") at the capital, as the codebook codes it; precision stays 4
    t = seated(parser, "On 3 June 2021, farmers were arrested in several cities of Peru.")["Peru"]
    capital = parser.gaz.capital("PE")
    assert capital is not None and capital[0] == "Lima"
    assert (t.place.lat, t.place.lon, t.place.precision) == (capital[1], capital[2], 4)
    assert "capital Lima" in t.note


def test_a_country_with_several_capitals_keeps_its_own_point(parser):
    t = seated(parser, "On 3 June 2021, farmers were arrested in several cities of Bolivia.")["Bolivia"]
    assert parser.gaz.capital("BO") is None and "capital" not in t.note


@pytest.mark.parametrize(
    "text",
    [
        "On 3 June 2021, farmers clashed with police in Quellopampa (Cajamarca region).",
        "On 3 June 2021, farmers clashed with police at Quellopampa airbase (Cajamarca region).",
        "On 3 June 2021, farmers clashed with police in Quellopampa, Cajamarca region.",
    ],
)
def test_a_province_standing_in_for_a_place_it_holds_keeps_its_own_point(parser, text):
    t = seated(parser, text)["Cajamarca region"]
    assert t.place.feature == "admin1" and "seat" not in t.note
    assert (t.place.lat, t.place.lon) != parser.gaz.seat("PE", "Cajamarca")[1:]


def test_a_small_town_on_another_continent_from_every_other_place_is_no_place_there(parser):
    # Houdan (France) beside two Ghanaian towns: a village the gazetteer lacks, not the French commune
    places = placed(parser, "On 3 June 2021, gunmen robbed traders travelling from Houdan to Tamale and Yendi.")
    assert places["Houdan"] is None and places["Tamale"].country_code == "GH"


def test_a_small_town_abroad_is_no_place_there_when_the_text_places_mostly_in_one_country(parser):
    # a third country named once does not save Houdan (France) in a text about Ghanaian towns
    text = ("On 3 June 2021, gunmen robbed traders travelling from Houdan to Tamale, Yendi and Bimbilla in northern "
            "Ghana. Togo closed its border.")  # fmt: skip
    places = placed(parser, text)
    assert places["Houdan"] is None and places["Tamale"].country_code == "GH"


def test_one_place_against_one_keeps_both(parser):
    # with one Ghanaian town only, neither side outweighs the other
    places = placed(parser, "On 3 June 2021, gunmen robbed traders travelling from Houdan to Tamale.")
    assert places["Houdan"].country_code == "FR"


def test_a_village_named_before_a_groups_members_is_the_group(parser):
    # a group named after a town: "Yendi militants" are people, the fighting is near Tamale
    places = placed(parser, "On 3 June 2021, soldiers fought Yendi militants near Tamale.")
    assert places["Yendi"] is None and places["Tamale"].country_code == "GH"
    # a city of 100,000 people or more keeps its place: its fighters come from there
    assert placed(parser, "On 3 June 2021, soldiers fought Tamale militants near Yendi.")["Tamale"] is not None


def test_a_nationality_before_its_forces_is_no_region(parser):
    # "Somali" is also Ethiopia's Somali Region; before "army forces" it says who acted
    places = placed(parser, "On 3 June 2021, Somali army forces retook a village near Baidoa.")
    assert places.get("Somali") is None


def test_a_hamlet_abroad_sharing_a_city_and_its_provinces_names_gives_way_to_the_city(parser):
    # a namesake hamlet abroad lies in a province of the same name too; the city of 100,000 people is meant
    places = placed(parser, "On 3 June 2021, four people were shot dead in Machala, El Oro province, police said.")
    assert places["Machala"].country_code == "EC"


def test_a_township_is_a_kind_of_area_in_a_chain(parser):
    places = placed(parser, "On 3 June 2021, fighting broke out near Kani township, Sagaing Region.")
    assert places["Kani"].country_code == "MM"


def test_a_country_word_inside_a_longer_name_does_not_set_the_documents_country(parser):
    # "Chile" in a village's name is no country of the text: the town named beside it stays Peru's
    text = "On 3 June 2021, soldiers clashed with rebels in Santa Rosa Chile Alto, a village near Chulucanas."
    places = placed(parser, text)
    assert places["Chulucanas"] is not None and places["Chulucanas"].country_code == "PE"


def test_a_nationality_of_a_person_is_not_where_it_happened(parser):
    # "a New Zealand pilot": who was there, not the country of the place
    text = "On 3 June 2021, separatists took hostage a New Zealand pilot in Quellopampa, Peru."
    from conflictmap.geo.areas import ACTOR_COUNTRY_AFTER

    assert ACTOR_COUNTRY_AFTER.match(" pilot in") and placed(parser, text)["Peru"].country_code == "PE"


def test_a_hamlet_sharing_a_citys_name_in_the_same_province_gives_way_to_the_city(parser):
    from dataclasses import replace

    from conflictmap.geo.areas import constrain_to_named_areas

    text = "On 3 June 2021, residents protested in Ojo de Agua (Mexico state)."
    tops = parser.parse(text)
    town = next(i for i, t in enumerate(tops) if t.name == "Ojo de Agua")
    hamlet = next(pid for pid, _ in parser.gaz.ranked("Ojo de Agua", {"MX"})
                  if parser.gaz.population[pid] < 5000 and parser.gaz.admin1[pid] == "México")  # fmt: skip
    tops[town] = replace(tops[town], place=parser.gaz.place(hamlet))  # as if the resolver had chosen the hamlet
    got = {t.name: t.place for t in constrain_to_named_areas(text, tops)}
    assert got["Ojo de Agua"].population > 100_000


@pytest.mark.parametrize(
    "text",
    ["On 3 June 2021, in Nova Iguacu, Rio de Janeiro, police raided homes in the Bom Jesus neighbourhood.",
     "On 3 June 2021, police raided homes in Bom Jesus neighbourhood of Nova Iguacu."],
)  # fmt: skip
def test_a_neighbourhood_lies_in_its_town_not_in_a_town_of_its_name_elsewhere(parser, text):
    got = placed(parser, text)
    assert got["Bom Jesus"].admin1 == "Rio de Janeiro" and got["Bom Jesus"].precision == 2


def test_the_divisions_named_after_a_country_narrow_the_place_to_them(parser):
    # "T area in northern C (P)": P, a division of C, is where T lies, not anywhere in C
    places = placed(parser, "On 3 March 2021, shelling hit the Paris area in northern Syria (Idlib).")
    assert (places["Paris"].country_code, places["Paris"].precision) == ("SY", 3)
    assert "Idlib" in places["Paris"].admin1 or "Idlib" in places["Paris"].name


def test_a_town_between_a_place_and_its_province_is_a_town_there_not_a_division_abroad(parser):
    # "Urdaneta" is also a division of Ecuador; followed by a Philippine province it is the Philippine city, and the
    # barangay named before it lies in that city
    places = placed(parser, "On 3 March 2021, farmers protested in Barangay San Vicente, Urdaneta, Pangasinan.")
    town = places["Urdaneta"]
    assert town is not None and (town.country_code, town.feature) == ("PH", "city")
    near = places["San Vicente"]
    assert near.country_code == "PH"
    assert ((near.lat - town.lat) ** 2 + (near.lon - town.lon) ** 2) ** 0.5 < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "On 3 June 2021, a car bomb exploded in Somalia's capital.",
        "On 3 June 2021, a car bomb exploded in the capital of Somalia.",
    ],
)
def test_a_countrys_capital_named_by_the_country_is_the_capital_city(parser, text):
    t = seated(parser, text)["Somalia"]
    assert (t.place.name, t.place.precision) == ("Mogadishu", 1) and "capital" in t.note


def test_a_town_across_the_border_from_the_documents_places_is_kept(parser):
    # the text names only Kenya; Tororo has no Kenyan namesake but lies across the border from Kisumu: a real place
    # of the report, not a misread namesake to drop
    places = placed(
        parser, "On 3 March 2021, traders from Kisumu in Kenya said police in Tororo had seized their goods."
    )
    assert places["Tororo"] is not None and places["Tororo"].country_code == "UG"


def test_a_loosely_spelt_province_abroad_is_no_place_of_a_report_on_another_country(parser):
    # "Kivas" is read as a near spelling of a province abroad; the report's areas are all South Sudanese
    text = ("On 3 March 2021, armed youth attacked cattle camps on the outskirts of Kivas. Officials of Jonglei state "
            "said the raiders came from Upper Nile state.")  # fmt: skip
    assert placed(parser, text).get("Kivas") is None


def test_a_misread_area_abroad_does_not_empty_a_report_of_its_towns(parser):
    # "Guanabara Bay" gives Somalia's Bay region; the report's towns are Brazilian and stay where they are
    text = ("On 3 March 2021, police raided a warehouse in Tangua, across Guanabara Bay, and later searched homes in "
            "Rio Bonito and Tangua.")  # fmt: skip
    places = placed(parser, text)
    assert places["Tangua"] is not None and places["Tangua"].country_code == "BR"
    assert places["Rio Bonito"] is not None and places["Rio Bonito"].country_code == "BR"


def test_a_big_city_read_from_another_of_its_names_far_from_every_other_place_is_no_place_there(parser):
    # "Niem" is one of the names of a French city; beside Central African towns it is a village the gazetteer lacks
    text = ("CENTRAL AFRICAN REPUBLIC: On 3 June 2021, a truck struck a mine on the road near Niem, between Bouar "
            "and Bocaranga. Refugees from South Sudan reached Obo.")  # fmt: skip
    places = placed(parser, text)
    assert places["Niem"] is None and places["Bouar"].country_code == "CF"


REPORT = (
    "UKRAINE: situation update\n\nPOLTAVSKA OBLAST\n• On 4 May, a drone struck a barn in Vasylivka.\n\n"
    "HUMANITARIAN RESPONSE\n• Partners delivered water to Vasylivka and Sumy.\n\nSUMSKA OBLAST\n"
    "• On 5 May, shelling hit Sumy.\n"
)


def test_a_town_under_a_division_heading_is_that_divisions_namesake(parser):
    # Vasylivka is the name of towns in several oblasts; the section heading says which one is meant
    first, second = [t.place for t in constrain_to_named_areas(REPORT, parser.parse(REPORT)) if t.name == "Vasylivka"]
    assert first.admin1 == "Poltavska oblast"
    # the section ends at the next heading, whatever it names: there the geoparser's reading stands
    assert second.admin1 == next(t.place.admin1 for t in parser.parse(REPORT) if t.start == REPORT.rindex("Vasylivka"))
    assert second.admin1 != "Poltavska oblast"


def test_an_area_abroad_named_before_a_groups_members_is_the_groups_name(parser):
    text = (
        "On Tuesday, soldiers clashed with Mayo militiamen near Makary, in Cameroon's Far North region, killing "
        "three of them."
    )
    places = placed(parser, text)
    assert places["Mayo"] is None and places["Far North region"].country_code == "CM"
    # an area of the report's own country keeps its place
    assert placed(parser, "Kachin rebels attacked a post in Myitkyina, Myanmar.")["Kachin"].country_code == "MM"


def test_a_country_named_by_the_end_of_another_countrys_full_name_is_that_country(parser):
    text = "Militias attacked a camp in eastern Democratic Republic of Congo on Monday. Congo's army said it repelled them."
    assert placed(parser, text)["Congo"].country_code == "CD"
    # a country's own main name stays: Sudan beside South Sudan
    assert placed(parser, "South Sudan accused Sudan of bombing its border towns.")["Sudan"].country_code == "SD"


@pytest.mark.parametrize(
    ("text", "country"),
    [("Militiamen killed 12 people in Congo on Sunday, officials in Bunia and Beni said.", "CD"),
     ("Police in Brazzaville said clashes in Congo's Pool region killed four; Pointe-Noire was calm.", "CG")],
)  # fmt: skip
def test_a_name_two_countries_carry_is_the_one_whose_places_the_text_names(parser, text, country):
    assert placed(parser, text)["Congo"].country_code == country


def test_a_division_the_gazetteer_lacks_named_with_its_kind_word_does_not_break_the_chain(parser):
    # "Blimquor District" is in no gazetteer: Paris still lies in the province named after it, never in France
    places = placed(parser, "On 3 March 2021, shelling hit Paris sub-district, Blimquor District, Idlib province.")
    assert places["Paris"].country_code == "SY" and places["Paris"].precision == 3


def test_capitalised_words_right_after_a_name_are_its_own_not_a_division_in_the_chain(parser):
    # "Paris Blimquor district": one name the gazetteer lacks, so "Paris" is not put in the province after it
    places = placed(parser, "On 3 March 2021, shelling hit Paris Blimquor district, Idlib province.")
    assert places.get("Paris") is None or places["Paris"].country_code != "SY"


def test_a_place_filed_under_another_by_the_report_lies_in_the_chain_after_it(parser):
    # "X village, coded as Y district, ...": the report names the division it filed the village under
    for link in ("coded as", "coded to"):
        places = placed(
            parser, f"On 3 March 2021, in Paris village, {link} Zwolle municipality (Overijssel), farmers rioted."
        )
        assert places["Paris"].country_code == "NL", link


@pytest.mark.parametrize(
    "siblings", ["Paris and Blimquor villages", "Blimquor, Paris and Lyon villages", "Paris and Lyon towns"]
)
def test_every_name_of_a_list_of_villages_lies_in_the_areas_named_after_the_list(parser, siblings):
    # a plural "villages" says the areas after the list hold each of its names, known or not
    places = placed(parser, f"On 3 March 2021, gunmen raided {siblings}, Zwolle municipality (Overijssel).")
    assert places["Paris"].country_code == "NL"
    if "Lyon" in siblings:
        assert places["Lyon"].country_code == "NL"


def test_a_list_of_towns_without_a_plural_word_is_not_put_in_the_area_after_its_last_name(parser):
    # "Mosul and Tikrit in Salahuddin": only Tikrit is said to lie in the province
    places = placed(parser, "On 3 March 2021, fighting spread to Mosul and Tikrit in Salahuddin.")
    assert places["Mosul"].admin1 != places["Tikrit"].admin1


def test_a_division_the_gazetteer_lacks_is_placed_at_its_town_of_that_name_in_the_area_named_after_it(parser):
    # no district "Saku" in Nagano (only one in Estonia): the town Saku of Nagano stands for it, as a town-level point
    places = placed(parser, "On 3 March 2021, gunmen killed a farmer in Saku district (Nagano).")
    assert (places["Saku district"].name, places["Saku district"].country_code) == ("Saku", "JP")
    assert places["Saku district"].precision == 2


def test_a_big_city_abroad_is_no_reading_of_a_name_the_text_gives_as_a_division(parser):
    # a report on Myanmar: "Kani township" is Myanmar's, not the Japanese city of that name
    text = ("On 3 March 2021, troops stationed in Kani township, in Sagaing Region of Myanmar, burned houses in the "
            "town of Kani.")  # fmt: skip
    assert all(p is None or p.country_code == "MM" for n, p in placed(parser, text).items() if n == "Kani")
