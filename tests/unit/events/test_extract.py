"""Event rules on sentences written for these tests."""

import dataclasses
from datetime import date

import pytest

from conflictmap.events.actors import actors_in, conventional_roles, named_actor, opposing_same_kind
from conflictmap.events.counts import displaced_in, fatalities_in, parse_number
from conflictmap.events.dates import resolve_dates
from conflictmap.events.extract import _event_place, _past_or_tally, _past_year, extract_events, read_clause
from conflictmap.geo.geoparse import Geoparser

SUNDAY = date(2014, 6, 15)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [("on Sunday", (SUNDAY, SUNDAY)), ("on Saturday", (date(2014, 6, 14),) * 2),
     ("in the past 24 hours", (date(2014, 6, 14), SUNDAY)), ("last week", (date(2014, 6, 2), date(2014, 6, 8))),
     ("yesterday", (date(2014, 6, 14),) * 2), ("on 3 June 2014", (date(2014, 6, 3),) * 2)],
)  # fmt: skip
def test_relative_dates(phrase, expected):
    assert resolve_dates(f"Fighting broke out {phrase} near the town.", SUNDAY)[:2] == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [("on 3 June", (date(2014, 6, 3),) * 2), ("on June 3", (date(2014, 6, 3),) * 2),
     ("on 28 December", (date(2013, 12, 28),) * 2), ("in March 2013", (date(2013, 3, 1), date(2013, 3, 31))),
     ("since 1 May 2014", None), ("since May 2014", None), ("until 20 June", None),
     ("on Nov. 10, 2013", (date(2013, 11, 10),) * 2), ("on Sept. 3", (date(2013, 9, 3),) * 2),
     ("since March", None), ("between 9 and 12 June", (date(2014, 6, 9), date(2014, 6, 12))),
     ("from 9-12 June", (date(2014, 6, 9), date(2014, 6, 12))), ("on 9 and 12 June", (date(2014, 6, 12),) * 2)],
)  # fmt: skip
def test_a_day_without_its_year_is_the_latest_by_publication_and_a_month_is_a_window(phrase, expected):
    found = resolve_dates(f"Fighting broke out {phrase} near the town.", SUNDAY)
    assert (found and found[:2]) == expected


def test_background_dated_only_by_its_month_is_left_out_and_a_day_carries(parser):
    text = ("On 12 June, militants attacked a police post in Kirkuk, killing four policemen. "
            "Two more policemen were wounded. In March 2013, a similar attack in Kirkuk killed 20 people.")  # fmt: skip
    evs = events_of(parser, text)
    assert [(e.date_from, e.fatalities) for e in evs] == [(date(2014, 6, 12), 4)]


def test_said_sunday_dates_the_statement_not_the_event():
    assert resolve_dates("The general said Sunday that troops advanced.", SUNDAY) is None


@pytest.mark.parametrize(
    ("clause", "counts"),
    [("Seven people were killed in the blast", (7, 7, 7)), ("a bombing killing 23 people", (23, 23, 23)),
     ("the bodies of 4 farmers", (4, 4, 4)), ("dozens of guards were executed", (None, 24, 99)),
     ("nobody was hurt", (0, 0, 0)), ("On 3 March 2021, 4 herders were killed", (4, 4, 4)),
     ("On March 3, 2021 two traders died", (2, 2, 2)), ("the blast wounded 5 passers-by", (None, None, None)),
     ("between 10-15 rebels were killed", (10, 10, 15)), ("3 soldiers and 2 civilians were killed", (5, 5, 5)),
     ("a driver was shot dead", (1, 1, 1)), ("a car bomb killed 6 people", (6, 6, 6)),
     ("neither casualties nor injuries were reported", (0, 0, 0)), ("no fatalities were recorded", (0, 0, 0)),
     ("the attack left 8 dead", (8, 8, 8)), ("resulting in 2 fatalities", (2, 2, 2)),
     ("a raid on a farmhouse, killing 2 of them", (2, 2, 2)), ("3 separatist suspects were killed", (3, 3, 3)),
     ("gunmen killed one ranger and injured another", (1, 1, 1)), ("4 gunmen were killed", (4, 4, 4)),
     ("two armed men shot and killed a man", (1, 1, 1)), ("three guards were martyred in the blast", (3, 3, 3))],
)  # fmt: skip
def test_fatalities(clause, counts):
    assert fatalities_in(clause) == counts


def test_numbers_and_displacement_and_actors():
    assert parse_number("1,700") == (1700, 1700, 1700)
    assert displaced_in("About 20,000 people fled their homes") == 20000
    # where they came from may stand between the count and the verb
    assert (
        displaced_in("Some 310 families from two villages of the upper valley, near the river, were displaced") == 310
    )
    assert actors_in("Isis fighters clashed with Iraqi forces and tribesmen", True) == [
        "ISIL", "Military forces of Iraq", "Tribal fighters",
    ]  # fmt: skip
    assert actors_in("police dispersed protesters", False) == ["Police forces", "Protesters"]


@pytest.fixture(scope="module")
def parser():
    return Geoparser()


def place_of(parser, text):
    """The event place _event_place reads in a one-sentence text."""
    return _event_place(text, parser.parse(text), 0, len(text))


def events_of(parser, text, published=SUNDAY):
    return extract_events("t1", text, parser.parse(text), published, len(text))


def test_claim_shelling_anaphora_and_country_level(parser):
    text = (
        "Militants attacked the town of Baiji in Salaheddin province on Saturday. "
        "Five people were killed in shelling of the town, and 9 soldiers died in ensuing clashes.\n\n"
        "The army claimed it had killed 40 militants in Iraq in the past 24 hours. "
        "There was no way of independently verifying the figure."
    )
    evs = events_of(parser, text)
    by_count = {e.fatalities: e for e in evs}
    assert by_count[5].place.name == "Baiji" and by_count[5].event_type == "Explosions/Remote violence"
    assert by_count[9].place.name == "Baiji" and by_count[9].event_type == "Battles"
    assert by_count[40].claim_status == "claimed" and by_count[40].geo_precision == 4
    assert by_count[5].date_from == date(2014, 6, 14)
    assert all(text[e.start : e.end].strip() == e.excerpt for e in evs)


def test_vague_summary_is_not_an_event(parser):
    assert events_of(parser, "Violence has swept across northern Iraq in recent weeks.") == []


