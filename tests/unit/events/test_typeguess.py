"""The incident-note fallback: a note whose kind no trigger word reads still yields its one event, typed by a guess."""

import subprocess
import sys

import pytest

from conflictmap.events import typeguess
from conflictmap.events.extract import extract_events
from conflictmap.geo.geoparse import Geoparser
from conflictmap.ingest.pipeline import to_event

from .test_extract import SUNDAY


@pytest.fixture(scope="module")
def parser():
    return Geoparser()


def events_of(parser, text, published=SUNDAY):
    return extract_events("t1", text, parser.parse(text), published, len(text))


def test_tokens_are_words_and_word_pairs_with_numbers_folded():
    assert typeguess.tokens("On 8 May, 12 Trucks") == sorted(
        {"on", "num", "may", "trucks", "on num", "num may", "may num", "num trucks"}
    )


def test_without_weights_the_guess_is_the_catch_all(monkeypatch):
    monkeypatch.setattr(typeguess, "_weights", lambda: None)
    assert typeguess.guess("anything at all") == ("Strategic developments", "Other", 0.0)


def test_a_weak_guess_is_the_catch_all(monkeypatch):
    weights = {"classes": [["Protests", "Peaceful protest"], ["Battles", "Armed clash"], ["Riots", "Mob violence"],
                           ["Strategic developments", "Arrests"], ["Strategic developments", "Agreement"]],
               "intercept": [0.0] * 5, "coef": {"march": {"0": 0.1}}}  # fmt: skip
    monkeypatch.setattr(typeguess, "_weights", lambda: weights)
    assert typeguess.guess("a march")[:2] == ("Strategic developments", "Other")  # 5 classes: ~0.22 < MIN_SHARE
    weights["coef"]["march"]["0"] = 3.0
    assert typeguess.guess("a march")[:2] == ("Protests", "Peaceful protest")


def test_an_untriggered_incident_note_keeps_one_event_dated_placed_and_marked_as_guessed(parser):
    text = "On 3 March 2021, the provincial council of Kirkuk renamed the main square of the city after a poet."
    (ev,) = events_of(parser, text)
    assert ev.type_guessed is not None and ev.place is not None and ev.place.name == "Kirkuk"
    assert (ev.date_from.isoformat(), ev.date_to.isoformat()) == ("2021-03-03", "2021-03-03")
    assert "kind guessed" in to_event(ev).summary


@pytest.mark.parametrize(
    "opening",
    ["On 3 March 2021,", "Around 3 March 2021 (as reported),", "Other: On 3 March 2021,",
     "On the night of 2-3 March 2021,", "As reported on 3 March 2021,", "March 3, 2021:"],
)  # fmt: skip
def test_the_ways_a_note_opens_with_its_date(parser, opening):
    (ev,) = events_of(parser, f"{opening} the provincial council of Kirkuk renamed the main square after a poet.")
    assert ev.type_guessed is not None and ev.date_to.isoformat() == "2021-03-03"


@pytest.mark.parametrize(
    "text",
    [
        # a dateline is the report's, not a note's date
        "KIRKUK, March 3, 2021 (Reuters) - The provincial council renamed the main square of the city after a poet.",
        # the date is not where the text opens
        "The provincial council of Kirkuk renamed the main square after a poet on 3 March 2021.",
        # an article, not a note
        "On 3 March 2021, the provincial council of Kirkuk renamed the main square after a poet. " + "It met. " * 300,
    ],
)
def test_no_guess_for_what_is_not_an_incident_note(parser, text):
    assert events_of(parser, text) == []


def test_a_note_read_by_its_trigger_is_not_guessed(parser):
    (ev,) = events_of(parser, "On 3 March 2021, gunmen shot dead a shopkeeper in Kirkuk.")
    assert ev.type_guessed is None and ev.event_type == "Violence against civilians"


@pytest.mark.slow
def test_committed_type_weights_are_a_reproducible_refit():
    from tests.conftest import ROOT

    proc = subprocess.run([sys.executable, "-m", "scripts.fit_event_types", "--check"], cwd=ROOT,
                          capture_output=True, text=True)  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-500:] + proc.stderr[-500:]


@pytest.mark.parametrize(
    "text",
    ["3 March 2021", "Updated: 8 May 2020. Officials met in Kabul to discuss the budget.",
     "Since 1 January 2021, the price of bread in Kirkuk has doubled.",
     "On 3 March 2021, the council renamed the main square after a poet."],  # no place named
)  # fmt: skip
def test_no_guess_without_a_note_a_place_or_words(parser, text):
    assert events_of(parser, text) == []
