"""Event rules on sentences written for these tests."""

from datetime import date

import pytest

from conflictmap.events.dates import resolve_dates
from conflictmap.events.extract import actors_in, displaced_in, extract_events, fatalities_in, parse_number
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


def test_said_sunday_dates_the_statement_not_the_event():
    assert resolve_dates("The general said Sunday that troops advanced.", SUNDAY) is None


@pytest.mark.parametrize(
    ("clause", "counts"),
    [("Seven people were killed in the blast", (7, 7, 7)), ("a bombing killing 23 people", (23, 23, 23)),
     ("the bodies of 4 farmers", (4, 4, 4)), ("dozens of guards were executed", (None, 24, 99)),
     ("nobody was hurt", (None, None, None))],
)  # fmt: skip
def test_fatalities(clause, counts):
    assert fatalities_in(clause) == counts


def test_numbers_and_displacement_and_actors():
    assert parse_number("1,700") == (1700, 1700, 1700)
    assert displaced_in("About 20,000 people fled their homes") == 20000
    assert actors_in("Isis fighters clashed with Iraqi forces and tribesmen", True) == [
        "ISIL", "Iraqi security forces", "Tribal fighters",
    ]  # fmt: skip


@pytest.fixture(scope="module")
def parser():
    return Geoparser()


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
