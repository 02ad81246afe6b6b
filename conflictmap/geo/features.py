"""Named features other than populated places and divisions: airports and air bases (and, where a source has them,
dams, rivers, lakes and mountains), each with its GeoNames feature class and code.

The gazetteer's `feature` column holds the kind ("airport", "airbase", ...); this module says what a kind means
(GeoNames class and code, geo precision) and recognises a name followed by its class word written apart or in
lower case ("Qayyarah airbase", "the Mosul dam"): the longer name is taken only when the gazetteer holds it as such
a feature, so "Mosul Dam" stays the city of Mosul when no dam of that name is known. Every indexed feature name
carries its class word ("Baghdad International Airport", "Bagram Air Base"), so a feature never takes a bare
name from a city or a person.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Protocol

from conflictmap.geo.context import Mention
from conflictmap.geo.names import name_key


class Gazetteer(Protocol):
    """What recognition reads from the gazetteer (geo/gazetteer.Gazetteer imports this module, so it is named
    structurally here)."""

    feature: object  # the kind of each place id

    def has_key(self, key: str) -> bool: ...

    def ranked(self, name: str) -> list[tuple[int, float]]: ...


# kind -> (GeoNames feature class, GeoNames feature code, geo precision)
# A facility is a point: precision 1 like a town. A lake or a mountain covers an area (2); a river is long, so its
# representative point (the middle of its centreline) says little more than the region it crosses (3).
KINDS: dict[str, tuple[str, str, int]] = {
    "airport": ("S", "AIRP", 1),
    "airbase": ("S", "AIRB", 1),
    "dam": ("S", "DAM", 1),
    "mountain": ("T", "MT", 2),
    "lake": ("H", "LK", 2),
    "river": ("H", "STM", 3),
}
# The classes of the kinds the gazetteer had before (the water rows of the supplement are seas and oceans).
BASE_CLASSES = {"city": "P", "town": "P", "site": "S", "admin1": "A", "admin2": "A", "country": "A", "water": "H"}
# Class words written after a name, as news writes them; each allows the kinds listed. Aviation words are used
# loosely ("Erbil air base" for the military side of Erbil's airport), so any of them allows both aviation kinds.
_AVIATION = ("airport", "airbase")
CLASS_WORDS: dict[str, tuple[str, ...]] = {
    "airport": _AVIATION,
    "airbase": _AVIATION,
    "air base": _AVIATION,
    "airfield": _AVIATION,
    "air field": _AVIATION,
    "airstrip": _AVIATION,
    "base": ("airbase",),
    "dam": ("dam",),
    "river": ("river",),
    "lake": ("lake",),
    "mountain": ("mountain",),
    "mountains": ("mountain",),
}
_CLASS_AFTER = re.compile(r" (air ?base|air ?field|airport|airstrip|base|dam|river|lake|mountains?)\b", re.IGNORECASE)


def feature_class(kind: str) -> str:
    """The GeoNames feature class of a gazetteer kind: P populated place, A division, S spot or building,
    H water, T mountain, L area."""
    if kind in KINDS:
        return KINDS[kind][0]
    return BASE_CLASSES.get(kind, "L")


def feature_code(kind: str) -> str:
    """The GeoNames feature code of a facility or natural feature kind ('' for the other kinds)."""
    return KINDS[kind][1] if kind in KINDS else ""


def precision(kind: str) -> int | None:
    """The geo precision of a feature kind, or None when it is not one of KINDS."""
    return KINDS[kind][2] if kind in KINDS else None


def class_word_after(text: str, end: int) -> tuple[int, tuple[str, ...]] | None:
    """The end offset of a class word right after a name ending at `end` ('Qayyarah| airbase') and the kinds it
    allows, or None."""
    m = _CLASS_AFTER.match(text, end)
    if m is None:
        return None
    word = m.group(1).lower()
    return m.end(), CLASS_WORDS[word if word in CLASS_WORDS else word.replace(" ", "")]


def extended_match(gaz: Gazetteer, text: str, start: int, end: int) -> tuple[int, str, list[tuple[int, float]]] | None:
    """A name from start to end followed by a class word that, with the word, names a feature of that class in
    the gazetteer: (new end, index key, the feature candidates). None otherwise (the name stays as it was)."""
    found = class_word_after(text, end)
    if found is None:
        return None
    new_end, kinds = found
    surface = text[start:new_end]
    key = name_key(surface)
    if not gaz.has_key(key):
        return None
    cands = [c for c in gaz.ranked(surface) if gaz.feature[c[0]] in kinds]
    return (new_end, key, cands) if cands else None


def run_match(gaz: Gazetteer, text: str, toks: list[tuple[int, int, str]], i: int, run: int):
    """A capitalised run from token i that is no name alone but, with the class word written after it, a feature
    the gazetteer holds ('Shayrat airbase'): (end token, (start, end, key, candidates)) of the longest such
    prefix, or None."""
    for j in range(min(run, i + 5), i, -1):
        found = extended_match(gaz, text, toks[i][0], toks[j - 1][1])
        if found:
            end, key, cands = found
            after = next((k for k in range(j, len(toks)) if toks[k][0] >= end), len(toks))
            return after, (toks[i][0], end, key, cands)
    return None


def extend_mention(
    gaz: Gazetteer, text: str, m: Mention, toks: list[tuple[int, int, str]], j: int
) -> tuple[Mention, int]:
    """A recognised mention and the index of the token after it, extended over a class word written after it
    when that names a feature the gazetteer holds ('Qayyarah airbase', 'the Mosul dam'); else unchanged. A loose
    spelling match (one with a note) is never extended."""
    found = None if m.note else extended_match(gaz, text, m.start, m.end)
    if found is None:
        return m, j
    end, key, cands = found
    ext = replace(m, end=end, text=text[m.start : end], key=key, candidates=cands, adjective=False, loose=frozenset())
    return ext, next((k for k in range(j, len(toks)) if toks[k][0] >= end), len(toks))
