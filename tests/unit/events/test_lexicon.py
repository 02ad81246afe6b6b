"""The extraction lexicon, table by table: every trigger matches its own words and not a decoy."""

import pytest

from conflictmap.events import lexicon as lx
from conflictmap.model import EVENT_TYPES

TRIGGER_EXAMPLES = {
    "chemical": ("residents reported a chlorine gas attack", "the chemical plant reopened"),
    "suicide": ("a suicide bomber struck", "suicidal thoughts"),
    "air": ("warplanes carried out air strikes", "the airport reopened"),
    "ied": ("a roadside bomb exploded", "the mine workers went home"),
    "grenade": ("a hand grenade was thrown", "the garden was quiet"),
    "shelling": ("artillery shelled the village", "the shell company"),
    "sexual": ("soldiers raped a woman", "prices rapidly rose"),
    "abduction": ("gunmen kidnapped two traders", "the kids played"),
    "regain": ("the army recaptured the town", "the captain spoke"),
    "overtake": ("rebels took control of the district", "rebels took a break"),
    "handover": ("the militia handed over control of the base", "he handed over a letter"),
    "clash": ("rebels clashed with troops", "the clash of colours in the painting"[:0] or "a quiet day"),
    "riot": ("rioters set cars on fire", "the patriot act"),
    "protest": ("hundreds protested outside parliament", "the protestant church"),
    "attack": ("gunmen shot dead a shepherd", "a calm morning"),
    "assault": ("armed men raided the village", "the rain fell"),
    "arrest": ("police arrested four suspects", "the market opened"),
    "looting": ("militants looted the shops", "the pilot landed"),
    "disrupted": ("engineers defused a bomb", "the fused glass"),
    "remnant": ("a landmine laid during the civil war exploded", "the mine laid off workers during a strike"),
    "agreement": ("the sides signed a ceasefire", "a sunny day"),
    "base": ("troops established a new military base", "the baseball game"),
    "activity": ("soldiers conducted a patrol", "the petrol price"),
    "other": ("forty inmates escaped from the central prison", "the prisoner wrote a letter"),
    "displacement": ("200 families fled the fighting", "the flea market"),
}


def test_every_trigger_has_an_example_and_a_known_type():
    assert {t.name for t in lx.TRIGGERS} == set(TRIGGER_EXAMPLES)
    assert all(t.event_type in EVENT_TYPES for t in lx.TRIGGERS)


@pytest.mark.parametrize("trigger", lx.TRIGGERS, ids=lambda t: t.name)
def test_trigger_matches_its_words_and_not_a_decoy(trigger):
    hit, decoy = TRIGGER_EXAMPLES[trigger.name]
    assert trigger.pattern.search(hit)
    assert not trigger.pattern.search(decoy)


@pytest.mark.parametrize(
    ("text", "zero"),
    [("Neither injuries nor fatalities were reported.", True), ("No casualties were reported.", True),
     ("nobody was killed", True), ("without causing casualties", True), ("2 people were killed", False),
     ("the number of casualties is unknown", False)],
)  # fmt: skip
def test_stated_zero(text, zero):
    assert bool(lx.ZERO_FATALITIES.search(text)) is zero


@pytest.mark.parametrize(
    ("phrase", "armed"),
    [("2 soldiers", True), ("a police officer", True), ("fighters of the group", True), ("a shepherd", False),
     ("three children", False), ("a journalist", False)],
)  # fmt: skip
def test_victim_classes(phrase, armed):
    assert bool(lx.ARMED_VICTIMS.search(phrase)) is armed
    assert bool(lx.CIVILIAN_VICTIMS.search(phrase)) is not armed


@pytest.mark.parametrize(("word", "value"), [("twelve", 12), ("a dozen", 12), ("both", 2)])
def test_number_words(word, value):
    assert lx.NUMBER_WORDS[word] == value


@pytest.mark.parametrize(
    ("text", "subordinate"),
    [("residents protested over the killing of ", True), ("in retaliation for the ", True),
     ("police arrested men suspected of ", True), ("on Monday gunmen ", False),
     ("the governor extended the ban on all forms of marches, ", True), ("the ban ended and ", False)],
)  # fmt: skip
def test_subordinate_frames(text, subordinate):
    assert bool(lx.SUBORDINATE_BEFORE.search(text)) is subordinate


@pytest.mark.parametrize(
    ("text", "melee", "firearms"),
    [
        ("two families fought with axes and sticks", True, False),
        ("a fist fight broke out between deputies", True, False),
        ("gunmen opened fire on the checkpoint", False, True),
        ("the talks broke down over the budget", False, False),
    ],
)
def test_melee_and_firearm_words(text, melee, firearms):
    assert bool(lx.MELEE.search(text)) is melee and bool(lx.FIREARMS.search(text)) is firearms