@pytest.mark.parametrize(
    ("clause", "etype", "sub"),
    [("Residents protested over the killing of a driver by a soldier", "Protests", "Peaceful protest"),
     ("An IED exploded under a patrol, killing 2 soldiers", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
     ("Gunmen shot dead a fighter of the rival faction", "Battles", "Armed clash"),
     ("Gunmen shot dead a shepherd", "Violence against civilians", "Attack"),
     ("Unknown men attacked a farmer with knives", "Violence against civilians", "Attack"),
     ("Protesters threw stones at the police and burned tyres", "Riots", "Violent demonstration"),
     ("Police fired tear gas to disperse demonstrators", "Protests", "Protest with intervention"),
     ("Security forces opened fire on protesters, killing 3", "Protests", "Excessive force against protesters"),
     # a remnant of an old war that goes off is a strategic development in ACLED's codebook, not an attack
     ("A landmine left over from the war exploded", "Strategic developments", "Other"),
     ("A landmine exploded under a bus", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
     ("A timed IED was found on a roadside and defused", "Strategic developments", "Disrupted weapons use"),
     ("Forces recovered four improvised explosive devices", "Strategic developments", "Disrupted weapons use"),
     ("Separatists shot and killed one ranger", "Battles", "Armed clash"),
     # people, not an armed group, with blades against the police; a crowd punishing suspects; a crowd turning violent
     ("Three men with knives and axes threatened two police officers", "Riots", "Mob violence"),
     ("Two suspected thieves were tied up, beaten up and robbed by locals", "Riots", "Mob violence"),
     ("Residents who defied the curfew turned violent", "Riots", "Violent demonstration"),
     ("Gunmen with machetes attacked a farmer", "Violence against civilians", "Attack"),
     ("Police seized 250,000 packs of smuggled cigarettes", "Strategic developments", "Looting/property destruction"),
     ("Workers gathered at the regional government centre in the capital to demand wages", "Protests",
      "Peaceful protest"),
     ("Nurses gathered at the old provincial hall in the market quarter of the capital city, near the river port and "
      "the bus station, to demand wages", "Protests", "Peaceful protest"),
     ("Police arrested 4 suspected smugglers", "Strategic developments", "Arrests"),
     # property destroyed by unknown people, a few masked men or one man: no crowd, no riot
     ("Unknown persons vandalised the offices of a radio station overnight", "Strategic developments",
      "Looting/property destruction"),
     ("A man threw three Molotov cocktails at the town hall", "Strategic developments", "Looting/property destruction"),
     ("A group of masked men set fire to two lorries at the quarry", "Strategic developments",
      "Looting/property destruction"),
     ("Protesters vandalised the town hall and threw stones at police", "Riots", "Violent demonstration"),
     # a deployment whose purpose or cause is fighting: the deployment is what the clause reports
     ("About 300 police officers were deployed to the port to reinforce operations against gangs fighting over the "
      "docks", "Strategic developments", "Change to group/activity"),
     ("Army reinforcements arrived in the district ahead of an expected rebel offensive", "Strategic developments",
      "Change to group/activity"),
     ("Troops arrived in the town and clashed with rebels", "Battles", "Armed clash"),
     # what happened the day before is not what this clause reports
     ("Police arrested an opposition leader at his home on Friday, a day after riot police dispersed hundreds of "
      "people protesting outside the assembly", "Strategic developments", "Arrests"),
     ("Two days after the ambush, students marched through the capital", "Protests", "Peaceful protest"),
     ("Militants looted shops in the market", "Strategic developments", "Looting/property destruction"),
     ("Troops conducted a patrol near the border", "Strategic developments", "Change to group/activity"),
     ("Engineers defused an explosive device on the road", "Strategic developments", "Disrupted weapons use"),
     ("Armed men abducted a teacher", "Violence against civilians", "Abduction/forced disappearance"),
     ("Warplanes struck positions of the rebels", "Explosions/Remote violence", "Air/drone strike"),
     ("The two sides signed a ceasefire agreement", "Strategic developments", "Agreement"),
     ("Rebels clashed with the army", "Battles", "Armed clash"),
     ("An angry mob lynched a suspected thief", "Riots", "Mob violence"),
     # a ceasefire broken by fire is fighting; a convoy of cars with banners protests; a mass grave is told
     ("Separatists violated the ceasefire by firing on army positions", "Battles", "Armed clash"),
     ("Opponents of the decree held a car caravan through the capital", "Protests", "Peaceful protest"),
     ("A mass grave was uncovered near the quarry", "Strategic developments", "Other"),
     # a petrol bomb is a fire, not an explosive weapon; a crowd that takes to the streets protests
     ("Unknown men hurled a petrol bomb into the house of a councillor", "Violence against civilians", "Attack"),
     ("Supporters of the opposition took to the streets chanting songs", "Protests", "Peaceful protest"),
     # a pit is no explosive; a mine on a road is
     ("Workers protested outside the gold mine to demand their wages", "Protests", "Peaceful protest"),
     ("A truck hit a mine on the road to the market", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
     # "them" reaches back past a long place phrase to the people named before it, never to a station
     ("Troops raided rebels hiding in a house on the edge of the old market in the north of the town, killing 3 of them",
      "Battles", "Armed clash"),
     ("Police held three farmers at a police station in the east of the district and beat them",
      "Violence against civilians", "Attack"),
     # a clash of the police with demonstrators is a demonstration turned violent; with rebels near one, a battle
     ("Riot police clashed with demonstrators outside the town hall", "Riots", "Violent demonstration"),
     ("Rebels clashed with troops a mile from where demonstrators had gathered", "Battles", "Armed clash"),
     # the crowd stopped was there; what is stopped before it starts is not
     ("Riot police used water cannon to stop demonstrators reaching the ministry", "Protests",
      "Protest with intervention"),
     ("The army installed a new detachment at the crossroads", "Strategic developments",
      "Headquarters or base established"),
     ("Militiamen ordered the families of two hamlets near the river to leave their homes", "Displacement",
      "Forced displacement"),
     ("Gunmen ordered villagers to leave within 48 hours", "Displacement", "Forced displacement"),
     # an ambush fought with guns after its bombs is a battle; with a bomb alone, an explosion
     ("Rebels ambushed a police convoy, setting off two roadside bombs and then opening fire", "Battles", "Armed clash"),
     ("Rebels ambushed a police convoy with a roadside bomb", "Explosions/Remote violence",
      "Remote explosive/landmine/IED"),
     # weapons taken in an operation that killed are a part of it
     ("Troops killed three rebels in a raid on a hideout, adding that they had seized two rifles", "Battles",
      "Armed clash"),
     # an aside dated back may end the sentence
     ("Rebels attacked an army post at Hawija, a town that troops had retaken from them last month.", "Battles",
      "Armed clash")],
)  # fmt: skip
def test_clause_types(clause, etype, sub):
    reading = read_clause(clause)[0]
    assert (reading.event_type, reading.sub_event_type) == (etype, sub)


@pytest.mark.parametrize(
    "clause", ["Talks were held to stop the fighting", "The governor ordered troops to leave the city"]
)
def test_what_is_stopped_or_ordered_of_troops_is_no_event(clause):
    assert read_clause(clause) == []


def test_background_trigger_is_not_the_event():
    # "following clashes": the clashes are the background; the arrest is the event
    assert read_clause("Police arrested 3 men following clashes")[0].sub_event_type == "Arrests"


def test_count_in_next_sentence_completes_the_event(parser):
    text = "On 4 March 2021, gunmen attacked a checkpoint in Kirkuk. Two soldiers were killed."
    (ev,) = events_of(parser, text)
    assert ev.fatalities == 2 and ev.event_type == "Battles" and ev.date_from == date(2021, 3, 4)
    assert ev.place.name == "Kirkuk"


def test_a_raid_that_turns_into_a_fight_is_one_battle(parser):
    # the raid alone reads as an attack; the clash told next at the same town makes it a battle, with its toll
    text = "On 4 March 2021, soldiers raided a house in Kirkuk. A clash broke out in Kirkuk and 3 gunmen were killed."
    (ev,) = events_of(parser, text)
    assert (ev.event_type, ev.sub_event_type, ev.fatalities) == ("Battles", "Armed clash", 3)


def test_stated_zero_and_unplaced_event_is_kept(parser):
    text = "On 4 March 2021, unknown gunmen attacked a house in a remote hamlet. No casualties were reported."
    (ev,) = events_of(parser, text)
    assert ev.fatalities == 0 and ev.place is None and ev.event_type == "Violence against civilians"


def test_an_unplaced_event_goes_to_the_country_of_its_nationality_word(parser):
    text = "On 4 March 2021, Zambian police beat traders at a market in a remote hamlet. No one died."
    (ev,) = events_of(parser, text)
    assert (ev.place.place.country_code, ev.geo_precision) == ("ZM", 4)
    assert "Zambian" in ev.place.note
    # a coalition "led" by a country fights abroad: no country from it
    (ev,) = events_of(parser, "On 4 March 2021, Turkish-led coalition aircraft bombed a farm in a remote hamlet.")
    assert ev.place is None


@pytest.mark.parametrize(("word", "cc"), [("Costa Rican", "CR"), ("New Zealander", "NZ"), ("East Timorese", "TL")])
def test_a_nationality_of_two_words_names_its_country(parser, word, cc):
    (ev,) = events_of(parser, f"On 4 March 2021, {word} police beat traders at a market in a remote hamlet.")
    assert (ev.place.place.country_code, ev.geo_precision) == (cc, 4)


def test_year_is_not_a_death_toll(parser):
    text = "On 1 May 2020, 2 children were killed by a stray shell in Kirkuk."
    (ev,) = events_of(parser, text)
    assert ev.fatalities == 2


def test_villages_standing_in_for_their_province_do_not_merge(parser):
    # two places the gazetteer lacks, both placed at Idlib governorate: two events, not one
    text = "On 3 March 2021, artillery shelled Paris (Idlib).\n\nOn 3 March 2021, artillery shelled Oxford (Idlib)."
    evs = events_of(parser, text)
    assert len(evs) == 2 and {e.place.place.country_code for e in evs} == {"SY"}


@pytest.mark.parametrize(
    "text",
    ["Government forces had made big gains in the province in recent weeks, including re-capturing Baiji.",
     "Last year militants seized Baiji.", "In 2013, fighters captured Baiji after a long siege."],
)  # fmt: skip
def test_background_and_undated_past_are_not_stamped_with_the_publication_day(parser, text):
    assert events_of(parser, text) == []


def test_a_period_of_an_earlier_year_is_background(parser):
    text = ("Police fired tear gas at protesters in Kirkuk on Saturday. The city was among the worst hit in the "
            "2006-07 sectarian violence, in which more than 900 people were killed.")  # fmt: skip
    evs = events_of(parser, text)
    assert [(e.event_type, e.fatalities) for e in evs] == [("Protests", None)]
    assert _past_year("during the 1999-00 drought", SUNDAY) and _past_year("the 2013 offensive", SUNDAY)
    assert not _past_year("the 2014 offensive", SUNDAY)  # the publication's own year
    assert not _past_year("the 2000 people who fled", SUNDAY)  # a count


def test_a_witness_quoted_without_a_date_is_no_new_event(parser):
    text = ('Police fired tear gas at protesters in Kirkuk on Saturday.\n'
            '"Gunmen shot my brother in front of our house in Tikrit," his sister said.\n'
            '\u201cSoldiers shelled Baiji on Friday,\u201d a resident said.\n'
            '"Insurgents have seized the town of Samarra," the spokesman said.')  # fmt: skip
    evs = events_of(parser, text)
    # the dated quote and the official's statement are events; the witness's undated memory is not
    assert [(e.event_type, e.place.name) for e in evs] == [
        ("Protests", "Kirkuk"), ("Explosions/Remote violence", "Baiji"), ("Battles", "Samarra")
    ]  # fmt: skip


def test_an_aside_dated_back_neither_reports_nor_dates_the_clause(parser):
    text = ("Near Baiji, a town retaken by the army earlier this month, a shepherd was killed on Saturday when his "
            "truck ran over a landmine.")  # fmt: skip
    (ev,) = events_of(parser, text)
    assert (ev.sub_event_type, ev.place.name, ev.date_from, ev.date_to) == (
        "Remote explosive/landmine/IED", "Baiji", date(2014, 6, 14), date(2014, 6, 14)
    )  # fmt: skip


def test_a_threat_to_attack_is_a_strategic_development(parser):
    text = (
        "On Saturday, gunmen sent letters to the traders of Baiji demanding money and threatening to attack the town."
    )
    assert [(e.event_type, e.sub_event_type) for e in events_of(parser, text)] == [("Strategic developments", "Other")]


def test_the_hurt_of_an_event_is_no_new_event(parser):
    text = ("KIRKUK, Iraq, July 16 (Wire) - Protesters hurled stones at the governor's compound in Kirkuk on Sunday, "
            "burning its gate, as unrest spread across Iraq's north.\n\nPolice used tear gas and water cannon to push "
            "back several hundred demonstrators, a witness said. Doctors said 25 people, including 9 policemen, were "
            "injured, most of them by the gas. No one was killed.")  # fmt: skip
    evs = events_of(parser, text, date(2018, 7, 16))
    assert [(e.event_type, e.place.name) for e in evs] == [("Riots", "Kirkuk")]


def test_aid_reaching_people_is_no_armed_groups_move(parser):
    text = "On Saturday, a relief convoy delivered food and medicines to 3,000 people in Kirkuk."
    assert events_of(parser, text) == []


def test_what_is_yet_to_happen_is_no_event(parser):
    text = ("Gunmen killed four people in Kirkuk on Saturday. The governor said on Sunday that reinforcements "
            "would be deployed to Kirkuk.")  # fmt: skip
    assert [e.event_type for e in events_of(parser, text)] == ["Violence against civilians"]


def test_reported_speech_in_past_perfect_is_an_event_and_a_claim_is_a_claim(parser):
    (ev,) = events_of(parser, "Officers said soldiers had recaptured Baiji.")
    assert ev.sub_event_type == "Government regains territory"
    (ev,) = events_of(parser, "Militants claim to have seized the entire city of Ramadi, a statement said.")
    assert ev.claim_status == "claimed" and ev.place.name == "Ramadi"


def test_across_articles_only_territory_or_like_wording_merges_without_a_toll(parser):
    from conflictmap.events.merge import same_event

    day = date(2021, 3, 4)
    (a,) = extract_events("a", t := "On 3 March 2021, artillery shelled Kirkuk.", parser.parse(t), day, len(t))
    (b,) = extract_events("b", t := "On 3 March 2021, mortars hit homes in Kirkuk.", parser.parse(t), day, len(t))
    assert not same_event(a, b, across_articles=True) and same_event(a, a, across_articles=True)
    (c,) = extract_events("c", t := "On 3 March 2021, militants seized Kirkuk.", parser.parse(t), day, len(t))
    (d,) = extract_events("d", t := "Rebels took control of Kirkuk on 3 March 2021.", parser.parse(t), day, len(t))
    assert same_event(c, d, across_articles=True)


def test_across_articles_a_small_toll_matches_only_one_type_at_one_place_on_one_day(parser):
    from conflictmap.events.merge import same_event

    day = date(2021, 3, 5)

    def one(sid, text):
        (ev,) = extract_events(sid, text, parser.parse(text), day, len(text))
        return ev

    shot = one("a", "On 3 March 2021, gunmen shot dead one man in Kirkuk.")
    mob = one("b", "On 3 March 2021, a mob beat one man to death in Kirkuk.")
    assert shot.fatalities == mob.fatalities == 1
    assert not same_event(shot, mob, across_articles=True)  # two kinds of event, each with one dead
    next_day = one("c", "On 4 March 2021, gunmen shot dead one man in Kirkuk.")
    assert not same_event(shot, next_day, across_articles=True)
    big = one("d", "On 3 March 2021, gunmen shot dead 12 people in Kirkuk.")
    big_next = one("e", "Gunmen shot dead 12 people in Kirkuk on 4 March 2021.")
    assert same_event(big, big_next, across_articles=True)  # a large toll on neighbouring days: one event


def test_an_office_named_after_a_place_places_an_event_that_names_no_other(parser):
    # no other place in the report: the province whose governor's office acted
    (ev,) = events_of(parser, "On 4 March 2021, the Kirkuk Governor's Office imposed a curfew for three days.")
    assert ev.place is not None and ev.place.name == "Kirkuk" and ev.geo_precision < 4


def test_reports_on_two_villages_told_by_their_district_are_not_one_event(parser):
    # neither village is in the gazetteer: both events stand at the district named in the parenthesis, which stands
    # in for two different places, so the two reports are not merged as one event
    from conflictmap.ingest.pipeline import merge_across_articles

    a = extract_events("a", t := "On 4 March 2021, airstrikes targeted houses in Zubayrat (Kirkuk, Kirkuk), with no casualties reported.",
                       parser.parse(t), SUNDAY, len(t))  # fmt: skip
    b = extract_events("b", u := "On 4 March 2021, airstrikes targeted houses in Umraniya (Kirkuk, Kirkuk), with no casualties reported.",
                       parser.parse(u), SUNDAY, len(u))  # fmt: skip
    assert a and b and a[0].place.place.country_code == b[0].place.place.country_code == "IQ"
    assert len(merge_across_articles(a + b)) == 2


@pytest.mark.parametrize(
    ("clause", "context"),
    [("Families of the miners held a sit-in outside the company's offices, following a riot at the mine last month",
      ""),
     ("Shopkeepers protested against the new taxes in the market square",
      "Angry crowds had burned tyres and thrown stones at the police in the previous week.")],
)  # fmt: skip
def test_a_protest_is_not_typed_by_an_earlier_riot(clause, context):
    reading = read_clause(clause, context)[0]
    assert (reading.event_type, reading.sub_event_type) == ("Protests", "Peaceful protest")


def test_a_protest_that_turns_violent_the_same_day_is_a_riot():
    reading = read_clause("Shopkeepers protested against the new taxes", "They burned tyres and threw stones.")[0]
    assert reading.event_type == "Riots"


@pytest.mark.parametrize(
    ("etype", "given", "expected"),
    [("Protests", ("", ""), ("Protesters", "")),
     ("Protests", ("Police forces", ""), ("Protesters", "Police forces")),  # the police that met them
     ("Riots", ("Civilians", "Police forces"), ("Rioters", "Police forces")),
     ("Violence against civilians", ("", ""), ("Unidentified armed group", "Civilians")),
     ("Violence against civilians", ("Civilians", ""), ("Unidentified armed group", "Civilians")),
     ("Violence against civilians", ("Militants", "Military forces"), ("Militants", "Civilians")),
     ("Battles", ("Militants", "Military forces"), ("Militants", "Military forces")),
     ("Explosions/Remote violence", ("", ""), ("", ""))],
)  # fmt: skip
def test_actors_follow_the_codebook_roles_of_the_event_type(etype, given, expected):
    assert conventional_roles(etype, *given) == expected


@pytest.mark.parametrize(
    ("sub", "given", "expected"),
    [("Looting/property destruction", ("Militants", ""), ("Militants", "Civilians")),
     ("Looting/property destruction", ("", ""), ("", "")),  # nobody named: nothing to say who lost what
     ("Arrests", ("Civilians", ""), ("Police forces", "Civilians")),
     ("Arrests", ("Military forces", ""), ("Military forces", ""))],
)  # fmt: skip
def test_looting_by_armed_men_and_arrests_by_an_unnamed_hand_follow_the_codebook(sub, given, expected):
    assert conventional_roles("Strategic developments", *given, sub) == expected


def test_a_protest_extracted_from_text_names_the_protesters_as_actor1(parser):
    events = events_of(
        parser, "On 3 March 2021, residents of Mosul gathered outside the governor's office to demand power."
    )
    assert [(e.event_type, e.actor1) for e in events] == [("Protests", "Protesters")]


@pytest.mark.parametrize(
    ("clause", "trigger", "places", "name"),
    [("On 3 March 2021, Al Mahdi Brigade looted a market", "looted", set(), "Al Mahdi Brigade"),
     ("On 3 March 2021, suspected KRF members raided a farm", "raided", set(), "KRF"),
     ("On 3 March 2021, a bomb planted by the Red Hand exploded", "bomb", set(), "Red Hand"),
     # a place, a date or a place word is never the actor
     ("On 3 March 2021, Tarmaba residents looted a shop", "looted", {"Tarmaba"}, ""),
     ("On 3 March 2021, Tarmaba looted", "looted", {"Tarmaba"}, ""),
     ("On Monday looted shops were found", "looted", set(), ""),
     ("The man from Kelly Village attacked a neighbour", "attacked", set(), "")],
)  # fmt: skip
def test_a_named_subject_or_agent_is_the_actor(clause, trigger, places, name):
    assert named_actor(clause, clause.index(trigger), places) == name


@pytest.mark.parametrize(
    ("clause", "actor", "sides"),
    [("DLF and KPA forces clashed near the bridge", "Military forces", ["Military forces"]),
     ("Militants fought rival militants over the checkpoint", "Militants", ["Militants"]),
     ("Soldiers repelled an attack near the bridge", "Military forces", [])],  # one side named: the other unknown
)  # fmt: skip
def test_a_battle_between_two_forces_of_one_kind_has_that_kind_on_both_sides(clause, actor, sides):
    assert opposing_same_kind(clause, actor) == sides


def test_the_force_that_met_a_crowd_in_the_next_sentence_is_actor2(parser):
    events = events_of(
        parser,
        "On 3 March 2021, residents burned tyres on the main road of Kirkuk. The police intervened and dispersed them.",
    )
    assert [(e.event_type, e.actor1, e.actor2) for e in events][:1] == [("Riots", "Rioters", "Police forces")]


def test_guards_and_intelligence_officers_are_police_forces():
    assert actors_in("Prison guards beat a journalist; intelligence officers abducted a lawyer", False) == [
        "Police forces"
    ]


def test_a_town_abroad_inside_a_group_name_is_not_the_event_place():
    """Two clan names and an area of one country: the foreign city inside a clan's name is a word of that name."""
    from conflictmap.geo.gazetteer import default_gazetteer
    from conflictmap.model import Toponym

    gaz = default_gazetteer()
    text = "On 3 March 2021, Verona Kettle clansmen and herders clashed at an unknown spot in Copperbelt Province."

    def at(name: str, country: str) -> Toponym:
        pid = next(p for p, _ in gaz.ranked(name) if gaz.country[p] == country)
        start = text.index(name)
        return Toponym(start, start + len(name), name, gaz.place(pid), 0.9)

    toponyms = [at("Verona", "IT"), at("Copperbelt", "ZM")]
    (event,) = extract_events("t1", text, toponyms, date(2021, 3, 4), len(text))
    assert event.place.name == "Copperbelt"


def test_a_list_of_weapons_is_not_cut_into_two_clauses():
    from conflictmap.events.extract import _clauses

    text = "On 8 May 2021, rebels fired 12.7mm, 14.5mm, and PK machine guns at farms near the town."
    assert _clauses(text, 0, len(text)) == [(0, len(text))]
    two = "On 8 May 2021, rebels shelled the farms, and Police arrested two men in the town."
    assert len(_clauses(two, 0, len(two))) == 2


@pytest.mark.parametrize(
    ("text", "etype", "sub"),
    [
        ("On 4 March 2021, gunmen ambushed a minibus near Tamale, killing three passengers.",
         "Violence against civilians", "Attack"),
        ("On 4 March 2021, rebels ambushed an army convoy near Tamale, killing three soldiers.", "Battles", "Armed clash"),
        ("On 4 March 2021, unidentified arsonists set ablaze two trucks in Tamale.",
         "Strategic developments", "Looting/property destruction"),
        ("On 4 March 2021, gunmen torched the district office in Tamale.",
         "Strategic developments", "Looting/property destruction"),
        ("On 4 March 2021, party activists clashed with police in Tamale, throwing bricks.", "Riots", "Violent demonstration"),
        ("On 4 March 2021, elders of two clans signed a peace agreement in Tamale to end the cattle raids.",
         "Strategic developments", "Agreement"),
        ("On 4 March 2021, thousands of families fled Tamale after militants ordered them to leave.",
         "Displacement", "Forced displacement"),
        ("On 4 March 2021, gunmen threatened residents of Tamale, forcing several hundred villagers to abandon their "
         "homes.", "Displacement", "Forced displacement"),
        ("On 4 March 2021, riot police removed students occupying a hall in Tamale in protest at fees; 12 were detained.",
         "Protests", "Protest with intervention"),
        ("On 4 March 2021, mourners found a mass grave with the bodies of 30 people in Tamale.",
         "Strategic developments", "Other"),
    ],
)  # fmt: skip
def test_types_read_from_written_reports(parser, text, etype, sub):
    evs = events_of(parser, text)
    assert [(e.event_type, e.sub_event_type) for e in evs][:1] == [(etype, sub)]
    if sub == "Other":
        assert evs[0].fatalities == 0  # the dead of a grave died in events of their own


def test_an_air_strike_told_again_as_the_strike_is_no_labour_strike(parser):
    text = "On 4 March 2021, an army drone struck a truck near Tamale, killing three suspected rebel members. " \
           "The strike came a day after clashes in the area."  # fmt: skip
    evs = events_of(parser, text)
    assert [(e.sub_event_type, e.fatalities) for e in evs] == [("Air/drone strike", 3)]


def test_a_count_of_who_was_there_completes_the_event_before(parser):
    text = "On 4 March 2021, vigilantes and herders fought a gunfight in Yendi. 3 vigilantes and 1 herder were killed."
    (ev,) = events_of(parser, text)
    assert (ev.event_type, ev.fatalities) == ("Battles", 4)


@pytest.mark.parametrize(
    ("text", "sub"),
    [("On 4 March 2021, rebels seized the barracks in Yendi, taking control of the town.",
      "Non-state actor overtakes territory"),
     ("On 4 March 2021, inmates rioted in Yendi prison, taking control of the prison yard.", "Violent demonstration"),
     ("On 4 March 2021, a rebel group opened a training camp near Yendi.", "Headquarters or base established")],
)  # fmt: skip
def test_territory_is_a_town_not_a_yard(parser, text, sub):
    assert events_of(parser, text)[0].sub_event_type == sub


@pytest.mark.parametrize(
    ("text", "window"),
    [
        ("Aircraft bombed a market on Tuesday morning, witnesses said on Wednesday, April 12, 2023.",
         (date(2023, 4, 11), date(2023, 4, 11))),
        ("RAIPUR, November 11, 2019: Four rebels were killed in a gunfight on Sunday, police said.",
         (date(2019, 11, 10), date(2019, 11, 10))),
        ("Nine bodies were found after gangs fought near the town, prosecutors said on Wednesday, April 7, 2021.",
         (date(2021, 4, 6), date(2021, 4, 7))),
        ("On 28 April 2020, militants attacked a post.", (date(2020, 4, 28), date(2020, 4, 28))),
    ],
)  # fmt: skip
def test_a_date_of_what_was_said_anchors_the_events_own_words(text, window):
    assert resolve_dates(text, SUNDAY)[:2] == window


@pytest.mark.parametrize(
    ("text", "etype", "sub"),
    [
        ("At least 30 people were killed when gang members stormed Yendi on 4 March 2021.",
         "Violence against civilians", "Attack"),
        ("On 4 March 2021, police used tear gas and stun grenades to break up a march in Yendi.",
         "Protests", "Protest with intervention"),
        ("On 4 March 2021, three rebels were killed in an encounter with army troops near Yendi.",
         "Battles", "Armed clash"),
        ("On 4 March 2021, military helicopters fired on a village near Yendi.",
         "Explosions/Remote violence", "Air/drone strike"),
        ("On 4 March 2021, relatives gathered in Yendi holding placards with the names of the missing.",
         "Protests", "Peaceful protest"),
        ("On 4 March 2021, gang members turned the abandoned police station in Yendi into their base.",
         "Strategic developments", "Headquarters or base established"),
        ("On 4 March 2021, at least nine farmers were killed when police fired on a march near Yendi.",
         "Protests", "Excessive force against protesters"),
        ("On 4 March 2021, rebels took control of Yendi without a fight after the garrison withdrew.",
         "Strategic developments", "Non-violent transfer of territory"),
        ("On 4 March 2021, the body of a man with gunshot wounds was found near Yendi.",
         "Violence against civilians", "Attack"),
    ],
)  # fmt: skip
def test_types_read_from_written_news(parser, text, etype, sub):
    assert [(e.event_type, e.sub_event_type) for e in events_of(parser, text)][:1] == [(etype, sub)]


def test_a_dateline_in_any_script_anchors_the_weekday():
    assert resolve_dates("NOUMÉA, May 14, 2024 (AFP) - Rioters torched shops on Monday night.", SUNDAY)[:2] == (
        date(2024, 5, 13), date(2024, 5, 13))  # fmt: skip


def test_a_road_named_after_where_it_leads_is_not_where_it_happened(parser):
    text = ("On 4 March 2021, residents of Yendi gathered in the town's square in support of the strikers. "
            "The crowd later marched towards the highway to Tamale.")  # fmt: skip
    evs = events_of(parser, text)
    assert evs and all(e.place.name == "Yendi" for e in evs) and evs[0].event_type == "Protests"


@pytest.mark.parametrize(
    ("clause", "counts"),
    [("killing six and wounding more than a dozen.", (6, 6, 6)),
     ("killing a militant commander and four civilians, including two children.", (5, 5, 5)),
     ("Four soldiers and two suspected members of a rebel faction were killed in a firefight.", (6, 6, 6)),
     ("three of its fighters and at least five regime soldiers died when the two sides clashed.", (8, 8, 8)),
     ("Ten insurgents were neutralised in the operation.", (10, 10, 10)),
     ("residents lynched two suspected cattle thieves.", (2, 2, 2)),
     ("One protester died.", (1, 1, 1)),
     ("One of the men later succumbed to his injuries.", (1, 1, 1))],
)  # fmt: skip
def test_more_ways_of_counting_the_dead(clause, counts):
    assert fatalities_in(clause) == counts


@pytest.mark.parametrize(
    ("text", "dead"),
    [("On 4 March 2021, a suicide bomber blew herself up at a market in Yendi, killing four civilians and herself.", 5),
     ("On 4 March 2021, a suicide bomber struck a checkpoint in Yendi, killing three policemen. The bomber was killed.",
      4),
     ("On 4 March 2021, two suicide bombers blew themselves up outside a church in Yendi, wounding 19 people.", 2),
     ("On 4 March 2021, a suicide bomber killed five people including himself in Yendi.", 5)],
)  # fmt: skip
def test_a_suicide_bombings_toll_counts_its_bombers_as_acled_does(parser, text, dead):
    assert events_of(parser, text)[0].fatalities == dead


@pytest.mark.parametrize(
    ("text", "name"),
    [("Near the bus stop gunmen shot dead two traders.", "attack"),
     ("At the end of the protest, police fired tear gas at students.", "protest"),
     ("Police fired tear-gas shells at protesters.", "protest")],
)  # fmt: skip
def test_frames_and_lookalikes_found_in_review(text, name):
    assert [r.trigger.name for r in read_clause(text)][:1] == [name]


def test_dates_and_counts_found_in_review():
    assert resolve_dates("Police said gunmen attacked on Tuesday.", date(2023, 3, 10))[:2] == (date(2023, 3, 7),) * 2
    assert resolve_dates("In Kano, 5 March 2023, gunmen killed three people.", SUNDAY)[:2] == (date(2023, 3, 5),) * 2
    assert fatalities_in("A man died after the blast left 20 in hospital.") == (1, 1, 1)
    from conflictmap.events.counts import bombers_counted

    assert bombers_counted("A suicide bomber struck. Police said the attackers themselves fled.", 2, 2, 2) == (2, 2, 2)


def test_an_uncounted_flight_does_not_hide_what_the_clause_reports():
    (r,) = read_clause("Border troops and reinforcements were sent to the town as soldiers fled across the frontier")
    assert r.sub_event_type == "Change to group/activity"


@pytest.mark.parametrize(
    ("clause", "sub"),
    [("residents of the ward set ablaze two suspected thieves caught in a shop", "Mob violence"),
     ("villagers intercepted three suspected gang members, beat them and burned them alive", "Mob violence"),
     ("gunmen torched a campaign vehicle outside the house", "Looting/property destruction")],
)  # fmt: skip
def test_a_crowd_burning_people_is_mob_violence(clause, sub):
    assert read_clause(clause)[0].sub_event_type == sub


def test_a_place_outside_a_longer_name_is_where_it_happened(parser):
    (ev,) = events_of(parser, "On 3 March 2021, hundreds protested at Kandy Memorial Green in Ratnapura.")
    assert ev.place.name == "Ratnapura"


def test_a_town_named_before_a_clan_is_the_clans_name():
    from conflictmap.geo.areas import _MEMBERS_AFTER

    assert _MEMBERS_AFTER.match(" clan of the herders") and _MEMBERS_AFTER.match("-tribe")


@pytest.mark.parametrize(
    ("clause", "sub"),
    [("gunmen believed to belong to the rebels set fire to three public buses", "Looting/property destruction"),
     ("cadres of the party set ablaze three road construction vehicles", "Looting/property destruction"),
     ("members of the gang looted and burned several houses", "Looting/property destruction"),
     ("unidentified gunmen opened fire on a police checkpoint", "Armed clash"),
     ("unknown gunmen shot dead a member of the local council", "Attack"),
     ("police raided the home of the party leader and took him away for questioning", "Arrests"),
     ("the insurgents captured the town without fighting", "Non-violent transfer of territory"),
     ("the rebels distributed pamphlets warning shopkeepers", "Other")],
)  # fmt: skip
def test_who_did_it_and_what_was_hit_decide_the_sub_type(clause, sub):
    assert read_clause(clause)[0].sub_event_type == sub


@pytest.mark.parametrize(
    ("clause", "counts"),
    [("traders caught a suspected thief and beat him to death", (1, 1, 1)),
     ("villagers beat to death a man accused of theft", (1, 1, 1)),
     ("the fighting lasted an hour. Fatalities: 6.", (6, 6, 6)), ("he died later in hospital", (1, 1, 1)),
     ("No one was killed.", (0, 0, 0)), ("a kebele chairman was shot dead", (1, 1, 1)),
     # "a" counts one person only when a person follows it, not a shoot-out or a car bomb
     ("A gunfight erupted and a gang member was shot and later died.", (1, 1, 1)),
     ("a car bomb exploded and 3 people were killed", (3, 3, 3)),
     ("a car bomb exploded and people were killed", (None, None, None)),
     ("a soldier and a civilian were killed", (2, 2, 2)), ("0 soldiers were killed", (0, 0, 0)),
     # bystanders and owners are people; a group's name counts its dead; a stated zero
     ("the quarrel ended in the death of a bystander", (1, 1, 1)),
     ("two men were fatally attacked by a mob", (2, 2, 2)),
     ("One Tamarind Guard was killed in the fighting", (1, 1, 1)), ("Two Toyota pickups were destroyed", (None,) * 3),
     ("the robbers killed the farm owner", (1, 1, 1)), ("The raid ended. 0 fatalities.", (0, 0, 0)),
     # a long description of the dead between their count and the verb, but no finite verb or figure of its own
     ("three young men accused by neighbours of stealing cattle and goats from the market were beaten to death",
      (3, 3, 3)),
     ("five people were arrested in the town after a man was killed", (1, 1, 1)),
     ("four traders whose shops stood on the road that the convoy took were killed", (4, 4, 4)),
     ("four members of the task force, a vigilante group that fights beside the army, were killed", (4, 4, 4)),
     # a range in words is a range, not two groups added up nor no count at all
     ("a drone hit a minibus, killing between five and seven passengers", (5, 5, 7)),
     ("between five and seven passengers were killed", (5, 5, 7)), ("one or two soldiers were killed", (1, 1, 2))],
)  # fmt: skip
def test_more_ways_of_telling_deaths(clause, counts):
    assert fatalities_in(clause) == counts


@pytest.mark.parametrize(
    "opening",
    ["police raided a house in Zwolle.", "in Zwolle, police carried out an operation against drug dealers."],
)
def test_an_operation_that_became_a_fight_is_the_fight(parser, opening):
    text = f"On 4 May 2020, {opening} A gunfight erupted and a gang member was shot and later died."
    (ev,) = events_of(parser, text)
    assert (ev.event_type, ev.sub_event_type, ev.fatalities) == ("Battles", "Armed clash", 1)


def test_a_fight_said_to_be_unclear_does_not_change_the_operation(parser):
    text = "On 4 May 2020, soldiers arrested two traders in Zwolle. It was not clear whether fighting broke out."
    assert all(ev.event_type != "Battles" for ev in events_of(parser, text))


def test_dead_told_as_also_killed_add_to_the_event(parser):
    text = ("On 4 May 2020, in Kirkuk, gunmen stopped the mayor's car and shot him dead. "
            "Two of his police guards were also killed.")  # fmt: skip
    (ev,) = events_of(parser, text)
    assert ev.fatalities == 3 and ev.event_type == "Battles"


@pytest.mark.parametrize(
    ("text", "window"),
    [("Between 3 and 5 December 2023, militias clashed", ("2023-12-03", "2023-12-05")),
     ("On the night of 4-5 March 2022, rebels attacked", ("2022-03-04", "2022-03-05")),
     ("On March 4-6, 2021, protesters marched", ("2021-03-04", "2021-03-06")),
     ("On 31 and 1 May 2020, x", ("2020-05-01", "2020-05-01")),
     # over two months
     ("Between 28 February and 2 March 2021, militias clashed", ("2021-02-28", "2021-03-02")),
     ("February 28 - March 2, 2021, militias clashed", ("2021-02-28", "2021-03-02")),
     ("On 12 March and 2 June 2021, militias clashed", ("2021-06-02", "2021-06-02"))],
)  # fmt: skip
def test_a_range_of_days_is_the_events_window(text, window):
    d_from, d_to, _ = resolve_dates(text, None)
    assert (d_from.isoformat(), d_to.isoformat()) == window


@pytest.mark.parametrize(
    ("clause", "sub"),
    [("the two armies clashed on the outskirts, using tanks and mortars", "Armed clash"),
     ("the separatists declared a three-day lockdown in the town", "Other"),
     ("residents opposed to a nickel mine blocked the road", "Peaceful protest"),
     ("the junta ordered the dissolution of the civil society coalition", "Other")],
)  # fmt: skip
def test_what_a_clause_is_about_beside_the_words_in_it(clause, sub):
    assert read_clause(clause)[0].sub_event_type == sub


def test_a_dateline_with_a_numeric_date_is_no_event_place_but_gives_its_country(parser):
    text = "NDJAMENA, 09/10/2023 — Residents of Lere say gunmen have placed the town under blockade since Wednesday."
    (ev,) = events_of(parser, text)
    assert (ev.place.name, ev.place.place.country_code) == ("Lere", "TD")
    (ev,) = events_of(parser, text.split("— ")[1])  # without the dateline, the larger namesake
    assert ev.place.place.country_code == "NG"


@pytest.mark.parametrize(
    "text",
    [
        "the leader signed a decree on Thursday dissolving the institutions by January 1, 2015",
        "the council ordered the militias to leave the city before 30 June 2014",
        "the ban applies until 3 September 2014",
    ],
)
def test_a_deadline_is_no_event_date(text):
    got = resolve_dates(text, SUNDAY)
    assert got is None or got[1] <= SUNDAY


@pytest.mark.parametrize(
    ("clause", "counts"),
    [("gunmen shot dead a village chairman and his son at their home", (2, 2, 2)),
     ("a student was beaten to death and her body burned", (1, 1, 1)),
     ("the army said it lost two soldiers in the fighting", (2, 2, 2)), ("the convoy lost two trucks", (None,) * 3),
     ("4 gunmen reported dead", (4, 4, 4)), ("1 fatality.", (1, 1, 1)),
     ("the bomber blew up her vest, killing herself and 2 worshippers", (2, 2, 2)),
     ("villagers beat to death three men they accused of theft", (3, 3, 3))],
)  # fmt: skip
def test_deaths_told_with_kin_losses_and_tags(clause, counts):
    assert fatalities_in(clause) == counts


@pytest.mark.parametrize(
    ("clause", "counts"),
    [("The company lost 200 workers after the strike", (None,) * 3), ("The army lost 3 villages to the rebels", (None,) * 3),
     ("5 death threats were received", (None,) * 3), ("3 death sentences were handed down", (None,) * 3),
     ("gunmen shot dead a chairman and his son escaped", (1, 1, 1)),
     ("gunmen shot dead a chairman and his two sons", (3, 3, 3)), ("He died in 2019.", (None,) * 3)],
)  # fmt: skip
def test_review_counts_that_are_no_deaths_of_the_event(clause, counts):
    assert fatalities_in(clause) == counts


@pytest.mark.parametrize(
    ("clause", "counts"),
    [("1 FLN member was killed and 2 were arrested", (1, 1, 1)), ("two dissidents were shot dead", (2, 2, 2)),
     ("police killed three kidnappers", (3, 3, 3)), ("the blast killed five worshipers", (5, 5, 5))],
)  # fmt: skip
def test_counted_people_of_every_kind(clause, counts):
    """Members, dissidents, kidnappers, worshipers (US spelling) are people: their count is a death toll."""
    assert fatalities_in(clause) == counts


@pytest.mark.parametrize(
    ("clause", "counts"),
    [("gunmen fired on a family, killing the mother and a daughter", (2, 2, 2)),
     ("the ambush ended in 4 police and 1 army fatality", (5, 5, 5)),
     ("a guard was shot in the neck and died", (1, 1, 1)), ("the fight resulted in the death of the herder.", (1, 1, 1)),
     ("gunmen shot dead a chairman and the son escaped", (1, 1, 1))],
)  # fmt: skip
def test_one_more_dead_named_singly(clause, counts):
    """Two people named one by one, a singular fatality in a sum, a death told after where the bullet hit."""
    assert fatalities_in(clause) == counts


@pytest.mark.parametrize(
    ("clause", "counts"),
    [("three herders from the hills near the lake were shot dead", (3, 3, 3)),
     ("two traders (from Upper district, North province, near the border) were killed", (2, 2, 2)),
     ("a raid on a farm with heavy gunfire, leaving three gunmen dead", (3, 3, 3)),
     ("a sniper hit a guard, and the guard later died in hospital", (1, 1, 1)),
     ("a quarrel between a herder and a group of farmers led to the death of the herder", (1, 1, 1))],
)  # fmt: skip
def test_dead_told_far_from_their_verb(clause, counts):
    """Seven words (none of them a figure) or a bracketed aside between the dead and their verb; 'the X later died'."""
    assert fatalities_in(clause) == counts


@pytest.mark.parametrize(
    ("text", "expected"),
    [("On 3 May 2021, gunmen attacked a bus near Kirkuk, killing three passengers. Police also said three passengers "
      "were killed.", 3),
     ("On 3 May 2021, gunmen attacked a bus near Kirkuk, killing three passengers. Two soldiers were also killed.", 5)],
)  # fmt: skip
def test_only_dead_told_as_also_killed_are_added(parser, text, expected):
    (ev,) = events_of(parser, text)
    assert ev.fatalities == expected


@pytest.mark.parametrize(
    ("clause", "sub"),
    [("Several hundred villagers beat a suspected thief to death", "Mob violence"),
     ("Villagers complained that soldiers beat a farmer", "Attack"),
     ("government jets bombed the suburbs", "Air/drone strike")],
)  # fmt: skip
def test_the_subject_is_read_up_to_its_verb(clause, sub):
    assert read_clause(clause)[0].sub_event_type == sub


def test_a_city_named_before_its_suburbs_or_neighbourhood_stays_itself(parser):
    text = (
        "On 3 May 2021, rebels shelled Aleppo. Later, government jets bombed the Damascus suburbs, killing 4 civilians."
    )
    assert {e.place.name for e in events_of(parser, text)} == {"Aleppo", "Damascus"}


def test_a_city_after_a_is_named_as_the_city_of_its_neighbourhood(parser):
    text = "Police in Herat arrested 3 men. Separately, protesters rallied in a Kabul neighbourhood."
    assert [e.place.name for e in events_of(parser, text)] == ["Herat", "Kabul"]


def test_an_unplaced_event_falls_in_the_country_the_text_places_most_in_not_the_one_named_most(parser):
    text = ("Police clashed with rioters in Zwolle and Deventer in the Netherlands on Friday. The U.S. embassy voiced "
            "concern. The U.S. said it was watching. Gunmen also killed two guards on Saturday.")  # fmt: skip
    last = [e for e in events_of(parser, text) if e.fatalities == 2]
    assert [e.place.place.country_code for e in last] == ["NL"]


def test_a_town_told_after_a_country_level_lede_is_where_the_lede_happened(parser):
    text = ("Two gunmen were killed in a shootout in the eastern Netherlands on Saturday, police said. "
            "Police clashed with the gang at a farmhouse in Deventer, a spokesman said.")  # fmt: skip
    (ev,) = events_of(parser, text)
    assert (ev.place.name, ev.geo_precision, ev.fatalities, ev.date_from) == ("Deventer", 1, 2, date(2014, 6, 14))


def test_an_event_dated_over_a_month_before_the_articles_newest_is_background(parser):
    text = ("Rebels attacked an army post in Zwolle on Saturday, killing four soldiers. "
            "On 3 March 2013, a similar attack in Deventer killed 20 people.")  # fmt: skip
    assert [(e.place.name, e.fatalities) for e in events_of(parser, text)] == [("Zwolle", 4)]


@pytest.mark.parametrize(
    ("clause", "count"),
    [("around 800 people, mostly women and children, left the village after an ultimatum", 800),
     ("some 300 families, most of them herders, fled the area", 300)],
)  # fmt: skip
def test_who_fled_may_stand_between_the_count_and_the_flight(clause, count):
    assert displaced_in(clause) == count and read_clause(clause)[0].event_type == "Displacement"


def test_the_sentence_after_a_country_level_lede_says_where_it_happened(parser):
    text = (
        "A bomber struck outside a police station in northern Kenya on Saturday, killing 4 officers. "
        "The attacker rammed the gate of the station in Marsabit, the police said."
    )
    (ev,) = events_of(parser, text)
    assert ev.place.name == "Marsabit" and ev.geo_precision == 1 and ev.fatalities == 4


def test_the_country_across_the_border_is_not_where_it_happened(parser):
    text = "Nine herders were killed on Saturday in an ambush near the border with Chad."
    assert [t.name for t in parser.parse(text)] == ["Chad"]
    assert place_of(parser, text) is None


def test_a_flag_is_not_where_it_happened(parser):
    text = "Hundreds of students marched through the campus on Saturday, waving Kurdistan flags."
    assert [t.name for t in parser.parse(text)] == ["Kurdistan"]
    assert place_of(parser, text) is None


def test_a_country_named_before_its_special_forces_is_who_acted_not_where(parser):
    text = "Two US special forces advisers were wounded on Saturday."
    assert [t.name for t in parser.parse(text)] == ["US"]
    assert place_of(parser, text) is None


def test_a_running_total_after_an_event_is_not_its_count(parser):
    text = (
        "Rebels attacked a convoy of troops close to Marsabit on Saturday, officials said. "
        "The insurgency has killed more than 9,000 people since it began."
    )
    (ev,) = events_of(parser, text)
    assert ev.fatalities is None and ev.fatalities_low is None


def test_a_town_named_as_near_is_more_precise_than_the_county_before_it(parser):
    text = "A herder was killed by a landmine in Marsabit county, near Moyale, on Saturday."
    assert place_of(parser, text).name == "Moyale"


@pytest.mark.parametrize(
    "text",
    [
        "Two guards were badly hurt and were flown to Mombasa.",
        "Four porters were hurt and were treated at a Malindi clinic.",
    ],
)
def test_where_the_wounded_were_taken_is_not_where_it_happened(parser, text):
    assert [t.name for t in parser.parse(text)] and place_of(parser, text) is None


def test_aid_handed_out_is_no_armed_groups_activity(parser):
    text = "On Saturday, relief agencies distributed hygiene kits to 300 households in Malindi."
    assert events_of(parser, text) == []


@pytest.mark.parametrize(
    ("opening", "expected"),
    [("In February", (date(2014, 2, 1), date(2014, 2, 28))), ("In early August", (date(2013, 8, 1), date(2013, 8, 31))),
     ("In June", (date(2014, 6, 1), SUNDAY))],
)  # fmt: skip
def test_a_month_named_alone_is_dated_by_that_month_unless_it_dates_what_came_before(opening, expected):
    assert resolve_dates(f"{opening}, fighting broke out near the town.", SUNDAY)[:2] == expected
    # the month of what came before a clause's event is not its date
    month = opening.split()[-1]
    assert resolve_dates(f"Fighting broke out, the worst since the army took power in {month}.", SUNDAY) is None


def test_a_past_month_named_alone_is_background(parser):
    text = ("On Saturday, gunmen killed 3 traders at a market in Kirkuk. "
            "In February, a car bomb in Kirkuk had killed 40 people.")  # fmt: skip
    evs = events_of(parser, text)
    assert [(e.date_from, e.fatalities) for e in evs] == [(date(2014, 6, 14), 3)]


def test_the_sentence_after_a_lede_told_at_county_level_names_the_town(parser):
    text = ("A drone strike on a market town in Kenya's Marsabit county killed 5 herders on Saturday, residents said. "
            "The strike hit the livestock market in Moyale around noon, a nurse said.")  # fmt: skip
    (ev,) = events_of(parser, text)
    assert ev.place.name == "Moyale" and ev.fatalities == 5


@pytest.mark.parametrize(
    "text, protests",
    [("Nairobi has protested the border closure but has little leverage.", 0),
     ("Kenya's foreign ministry formally protested the seizure of the boat.", 0),
     ("On Sunday, hundreds protested in Nairobi against the border closure.", 1)],
)  # fmt: skip
def test_a_government_protesting_is_no_demonstration(parser, text, protests):
    assert sum(e.event_type == "Protests" for e in events_of(parser, text)) == protests


def test_a_trigger_in_an_aside_dated_back_is_background(parser):
    text = ("Outside Marsabit, a town recaptured by the army earlier this month, a herder was killed on Saturday when "
            "his truck ran over a landmine.")  # fmt: skip
    evs = events_of(parser, text)
    assert evs and all("territory" not in e.sub_event_type for e in evs)


def test_a_lede_dated_only_by_its_publication_takes_the_day_of_the_sentence_that_places_it(parser):
    text = ("Seven soldiers were killed in clashes with militants in northern Kenya, the ministry said. "
            "Troops fought the militants on Friday near Moyale, a security source said.")  # fmt: skip
    (ev,) = events_of(parser, text)
    assert (ev.place.name, ev.date_from, ev.date_to, ev.fatalities) == (
        "Moyale",
        date(2014, 6, 13),
        date(2014, 6, 13),
        7,
    )


def test_one_toll_at_one_place_on_two_different_days_is_two_events(parser):
    text = ("On 10 June, mortar rounds hit a market in Kirkuk, killing two traders. "
            "On 11 June, two shepherds were killed when a landmine exploded in Kirkuk.")  # fmt: skip
    evs = events_of(parser, text)
    assert sorted((e.date_from.day, e.sub_event_type) for e in evs) == [
        (10, "Shelling/artillery/missile attack"), (11, "Remote explosive/landmine/IED")
    ]  # fmt: skip


def test_a_list_item_after_a_sentence_is_a_sentence_of_its_own(parser):
    # the bullet's event is at the place its own line names, not at the town of the sentence before it
    text = ("Weekly update\n\nKIRKUK GOVERNORATE\n• On 10 June, mortar rounds hit a market in Kirkuk, killing two traders. "
            "The road to Tuz Khurmatu remains closed.\n• On 12 June, a landmine killed a shepherd in Hawija district.")  # fmt: skip
    evs = events_of(parser, text)
    assert [(e.date_from.day, e.place.name) for e in evs] == [(10, "Kirkuk"), (12, "Hawija district")]


def test_a_total_over_the_days_of_a_report_is_no_event(parser):
    text = ("From 9 to 13 June, monitors documented 6 civilians killed in Kirkuk governorate in the attacks listed. "
            "On 12 June, a landmine killed a shepherd near Hawija.")  # fmt: skip
    assert [e.fatalities for e in events_of(parser, text)] == [1]


def test_gunfire_heard_with_nobody_counted_is_no_country_level_event(parser):
    text = ("On 12 June, fighters of two clans clashed in Hawija, in northern Iraq. Witnesses heard mortar fire "
            "throughout the night. "
            "No casualty figures were released.")  # fmt: skip
    assert [(e.sub_event_type, e.place.name) for e in events_of(parser, text)] == [("Armed clash", "Hawija")]


def test_an_incident_of_its_own_day_at_a_village_the_gazetteer_lacks_is_kept_in_the_country(parser):
    placed_event = "On 10 June, mortar rounds hit a market in Kirkuk, in northern Iraq, killing two traders. "
    text = placed_event + "On 12 June, gunmen abducted four farmers near Umm Qasabat al-Wusta."
    evs = events_of(parser, text)
    assert [(e.date_from.day, e.place.name, e.geo_precision) for e in evs] == [(10, "Kirkuk", 1), (12, "Iraq", 4)]
    # with no day of its own it is not told as a new incident: left out while the article places another
    assert len(events_of(parser, placed_event + "Gunmen abducted four farmers near Umm Qasabat al-Wusta.")) == 1


@pytest.mark.parametrize(
    "clause",
    ["Masked gunmen firing into the air escorted the funeral procession",
     "Boys were collecting fragments of the bomb in the yard",
     "Elders agreed to return abducted girls to their families"],
)  # fmt: skip
def test_remnants_shots_in_the_air_and_returns_are_no_event(clause):
    assert read_clause(clause) == []


def test_a_day_told_with_no_placed_event_dates_the_next_sentence_and_its_hospital_counts_its_dead(parser):
    text = ("Rival clans fought again on Tuesday. For three hours, gunmen exchanged automatic and rocket-propelled "
            "grenade fire in the eastern quarter of Hawija. Three people were killed, the Hawija hospital said.")  # fmt: skip
    evs = events_of(parser, text)
    assert [(e.sub_event_type, e.place.name, e.date_from, e.date_to, e.fatalities) for e in evs] == [
        ("Armed clash", "Hawija", date(2014, 6, 10), date(2014, 6, 10), 3)
    ]


def test_a_town_a_group_is_based_in_is_not_where_it_struck(parser):
    assert (
        place_of(parser, "The Kirkuk-based militia shelled farms outside Tuz Khurmatu on Monday.").name
        == "Tuz Khurmatu"
    )


def test_a_town_retaken_told_in_reported_past_perfect_is_an_event_at_that_town(parser):
    text = "In Donetsk, troops had taken back full control of Siversk, a town on a river, the regional governor said."
    evs = events_of(parser, text)
    assert [(e.sub_event_type, e.place.name) for e in evs] == [("Government regains territory", "Siversk")]
    # with no speech verb after it, the past perfect is background
    assert events_of(parser, "In Donetsk, troops had taken back full control of Siversk.") == []


@pytest.mark.parametrize(
    "after",
    ["The governor condemned the raid and said more soldiers had been sent to Kirkuk province.",
     "Two grocery stores in Kirkuk were ransacked."],
)  # fmt: skip
def test_troops_deployed_or_shops_looted_after_an_attack_with_no_day_of_their_own_are_its_aftermath(parser, after):
    attack = "Gunmen killed five farmers in a raid on a village near Kirkuk on Monday. "
    assert [e.sub_event_type for e in events_of(parser, attack + after)] == ["Attack"]
    # a report that opens with the move, or dates it by its own words, keeps it
    assert [e.sub_event_type for e in events_of(parser, "Troops were deployed to Kirkuk on Monday.")] == [
        "Change to group/activity"
    ]
    dated = attack + "On Tuesday, the army deployed two battalions to Kirkuk."
    assert [e.sub_event_type for e in events_of(parser, dated)] == ["Attack", "Change to group/activity"]


@pytest.mark.parametrize(
    "text",
    ["Speaking in Kirkuk, the party leader said supporters would keep up their street protests.",
     "In Kirkuk, the union said it will stage more sit-ins at the oil company's gates."],
)  # fmt: skip
def test_a_deed_to_be_done_told_after_its_verb_is_no_event(parser, text):
    assert events_of(parser, text) == []


def test_the_spell_of_fighting_before_what_a_clause_tells_is_no_event(parser):
    assert [
        r.sub_event_type for r in read_clause("Troops entered Kirkuk on Friday after three weeks of fighting.")
    ] == ["Change to group/activity"]
    text = ("The army's advance, which began in early June, has forced the rebels out of most of Diyala, including "
            "Baladruz, which they seized in April after weeks of fighting.")  # fmt: skip
    assert events_of(parser, text) == []


def test_a_day_told_with_no_event_dates_the_event_up_to_two_sentences_later(parser):
    text = ("On Sunday, the war reached Hawija. Dozens of armed men walked into its market in the afternoon. "
            "They killed four traders and burned the stalls.")  # fmt: skip
    evs = events_of(parser, text, published=date(2014, 6, 18))
    assert [(e.date_from, e.date_to, e.fatalities) for e in evs] == [(SUNDAY, SUNDAY, 4)]


def test_the_sentence_after_an_event_that_opens_with_it_tells_more_of_it(parser):
    tuesday = date(2014, 6, 17)
    text = ("Four policemen were killed when their truck hit a roadside bomb in Kirkuk on Saturday, police said. "
            "The officers were escorting a fuel tanker near Umm Qasab, in southern Kirkuk, when the device went off.")  # fmt: skip
    evs = events_of(parser, text, published=tuesday)
    assert [(e.date_from, e.fatalities) for e in evs] == [(date(2014, 6, 14), 4)]
    # a sentence that does not open with it is another event, unless it is undated at the same town (then it is
    # more of that event, on its day)
    other = text.replace("The officers were", "Soldiers were").replace("in southern Kirkuk", "in Tikrit")
    assert len(events_of(parser, other, published=tuesday)) == 2


@pytest.mark.parametrize(
    "text",
    ["There were no clashes in Kirkuk on Monday.", "The rebels did not attack Kirkuk on Monday.",
     "The withdrawal of troops from Kirkuk has not yet begun.", "Police in Kirkuk said no arrests had been made.",
     "The march planned in Kirkuk for Monday was called off."],
)  # fmt: skip
def test_what_did_not_happen_is_no_event(parser, text):
    assert events_of(parser, text) == []


def test_a_negation_of_one_trigger_leaves_the_others_and_no_fewer_is_a_count(parser):
    evs = events_of(parser, "Gunmen attacked a village near Kirkuk on Monday, but no one was killed.")
    assert [(e.sub_event_type, e.fatalities) for e in evs] == [("Attack", 0)]
    evs = events_of(parser, "No fewer than 12 soldiers were killed in clashes with rebels in Kirkuk on Monday.")
    assert [(e.sub_event_type, e.fatalities) for e in evs] == [("Armed clash", 12)]


@pytest.mark.parametrize(
    ("clause", "sub"),
    [("Army troops backed by tribal fighters captured the town of Sinjar on Tuesday", "Government regains territory"),
     ("Rebels who had deserted from the army captured the town of Sinjar", "Non-state actor overtakes territory")],
)  # fmt: skip
def test_who_seized_a_town_decides_whether_the_government_regained_it(clause, sub):
    assert [r.sub_event_type for r in read_clause(clause)] == [sub]


@pytest.mark.parametrize(
    "clause",
    ["Gang members threatened and drove out the residents of Bel Air",
     "The army dropped leaflets ordering residents of the old city to move east within 48 hours"],
)  # fmt: skip
def test_people_forced_out_are_the_event_of_a_threat_or_a_statement(clause):
    assert [r.sub_event_type for r in read_clause(clause)] == ["Forced displacement"]


def test_a_bomb_that_killed_its_carrier_is_a_suicide_bomb():
    clause = "A man with a bomb in his bag walked into the market of Tuz Khurmatu, killing himself and two traders"
    assert [r.sub_event_type for r in read_clause(clause)] == ["Suicide bomb"]


def test_a_capitalised_mines_in_a_name_is_no_landmine():
    clause = "Miners protested against the closure of the road to Kamoto Mines on Monday"
    assert [r.sub_event_type for r in read_clause(clause)] == ["Peaceful protest"]
    assert [r.sub_event_type for r in read_clause("Mines planted on the road killed two farmers")] == [
        "Remote explosive/landmine/IED"
    ]


@pytest.mark.parametrize(
    ("clause", "sub"),
    [("The mission set up a new base in Jalawla because of repeated attacks and clashes in the area",
      "Headquarters or base established"),
     ("Soldiers clashed with the gang after they briefly kidnapped two shepherds near Jalawla", "Armed clash")],
)  # fmt: skip
def test_the_cause_or_what_came_before_is_read_only_when_the_clause_tells_nothing_else(clause, sub):
    assert [r.sub_event_type for r in read_clause(clause)] == [sub]


def test_what_happened_in_a_month_before_told_in_a_when_clause_is_background(parser):
    text = ("The Monday protests in Kirkuk were the latest in a series of marches since March, when at least three "
            "people died in clashes with police.")  # fmt: skip
    assert events_of(parser, text, published=date(2014, 6, 17)) == []


@pytest.mark.parametrize(
    ("clause", "sub"),
    [("Police arrested two suspects in Kirkuk and recovered a bomb belt, three suicide vests and detonators",
      "Arrests"),
     ("Militants opened fire with rifles and grenade launchers on army positions near Kirkuk", "Armed clash"),
     ("Police detained 30 people in Kirkuk after demonstrators blocked the main road", "Arrests"),
     ("Troops killed four bandits near Kirkuk, recovering two rifles", "Armed clash")],
)  # fmt: skip
def test_weapons_taken_and_used_are_part_of_the_arrest_or_fight(clause, sub):
    assert [r.sub_event_type for r in read_clause(clause)] == [sub]


def test_a_killing_and_an_abduction_after_it_are_two_events_the_count_the_killings():
    clause = "Bandits killed nine farmers in a raid on a village near Kirkuk and abducted 20 women"
    assert [r.sub_event_type for r in read_clause(clause)] == ["Abduction/forced disappearance", "Attack"]


def test_the_dead_of_a_riot_told_as_the_clashes_are_its_own(parser):
    text = ("On 9 March 2021, villagers clashed with herders in Kumasi. The clashes began with a quarrel over a field "
            "and left two dead.")  # fmt: skip
    (ev,) = events_of(parser, text)
    assert ev.fatalities == 2


@pytest.mark.parametrize(
    ("clause", "sub"),
    [("two shops were set on fire by unknown individuals", "Looting/property destruction"),
     ("rebels destroyed an arms depot with artillery fire", "Shelling/artillery/missile attack"),
     ("the army destroyed a weapons cache in a drone strike", "Air/drone strike"),
     ("rebels destroyed an arms depot", "Disrupted weapons use"),
     # a cache's contents, mortar rounds among them, are no shelling
     ("troops recovered a cache of five high-powered firearms and 12 rounds of 60mm mortar ammunition",
      "Disrupted weapons use"),
     ("three guards were attacked by protesters with stones", "Violent demonstration")],
)  # fmt: skip
def test_who_set_the_fire_and_how_the_depot_was_destroyed(clause, sub):
    assert read_clause(clause)[0].sub_event_type == sub


def test_a_man_arrested_who_died_in_custody_is_an_attack_with_his_death(parser):
    text = ("On 3 May 2021, police arrested a trader for breaking the curfew in Tamale. Officers beat him in custody, "
            "and he died of his injuries.")  # fmt: skip
    (ev,) = events_of(parser, text)
    assert (ev.sub_event_type, ev.fatalities) == ("Attack", 1)
    assert fatalities_in("he died as a result") == (1, 1, 1)


@pytest.mark.parametrize(
    ("clause", "etype"),
    [("Officers beat him in custody", "Violence against civilians"),
     ("gunmen stopped a soldier and shot him", "Battles")],
)  # fmt: skip
def test_him_is_not_the_noun_right_before_the_verb(clause, etype):
    assert read_clause(clause)[0].event_type == etype


@pytest.mark.parametrize(
    ("clause", "etype"),
    [("gunmen killed a retired soldier at his home", "Violence against civilians"),
     ("gunmen shot dead an off-duty policeman", "Violence against civilians"),
     ("unknown men assassinated a former militia commander", "Violence against civilians"),
     ("gunmen killed a soldier at his post", "Battles")],
)  # fmt: skip
def test_armed_men_no_longer_under_arms_are_civilians(clause, etype):
    assert read_clause(clause)[0].event_type == etype


def test_the_assassinated_are_dead():
    assert fatalities_in("gunmen assassinated two judges") == (2, 2, 2)
    assert fatalities_in("a mayor was assassinated") == (1, 1, 1)


@pytest.mark.parametrize(
    ("clause", "counts"),
    [("a crowd lynched two pickpockets", (2, 2, 2)), ("militants beheaded 3 loggers", (3, 3, 3)),
     ("gunmen murdered four tailors", (4, 4, 4)), ("raiders massacred 30 cattle", (None,) * 3)],
)  # fmt: skip
def test_verbs_that_only_take_people_count_whatever_the_noun(clause, counts):
    assert fatalities_in(clause) == counts


@pytest.mark.parametrize(
    ("text", "sides"),
    [("On 3 May 2021, the KLF and the ZLA clashed near Kumasi.", ("KLF", "ZLA")),
     ("On 3 May 2021, the ZLA clashed with the Red Lions near Kumasi.", ("ZLA", "Red Lions"))],
)  # fmt: skip
def test_the_sides_of_a_clash_by_their_names(parser, text, sides):
    (ev,) = events_of(parser, text)
    assert (ev.actor1, ev.actor2) == sides


@pytest.mark.parametrize(
    ("clause", "sub"),
    [("members of the Green League and Unity Party activists clashed in the market", "Mob violence"),
     ("members of the Green Brigade clashed with the army", "Armed clash")],
)  # fmt: skip
def test_a_partys_members_clashing_are_a_mob_not_an_armed_group(clause, sub):
    assert read_clause(clause)[0].sub_event_type == sub


def test_a_dated_sentence_that_tells_no_event_places_the_next_one(parser):
    text = ("Gunmen shot dead a trader in Tamale on Saturday. On Friday, troops surrounded a farmhouse in Kumasi after a "
            "tip-off. The gunmen inside opened fire and were killed in the gunfight.")  # fmt: skip
    fight = next(e for e in events_of(parser, text) if e.sub_event_type == "Armed clash")
    assert fight.place.name == "Kumasi" and str(fight.date_from) == "2014-06-13"


@pytest.mark.parametrize(
    ("clause", "sub"),
    [("The Popular Liberation Army said it had seized full control of Kumasi", "Non-state actor overtakes territory"),
     ("The army said it had seized full control of Kumasi", "Government regains territory")],
)  # fmt: skip
def test_an_army_named_for_a_cause_is_no_state_force(clause, sub):
    assert read_clause(clause)[0].sub_event_type == sub


def test_how_a_protest_went_is_read_in_the_rest_of_its_sentence(parser):
    text = "On 6 May 2021, teachers marched in Kumasi; soldiers shot at them, killing two people."
    (ev,) = events_of(parser, text)
    assert ev.sub_event_type == "Excessive force against protesters"


def test_a_town_where_something_may_happen_places_no_next_event(parser):
    text = ("Rebels seized Tamale on Saturday. Envoys may discuss the crisis at talks starting in Lisbon on Monday. "
            'A spokesman said Sunday that government forces have killed 40 "rebels" in the past 24 hours.')  # fmt: skip
    assert all(e.place is None or e.place.name != "Lisbon" for e in events_of(parser, text))


@pytest.mark.parametrize(
    ("clause", "etype"),
    [("a teacher was attacked and wounded by gunmen outside her school", "Violence against civilians"),
     ("two soldiers were attacked and wounded by gunmen near the bridge", "Battles")],
)  # fmt: skip
def test_the_passive_holds_over_a_second_verb_joined_to_it(clause, etype):
    # the ones hurt are the subject; "by gunmen" after the verb names who did it
    assert read_clause(clause)[0].event_type == etype


def test_fire_exchanged_with_heavy_weapons_is_a_battle_not_a_shelling():
    clause = "the two sides exchanged fire with heavy machine guns on the frontline"
    assert read_clause(clause)[0].sub_event_type == "Armed clash"


@pytest.mark.parametrize(
    "clause",
    ["aid workers report a rise in the number of cases of rape in the camps since the fighting",
     "looting and kidnappings remain the main drivers of flight from the district",
     "killings by gangs have become a constant threat to traders on the highway"],
)  # fmt: skip
def test_a_trend_or_a_standing_cause_told_in_general_is_no_event(clause):
    assert read_clause(clause) == []


def test_an_event_told_beside_a_word_of_trend_is_still_read():
    assert read_clause("gangs kidnapped four traders on the highway, a rise in attacks")[0].sub_event_type == (
        "Abduction/forced disappearance"
    )


@pytest.mark.parametrize(
    ("clause", "sub"),
    [("about 20 police officers broke up a fight between dozens of villagers at the market", "Mob violence"),
     ("a brawl broke out between the marchers and the police outside the hall", "Violent demonstration"),
     ("a scuffle between soldiers and rebels at the checkpoint", "Armed clash")],
)  # fmt: skip
def test_who_fought_is_said_after_fight_between(clause, sub):
    assert read_clause(clause)[0].sub_event_type == sub


@pytest.mark.parametrize(
    "clause",
    ["four armed men got out of a car and ordered him to come with them",
     "gunmen forced the teacher into their vehicle and drove away"],
)  # fmt: skip
def test_taking_someone_away_by_force_is_an_abduction(clause):
    assert read_clause(clause)[0].sub_event_type == "Abduction/forced disappearance"


def test_what_someone_is_accused_of_doing_is_the_event_when_they_are_its_subject():
    assert read_clause("soldiers are accused of beating a shopkeeper")[0].sub_event_type == "Attack"
    # a man arrested who is accused of a killing: the arrest is what happened
    assert read_clause("police arrested a man accused of killing his neighbour")[0].sub_event_type == "Arrests"


def test_people_left_homeless_are_not_counted_dead():
    assert fatalities_in("troops demolished a livestock shed, leaving about 20 people homeless") == (None, None, None)
    assert fatalities_in("the shelling left two soldiers dead") == (2, 2, 2)


@pytest.mark.parametrize(
    "text",
    ["On Sunday, a youth militia torched the party offices in Tamale using petrol bombs. Three people died after the "
     "attack.",
     "On Sunday, gunmen torched a minibus in Tamale, killing two passengers."],
)  # fmt: skip
def test_property_destroyed_with_people_killed_in_it_is_an_attack(parser, text):
    (ev,) = events_of(parser, text)
    assert (ev.event_type, ev.sub_event_type) == ("Violence against civilians", "Attack") and ev.fatalities in (2, 3)


def test_what_a_speaker_did_in_a_relative_clause_is_no_event_but_an_armed_groups_move_is():
    assert read_clause("The governor, who visited the camp on Tuesday, said schools would reopen") == []
    assert read_clause("troops, who patrolled the area on Monday, found a cache")[0].sub_event_type == (
        "Change to group/activity"
    )


def test_what_nations_do_in_general_is_no_event():
    assert read_clause("Chad is a key partner of Western nations fighting jihadists in the Sahel") == []
    assert read_clause("allies battling the insurgency met in the capital") == []
    # troops fighting somewhere are still an event
    assert read_clause("troops fighting militants near the town killed four")[0].event_type == "Battles"


def test_a_region_naming_an_armed_group_is_not_where_it_fought(parser):
    # "Darfur rebels": who fought; the town the clause names is where
    text = "On Sunday, soldiers clashed with Darfur rebels near Kutum, killing three of them."
    assert place_of(parser, text).place.name == "Kutum"
    text = "On Sunday, soldiers clashed with Anbar tribesmen, killing three of them."
    assert place_of(parser, text) is None
    # the region as the place of the fighting stays
    assert place_of(parser, "On Sunday, rebels clashed with soldiers in Darfur.").place.name == "Darfur"


def test_a_place_inside_a_government_s_name_is_not_a_place_but_the_place_it_governs_is(parser):
    found = {t.name: t.note for t in parser.parse("The Government of National Unity (GNU) met in Juba.")}
    assert "organisation" in found["Unity"] and found["Juba"] == ""
    assert parser.parse("The Government of Iraq said troops retook Tikrit.")[0].note == ""


def test_a_month_named_alone_before_a_count_dates_the_clause():
    # "In January, 89 ...": the comma and the count after the month do not make it a day or a year
    assert resolve_dates("In February, 12 soldiers were killed at the post.", date(2020, 5, 14))[:2] == (
        date(2020, 2, 1), date(2020, 2, 29))  # fmt: skip
    assert resolve_dates("In February 12 soldiers were killed.", date(2020, 5, 14))[:2] == (date(2020, 2, 12),) * 2


@pytest.mark.parametrize(
    "sentence",
    ["In February, 12 soldiers were killed in an attack on a post near Tikrit.",
     "More than 300 civilians have been killed in Tikrit by shelling since then, officials say.",
     "About 900 people were killed in Iraq between January and April, the UN said.",
     "Villages around Tikrit are shelled almost daily from positions across the river.",
     "Sunday marks three years since troops recaptured Tikrit in March 2011."],
)  # fmt: skip
def test_past_months_totals_habits_and_anniversaries_are_no_new_event(parser, sentence):
    assert events_of(parser, "Title\n\n" + sentence, published=SUNDAY) == []


def test_between_two_figures_is_a_range_of_dead_not_two_groups_added_up():
    assert fatalities_in("Between 12 and 20 villagers were killed in the raid") == (12, 12, 20)
    assert fatalities_in("3 soldiers and 2 civilians were killed") == (5, 5, 5)


def test_civilians_killed_by_fighters_after_a_battle_is_an_attack_of_its_own(parser):
    text = (
        "Title\n\nRebels attacked the army base in Tikrit on Sunday and fought soldiers for hours.\n\n"
        "Twenty civilians were killed when fighters entered a camp near the base and fired on residents."
    )
    evs = events_of(parser, text)
    kinds = {(e.event_type, e.place.name if e.place else None, e.date_from, e.fatalities) for e in evs}
    assert ("Violence against civilians", "Tikrit", SUNDAY, 20) in kinds
    assert any(e.event_type == "Battles" and e.fatalities is None for e in evs)


@pytest.mark.parametrize(
    "clause",
    ["Tuesday's air strikes were not the first",
     "13:15 Monday marks two years since troops retook the city in March, weeks after rebels seized it"],
)  # fmt: skip
def test_comparisons_and_anniversaries_are_no_new_event(clause):
    assert read_clause(clause) == []


def test_a_claim_of_an_attack_told_before_is_no_new_event_but_one_told_first_is(parser):
    before = "Title\n\nOn Sunday, rebels attacked an army base in Tikrit.\n\n"
    claims = ["The group claimed the assault in a statement on Monday, saying its fighters had targeted the army.",
              "A militant group claimed responsibility for Sunday's attack."]  # fmt: skip
    for claim in claims:
        assert len(events_of(parser, before + claim)) == 1
    # told first, or with a toll of its own, the claim is read
    assert events_of(parser, "Title\n\nOn Sunday, a militant group claimed the abduction of 20 students in Tikrit.")
    assert read_clause("the group claimed the attack, saying it killed 20 soldiers")


@pytest.mark.parametrize(
    ("text", "where"),
    [("On Sunday, gunmen attacked Tikrit in northern Iraq. Residents said the gunmen fired on people as they tried "
      "to flee toward the nearby town of Samarra.", "Tikrit"),
     ("On Sunday, a bomb killed 3 soldiers near Tikrit in northern Iraq. The army said the bomb had been planted by "
      "militants who crossed from Syria's Deir ez-Zor province.", "Tikrit"),
     ("On Sunday, a bomb killed 3 soldiers in Tikrit. Two soldiers were wounded and flown to the military hospital "
      "in Baghdad.", "Tikrit"),
     ("On Sunday, U.S. air strikes on a fuel port in Iraq's Nineveh province killed at least 9 people, the deadliest "
      "attack since Washington began its campaign.", "Nineveh")],
)  # fmt: skip
def test_where_people_fled_to_came_from_were_treated_or_whose_planes_struck_is_not_the_place(parser, text, where):
    evs = events_of(parser, "Title\n\n" + text)
    assert evs and all(where in e.place.name for e in evs), [(e.event_type, e.place) for e in evs]


def test_a_record_told_in_general_is_no_new_event(parser):
    assert events_of(parser, "Title\n\nIraq has suffered some of the deadliest bombings of the decade.") == []


@pytest.mark.parametrize(
    ("text", "count"),
    [("On Sunday, gunmen killed 12 people in Tikrit. Officials initially said 12 people had been killed, but a "
      "spokesman revised the figure to nine late Sunday.", 9),
     # of two figures the lower stays, as ACLED codes the most conservative; the sentence is no event of its own
     ("On Sunday, a bomb killed 20 people in Tikrit. On Monday the governor said the toll had risen to 26, with 55 "
      "others wounded.", 20),
     ("On Sunday, a bomb hit a market in Tikrit. On Monday the governor said the toll had risen to 26, with 55 "
      "others wounded.", 26)],
)  # fmt: skip
def test_a_toll_revised_or_risen_is_the_event_told_before_counted_again(parser, text, count):
    (ev,) = events_of(parser, "Title\n\n" + text, published=date(2014, 6, 17))
    assert (ev.place.name, ev.fatalities) == ("Tikrit", count)


def test_where_a_unit_is_based_is_not_where_it_fought(parser):
    text = (
        "Title\n\nOn Sunday, gunmen ambushed a patrol near Tikrit, killing 4 soldiers. The gunfight lasted two "
        "hours, until soldiers from the 4th Division, based in Samarra, arrived as reinforcements."
    )
    assert [e.place.name for e in events_of(parser, text)] == ["Tikrit"]


def test_efforts_to_do_something_are_not_it_done(parser):
    text = "Title\n\nEfforts by Iraq and Iran to revive peace talks in Baghdad have so far failed."
    assert events_of(parser, text) == []


@pytest.mark.parametrize(
    ("text", "where"),
    [("On Sunday, residents of Abu Ghraib district, in the greater area of Baghdad, set fire to two buses in protest.",
      "Abu Ghraib district"),
     ("On Saturday, in Nineveh province, thousands of people rallied to demand the release of hostages still held in "
      "Mosul.", "Nineveh province"),
     ("On Saturday, bandits attacked Tikrit, in northern Iraq, abducting 20 people.\n\nThe gunmen, who arrived on "
      "motorcycles, stormed the community late on Saturday, shooting into the air.", "Tikrit")],
)  # fmt: skip
def test_the_city_of_a_metropolitan_area_where_hostages_are_held_and_the_community_told_before(parser, text, where):
    evs = events_of(parser, "Title\n\n" + text)
    assert evs and {e.place.name for e in evs} == {where}


@pytest.mark.parametrize(
    ("clause", "expected"),
    [("a ceasefire came into effect at dawn, hours after Israeli strikes pounded the southern suburbs",
      "Agreement"),
     ("the toll from Thursday's glide bomb attack on the city has risen", "Air/drone strike"),
     ("dockers went on strike in the port", "Peaceful protest"),
     ("residents said Afghan and Pakistani forces exchanged heavy fire in the district", "Armed clash"),
     ("the bombing came after the rebels took control on Tuesday of the town", "Non-state actor overtakes territory"),
     ("the rebels took control of a town whose artisanal mines produce coltan", "Non-state actor overtakes territory")],
)  # fmt: skip
def test_strikes_by_a_side_glide_bombs_speakers_mines_and_what_an_event_came_after(clause, expected):
    assert read_clause(clause)[0].sub_event_type == expected


@pytest.mark.parametrize(
    ("clause", "count"),
    [("The death toll from Thursday's bomb attack on the city has risen to six, the governor said", 6),
     ("officials reported the killing of at least 20 civilians in the district", 20),
     ("the murders of three aid workers were condemned", 3)],
)  # fmt: skip
def test_a_toll_risen_after_a_long_subject_and_the_killing_of_a_count(clause, count):
    assert fatalities_in(clause)[0] == count


def test_what_a_group_has_since_done_over_a_time_is_no_new_event(parser):
    text = "Title\n\nThe insurgents have since spread into new districts such as Tikrit, attacking villages."
    assert events_of(parser, text) == []


@pytest.mark.parametrize(
    ("text", "published", "told"),
    [  # in the paragraph of the event just told at that town
        ("Saturday 14 June 2014\n\n08:12 The death toll from Thursday's glide bomb attack on Kharkiv has risen to six, "
         "the governor said. Four deaths had been reported on Thursday evening. He said two guided aerial bombs struck "
         "the city shortly after 4 p.m.", date(2014, 6, 14), ("Kharkiv", date(2014, 6, 12))),
        # or in the paragraph after it, when it is the event told last, of its kind at its town
        ("A gendarme was killed on Tuesday morning when armed men attacked the gendarmerie brigade in Mosul, residents "
         "said.\n\nWitnesses in Mosul said about 20 fighters stormed the brigade shortly after 5 a.m. and the exchange "
         "of fire lasted two hours before reinforcements arrived from Erbil.", date(2021, 5, 20),
         ("Mosul", date(2021, 5, 18))),
    ],
)  # fmt: skip
def test_an_undated_sentence_at_the_town_of_the_event_just_told_is_more_of_it(parser, text, published, told):
    evs = events_of(parser, "Title\n\n" + text, published=published)
    assert {(e.place.name, e.date_from) for e in evs} == {told}  # the name as the text spells it


def test_the_examples_of_a_general_statement_are_no_event_place(parser):
    assert place_of(parser, "Glide bombs have turned front-line cities such as Mosul and Tikrit into targets") is None
    assert place_of(parser, "Glide bombs struck Mosul") is not None


def test_the_day_of_a_statement_told_before_its_speech_verb_is_no_event_day():
    found = resolve_dates("In a statement on Wednesday, the army said an operation launched on Tuesday had ended",
                          date(2022, 6, 15))  # fmt: skip
    assert found[:2] == (date(2022, 6, 14),) * 2


@pytest.mark.parametrize(
    ("clause", "sub"),
    [("the army said troops had neutralised about twenty terrorists and recovered weapons", "Armed clash"),
     ("seven assailants were neutralised", "Armed clash"),
     ("an explosive device was neutralised by engineers", "Disrupted weapons use"),
     ("its fighter jets had struck hideouts in the forest", "Air/drone strike")],
)  # fmt: skip
def test_an_army_s_neutralised_is_a_killing_and_jets_that_had_struck_an_air_strike(clause, sub):
    assert read_clause(clause)[0].sub_event_type == sub


def test_the_lede_dated_only_by_its_report_takes_the_day_a_later_sentence_tells_at_its_town(parser):
    text = (
        "Title\n\nArmed men have abducted at least 52 people from Kirkuk, residents and police said on Tuesday. "
        "The gunmen stormed the town late on Sunday, breaking into houses.\n\nOther news followed."
    )
    evs = events_of(parser, text, published=date(2014, 6, 18))
    assert [(e.sub_event_type, e.date_from, e.date_to) for e in evs] == [
        ("Abduction/forced disappearance", date(2014, 6, 15), date(2014, 6, 15))
    ]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [("the toll from last night's missile strike rose", (date(2014, 6, 14),) * 2),
     ("drones attacked the port overnight", (date(2014, 6, 14), SUNDAY)),
     # a day named in the clause dates it, not its "overnight"
     ("police arrested 24 activists in overnight raids on Friday", (date(2014, 6, 13),) * 2),
     ("an overnight curfew was imposed", None)],
)  # fmt: skip
def test_last_night_and_overnight(clause, expected):
    found = resolve_dates(clause, SUNDAY)
    assert (found and found[:2]) == expected


@pytest.mark.parametrize(
    ("clause", "sub"),
    [("Russia attacked the port area overnight with Shahed drones", "Air/drone strike"),
     # the fire that backs a ground assault is part of it
     ("troops were attacking the army base from three directions, supported by heavy artillery", "Armed clash")],
)  # fmt: skip
def test_an_attack_with_drones_and_an_assault_backed_by_artillery(clause, sub):
    assert [r.sub_event_type for r in read_clause(clause)] == [sub]


@pytest.mark.parametrize(
    "clause",
    ["The region was the scene of a campaign of killings in the early 2000s",
     "It was the deadliest attack in the city in three years",
     "Tensions have soared since an army raid in the camp killed 10 people"],
)  # fmt: skip
def test_a_decade_a_record_and_what_came_before_since_are_background(clause):
    assert _past_or_tally(clause, SUNDAY)


def test_the_city_s_district_is_a_quarter_of_the_town_just_named(parser):
    text = ("Title\n\nRussian shelling of Kherson on Saturday killed two people, the governor said. A man and a woman "
            "died when shells hit a residential area of the city's Dniprovskyi district.")  # fmt: skip
    evs = events_of(parser, text)
    assert [(e.place.name, e.fatalities) for e in evs] == [("Kherson", 2)]


def test_more_dead_found_overnight_are_the_event_just_told(parser):
    text = ("Title\n\nA glide bomb struck Kharkiv on Saturday, killing four people, the governor said. Two more bodies "
            "were found under the rubble overnight.")  # fmt: skip
    assert len(events_of(parser, text)) == 1


@pytest.mark.parametrize(
    ("clause", "sub"),
    [("The attackers arrived on motorcycles and rounded up the farmers", "Abduction/forced disappearance"),
     ("Police rounded up the farmers", "Arrests"),
     ("Soldiers detained two gunmen", "Arrests")],
)  # fmt: skip
def test_men_with_guns_and_no_authority_abduct_rather_than_arrest(parser, clause, sub):
    text = f"Title\n\n{clause} in Kirkuk on Saturday."
    assert [e.sub_event_type for e in events_of(parser, text)] == [sub]


def test_the_dead_of_what_came_a_week_before_are_not_the_protest_s(parser):
    text = ("Title\n\nOn Saturday, several hundred residents of Kirkuk marched peacefully to demand protection, a week "
            "after gunmen killed 58 people near the town.")  # fmt: skip
    (ev,) = events_of(parser, text)
    assert (ev.sub_event_type, ev.fatalities) == ("Peaceful protest", None)


def test_houses_burned_in_the_passive_are_no_riot_and_the_killing_is_the_event(parser):
    text = ("Title\n\nResidents of Kirkuk reported on Saturday that at least 12 people were killed, many of them shot in "
            "their homes, and that houses were looted before being set on fire.")  # fmt: skip
    assert [(e.event_type, e.fatalities) for e in events_of(parser, text)] == [("Violence against civilians", 12)]


def test_what_a_party_could_do_is_no_event(parser):
    text = "Title\n\nThe conflict in Kirkuk has no single leadership with which the government could negotiate."
    assert events_of(parser, text) == []


def test_force_against_a_demonstration_that_was_violent_itself_is_a_violent_demonstration():
    context = ("They clashed with police, who used live ammunition and tear gas, killing two people. The demonstrators "
               "also destroyed the police station.")  # fmt: skip
    assert (
        read_clause("fishermen demonstrated against the curfew", context)[0].sub_event_type == "Violent demonstration"
    )
    peaceful = "Police opened fire on the marchers, killing two people."
    assert read_clause("fishermen demonstrated against the curfew", peaceful)[0].sub_event_type == (
        "Excessive force against protesters"
    )


def test_the_event_named_again_with_its_day_dates_the_undated_lede(parser):
    text = ("Title\n\nAir strikes by army jets had killed 11 militants hiding in caves in Kirkuk province, the army said "
            "on Thursday. In a statement, it said the strikes were carried out on Monday, and that troops found the "
            "bodies of eleven fighters.")  # fmt: skip
    evs = events_of(parser, text, published=date(2014, 6, 19))
    assert [(e.sub_event_type, e.date_from, e.fatalities) for e in evs] == [("Air/drone strike", date(2014, 6, 16), 11)]


def test_what_came_hours_before_is_the_backdrop_of_the_clause(parser):
    text = ("Title\n\nOn Saturday, residents of Kirkuk burned tyres and marched to the governor's office, hours after "
            "gunmen shot dead two traders.")  # fmt: skip
    assert [(e.event_type, e.fatalities) for e in events_of(parser, text)] == [("Riots", None)]


@pytest.mark.parametrize(
    ("clause", "count"),
    [("a drone hit a car in the town on Thursday, killing its driver", 1), ("gunmen shot dead his wife", 1)],
)  # fmt: skip
def test_one_victim_named_by_a_possessive_counts_one(clause, count):
    assert fatalities_in(clause)[0] == count


@pytest.mark.parametrize(
    ("clause", "sub"),
    [("Strikes on Haret Hreik killed seven people", "Air/drone strike"),
     ("Strikes on the southern suburbs killed three people", "Air/drone strike")],
)  # fmt: skip
def test_strikes_on_a_place_are_strikes_from_the_air(clause, sub):
    assert read_clause(clause)[0].sub_event_type == sub


def test_strikes_on_a_day_are_no_air_strikes():
    assert read_clause("workers held strikes on Monday") == []


def test_the_suburbs_named_again_are_the_town_s(parser):
    text = ("Title\n\nA ceasefire came into effect on Wednesday, hours after Israeli strikes pounded Beirut's southern "
            "suburbs.\n\nThe deal, approved by Israel's cabinet, calls for troops to withdraw from southern Lebanon.\n\n"
            "Strikes on the southern suburbs on Tuesday killed at least seven people, the ministry said.")  # fmt: skip
    evs = events_of(parser, text, published=date(2014, 6, 18))
    assert [e.place.name for e in evs if e.fatalities == 7] == ["Beirut"]


def test_the_dead_of_those_who_returned_fire_are_the_battle_s(parser):
    text = ("Title\n\nArmed men attacked a gendarmerie post in Kirkuk on Saturday. The gendarmes returned fire and the "
            "attackers withdrew, but two gendarmes died of their wounds.")  # fmt: skip
    assert [(e.event_type, e.fatalities) for e in events_of(parser, text)] == [("Battles", 2)]


def test_the_means_told_after_an_attack_told_by_its_word_alone_type_it(parser):
    text = ("Title\n\nThe network condemns the attack on a school in Kirkuk on Saturday, in which at least 13 people "
            "were killed. According to teachers, two military helicopters fired rockets at the compound.")  # fmt: skip
    evs = events_of(parser, text)
    assert [(e.sub_event_type, e.fatalities) for e in evs] == [("Air/drone strike", 13)]


@pytest.mark.parametrize(
    ("line", "day"),
    [("• Sat 14 Jun: Gunmen attacked a checkpoint.", date(2014, 6, 14)),
     ("Kirkuk province, 5 Jun (Thursday): A drone strike hit a gathering.", date(2014, 6, 5)),
     ("Kirkuk, Fri 13 Jun: Clashes broke out.", date(2014, 6, 13))],
)  # fmt: skip
def test_a_digest_s_short_months_date_its_items(line, day):
    assert resolve_dates(line, SUNDAY)[:2] == (day, day)


def test_a_month_an_event_had_happened_by_is_its_window():
    assert resolve_dates("By March, rebels had briefly seized the town.", SUNDAY)[:2] == (
        date(2014, 3, 1), date(2014, 3, 31))  # fmt: skip


@pytest.mark.parametrize(
    ("clause", "expected"),
    [('soldiers killed "around fifteen" attackers who stormed a post', (15, 15, 15)),
     ("soldiers killed “20” attackers", (20, 20, 20)),
     ('two soldiers were killed and "several" militants died', (2, 2, 2)),
     ("after an intense exchange of fire, three militants were killed", (3, 3, 3)),
     ("after an intense exchange of fire, four terrorists were sent to hell", (4, 4, 4)),
     ("The death toll from two days of fighting between the rival armed factions in the southern districts of the city "
      "rose to 31, with 90 wounded", (31, 31, 31))],
)  # fmt: skip
def test_counts_quoted_far_from_their_toll_or_after_an_article(clause, expected):
    assert fatalities_in(clause) == expected


def test_a_total_since_hostilities_began_is_a_tally():
    assert _past_or_tally("more than 900 people have been killed since cross-border hostilities began", SUNDAY)


def test_the_injured_named_again_are_no_new_attack():
    assert read_clause("The injured were later taken to the main hospital.") == []
    assert read_clause("Three people were injured by gunmen")[0].event_type == "Violence against civilians"


def test_a_deed_while_doing_something_is_one_clause(parser):
    text = ("Title\n\nOn Saturday, soldiers clashed with gunmen near Kirkuk after coming under fire while patrolling a "
            "road, the ministry said. Three gunmen were killed.")  # fmt: skip
    assert [(e.event_type, e.fatalities) for e in events_of(parser, text)] == [("Battles", 3)]


def test_the_dead_told_with_looting_after_an_attack_are_the_attack_s(parser):
    text = ("Title\n\nOn Saturday, gunmen attacked two neighbourhoods of Kirkuk. Residents said at least 12 people were "
            "killed, and that houses were looted before being set on fire.")  # fmt: skip
    assert [(e.place.name, e.fatalities) for e in events_of(parser, text)] == [("Kirkuk", 12)]


def test_the_number_of_people_killed_risen_is_the_event_told_before(parser):
    text = ("Title\n\nA car bomb exploded at a market in Kirkuk on Saturday.\n\nThe number of people killed in the "
            "attack has risen to 14, officials said.")  # fmt: skip
    assert [(e.sub_event_type, e.fatalities) for e in events_of(parser, text)] == [
        ("Remote explosive/landmine/IED", 14)]  # fmt: skip


def test_where_one_person_is_from_is_not_where_the_event_was(parser):
    text = ("Title\n\nOn Saturday, troops clashed with militants near Kirkuk. Two soldiers, Ali Hassan (age 31, resident "
            "of Basra) and Omar Saleh, were killed.")  # fmt: skip
    assert [e.place.name for e in events_of(parser, text)] == ["Kirkuk"]


def test_the_dead_after_a_new_scene_are_not_the_event_told_before(parser):
    text = ("Title\n\nOn Saturday, troops clashed with militants near Kirkuk, killing three of them.\n\nSeparately, on "
            "Friday, a group of militants was seen near Tuz Khurmatu. Troops engaged them and, after an exchange of "
            "fire, four militants were killed.")  # fmt: skip
    assert sorted((e.place.name, e.fatalities) for e in events_of(parser, text)) == [
        ("Kirkuk", 3), ("Tuz Khurmatu", 4)]  # fmt: skip


@pytest.mark.parametrize(
    ("clause", "sub"),
    [("Hundreds of people rallied in Kirkuk on Sunday; the gathering was peaceful and dispersed in the evening",
      "Peaceful protest"),
     ("Hundreds of people rallied in Kirkuk on Sunday before police dispersed the crowd", "Protest with intervention"),
     ("Hundreds of people rallied in Kirkuk on Sunday and were dispersed by police", "Protest with intervention")],
)  # fmt: skip
def test_a_protest_that_dispersed_itself_saw_no_intervention(clause, sub):
    assert read_clause(clause)[0].sub_event_type == sub


def test_no_casualties_on_one_side_is_no_zero_toll():
    assert fatalities_in("No casualties were recorded on the government side.") == (None, None, None)
    assert fatalities_in("There were no casualties among the troops") == (None, None, None)
    assert fatalities_in("No casualties were reported.") == (0, 0, 0)


def test_the_day_a_total_counts_from_dates_no_event(parser):
    text = ("Title\n\n• Iraq's health ministry says more than 900 people have been killed in air strikes since "
            "cross-border hostilities began on 2 June.\n• Fighting continued near Kirkuk on Sunday.")  # fmt: skip
    assert [e.date_from for e in events_of(parser, text)] == [SUNDAY]


def test_a_live_blog_told_newest_first_is_read_oldest_first(parser):
    text = ("Iraq live: siege over\n\nSunday 15 June 2014\n\n11:45 — Siege over\nPolice say all four attackers have been "
            "killed after a final assault on the hotel in Kirkuk.\n\n10:20 — Toll\nThe number of people killed in last "
            "night's attack has risen to 14, officials said.\n\n08:05 — Gunfire at dawn\nGunfire could be heard from the "
            "hotel.\n\nSaturday 14 June 2014\n\n21:10 — Seven dead\nA police officer said at least seven people had "
            "been killed.\n\n19:55 — Blast\nA suicide car bomb exploded at the gate of a hotel in Kirkuk.")  # fmt: skip
    evs = sorted(events_of(parser, text), key=lambda e: e.date_from)
    assert [(e.date_from, e.sub_event_type, e.fatalities) for e in evs] == [
        (date(2014, 6, 14), "Suicide bomb", 7), (SUNDAY, "Armed clash", 4)]  # fmt: skip


def test_a_report_in_time_order_is_read_as_written():
    from conflictmap.events.extract import in_time_order
    from conflictmap.ingest.text import sentences

    text = "Live\n\n08:00 — First\nA.\n\n09:00 — Second\nB.\n\n10:00 — Third\nC."
    assert in_time_order(text, sentences(text)) == (sentences(text), set())


def test_a_quarter_named_with_its_town_is_in_that_town(parser):
    text = (
        "Title\n\nA boy was killed by sniper fire in Al Jadida neighbourhood, in the north of Mosul city, on Saturday."
    )
    assert [e.place.place.name for e in events_of(parser, text)] == ["Mosul"]


def test_a_place_of_this_city_is_in_the_dateline_town(parser):
    """A barangay the gazetteer lacks, read as a far namesake, is placed at the town the report is filed from."""
    text = (
        "Title\n\nDAVAO CITY – Two soldiers were killed in an encounter with rebels in Barangay Buenavista, this city, "
        "on Saturday, the army said."
    )
    events = events_of(parser, text)
    assert [e.place.place.name for e in events] == ["Davao"]
    assert "this city" in events[0].place.note
    # not said to be of this city: the dateline is no event place, and the namesake stays
    elsewhere = text.replace(", this city,", "")
    assert [e.place.place.name for e in events_of(parser, elsewhere)] == ["Buenavista"]


def test_a_town_named_with_the_division_of_another_town_keeps_its_place(parser):
    """'near Tessit, in Ansongo cercle': the cercle named after Ansongo reaches 96 km to Tessit; and a heading that
    names the same town first does not make the body's mention a mere reference point."""
    text = (
        "Mali live\n\n14:40 GMT - Drone strike near Tessit\nSeparately, residents say a drone strike late on Wednesday "
        "hit a pickup truck near Tessit, in Ansongo cercle of the Gao region, killing three men. The army said."
    )
    assert [e.place.place.name for e in events_of(parser, text)] == ["Tessit"]


@pytest.mark.parametrize(
    ("text", "place"),
    [  # people "in Yangon accused of" something were in Yangon; a quarter written with its lower-case kind is no place
        ("Police arrested at least 12 people in Yangon accused of raising money for the rebels on Friday.", "Yangon"),
        ("Gunmen opened fire on customers at a billiard hall located in colonia Sinaí in Mosul on Wednesday.", "Mosul"),
    ],
)
def test_the_place_of_the_one_event_told(parser, text, place):
    assert [e.place.place.name for e in events_of(parser, "Title\n\n" + text)] == [place]


def test_the_office_a_memorandum_is_handed_through_is_no_event_place(parser):
    text = (
        "Title\n\nHundreds of women staged a sit-in protest at Qorwan Lamlong Bazar on Monday. The protest was "
        "peaceful and the women dispersed after submitting a memorandum through the Deputy Commissioner of Erbil."
    )
    assert "Erbil" not in {e.place.place.name for e in events_of(parser, text) if e.place}
    # the holder of an office abducted: at the office's seat
    text = "Title\n\nThe mayor of Melitopol was abducted by soldiers on Friday, officials said."
    assert [e.place.place.name for e in events_of(parser, text)] == ["Melitopol"]


def test_a_report_s_toll_is_not_cancelled_by_its_own_no_casualties_clause(parser):
    from conflictmap.events.merge import combine

    (battle,) = events_of(parser, "Title\n\nThree rebels were killed in a clash with troops in Mosul on Sunday.")
    zero = dataclasses.replace(battle, fatalities=0, fatalities_low=0, fatalities_high=0)
    merged = combine(battle, zero)
    assert (merged.fatalities, merged.fatalities_low, merged.fatalities_high) == (3, 3, 3)
    # two articles disagreeing stay uncertain
    other = dataclasses.replace(zero, source_id="another")
    assert combine(battle, other).fatalities is None


def test_a_toll_that_rose_on_a_day_dates_the_attack_on_or_before_it(parser):
    text = (
        "Title\n\nThe number of dead from the armed attack on a billiard hall in the east of Mosul rose to four on "
        "Thursday, after a teenager who was wounded in the shooting died in hospital."
    )
    (ev,) = events_of(parser, text)
    assert ev.fatalities == 4
    assert (ev.date_to - ev.date_from).days == 6 and ev.date_to.weekday() == 3  # the week up to that Thursday


def test_the_other_side_s_dead_of_a_fight_add_to_its_toll(parser):
    told = (
        "Title\n\nFighters attacked a military base in the town of Rann late on Sunday, killing three soldiers in a "
        "gunfight that lasted several hours, military sources said. "
    )
    (ev,) = events_of(parser, told + "At least 11 insurgents were killed, one of them said.")
    assert ev.fatalities == 14
    # more of the same side is no second toll
    (ev,) = events_of(parser, told + "Three soldiers were killed, one of them said.")
    assert ev.fatalities == 3


def test_the_displaced_a_town_hosts_are_no_flight(parser):
    text = "Title\n\nMosul, in Nineveh, hosts tens of thousands of people displaced by the conflict."
    assert events_of(parser, text) == []
    assert events_of(parser, "Title\n\nAbout 3,000 people fled Mosul on Monday, officials said.") != []


@pytest.mark.parametrize(
    "text",
    [
        "Police in Mosul said two suspects were found with 40 rounds of ammunition and would be arraigned in Erbil today.",
        "Speaking at a security meeting in Erbil on Wednesday, the governor said gunmen had killed two herders in Mosul.",
    ],
)
def test_where_suspects_go_to_court_or_an_official_spoke_is_no_event_place(parser, text):
    assert "Erbil" not in {e.place.place.name for e in events_of(parser, "Title\n\n" + text) if e.place}


def test_a_country_s_ministry_is_who_spoke_not_where_it_happened(parser):
    text = (
        "Title\n\nAir strikes hit a village near Mosul on Saturday. Turkey's defence ministry said it had "
        "neutralised two PKK militants in the area."
    )
    assert "Turkey" not in {e.place.place.name for e in events_of(parser, text) if e.place}
